import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Clock } from './clock';
import { DomainEvents } from './domain-events';
import { Links } from './links';

/**
 * Global like ConfigModule: the clock, the links and the domain events are infrastructure every
 * module uses, not a dependency between domains (those are imported explicitly).
 */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot()],
  providers: [Clock, Links, DomainEvents],
  exports: [Clock, Links, DomainEvents],
})
export class CommonModule {}
