import { Global, Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { encryptionConfig } from '../config';
import { Clock } from './clock';
import { DomainEvents } from './domain-events';
import { FieldCipher } from './field-cipher';
import { Links } from './links';

/**
 * Global like ConfigModule: the clock, the links, the domain events and the field cipher are
 * infrastructure every module uses, not a dependency between domains (those are imported
 * explicitly).
 */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot()],
  providers: [
    Clock,
    Links,
    DomainEvents,
    {
      provide: FieldCipher,
      inject: [encryptionConfig.KEY],
      useFactory: (config: ConfigType<typeof encryptionConfig>) => new FieldCipher(config.keys),
    },
  ],
  exports: [Clock, Links, DomainEvents, FieldCipher],
})
export class CommonModule {}
