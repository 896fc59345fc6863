import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';

/**
 * The one way a lower module lets the modules above it react to what it did, without knowing them:
 * consultations announce a raised capacity, a cancellation or a budget change; registrations
 * announce a registration that ended. Each event is a class in the announcing module
 * (`<module>.events.ts`) and carries the transaction's manager.
 *
 * Listeners run INSIDE the announcing transaction, before its commit: `publish` awaits every
 * listener, and a listener's error is not swallowed but rethrown to the publisher, so it rolls the
 * whole change back (that is how funding refuses a budget below what it has awarded). A listener
 * therefore uses `event.manager` for every query — the transaction guard of `database/transactions.ts`
 * throws at once otherwise — and tells people through the outbox, which is written in the same
 * transaction and sent only after the commit.
 */
export abstract class DomainEvent {
  constructor(readonly manager: EntityManager) {}
}

type EventType<E extends DomainEvent> = abstract new (...args: never[]) => E;

@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  /** Runs every listener of the event's class, in this transaction, and waits for all of them. */
  async publish(event: DomainEvent): Promise<void> {
    await this.emitter.emitAsync(event.constructor.name, event);
  }
}

/** Marks a method as a listener of one event class; see `DomainEvent` for when it runs. */
export function OnDomainEvent<E extends DomainEvent>(type: EventType<E>) {
  const listen = OnEvent(type.name, { suppressErrors: false });
  return (
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<(event: E) => Promise<void>>,
  ): void => {
    listen(target, key, descriptor);
  };
}
