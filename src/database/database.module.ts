import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig } from '../config';
import { dataSourceOptions } from './data-source-options';
import { DatabaseStatistics } from './statistics';
import { Transactions } from './transactions';

/**
 * The database, migrated to the latest schema before the app serves anything. Global like
 * ConfigModule: every module runs its use cases through `Transactions`; domain modules import one
 * another (and the audit, mail and rate-limit leaves) explicitly.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (target: ConfigType<typeof databaseConfig>) => ({
        ...dataSourceOptions(target),
        migrationsRun: true,
        migrationsTransactionMode: 'each' as const,
      }),
    }),
  ],
  providers: [Transactions, DatabaseStatistics],
  exports: [Transactions],
})
export class DatabaseModule {}
