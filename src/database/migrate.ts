import '../config/load-env';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config';
import { ConfigError } from '../config/env';
import { dataSourceOptions } from './data-source-options';

/** `npm run migrate`: applies pending migrations and exits. */
async function main(): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseConfig()));
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  new Logger('Migrations').log(
    applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'nothing to apply',
  );
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
