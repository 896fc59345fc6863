import { Injectable } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import type { EntityManager } from 'typeorm';
import { DomainEvent, DomainEvents, OnDomainEvent } from './domain-events';

class SomethingHappened extends DomainEvent {
  constructor(
    manager: EntityManager,
    readonly what: string,
  ) {
    super(manager);
  }
}

class SomethingElse extends DomainEvent {}

@Injectable()
class Listener {
  seen: string[] = [];

  @OnDomainEvent(SomethingHappened)
  async react({ what }: SomethingHappened) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (what === 'refused') throw new Error('refused by the listener');
    this.seen.push(what);
  }
}

describe('domain events', () => {
  let events: DomainEvents;
  let listener: Listener;
  const manager = {} as EntityManager;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      imports: [EventEmitterModule.forRoot()],
      providers: [DomainEvents, Listener],
    }).compile();
    await module.init();
    events = module.get(DomainEvents);
    listener = module.get(Listener);
  });

  it('publish returns only after the listener has finished', async () => {
    await events.publish(new SomethingHappened(manager, 'done'));
    expect(listener.seen).toEqual(['done']);
  });

  it("a listener's error reaches the publisher, so its transaction rolls back", async () => {
    await expect(events.publish(new SomethingHappened(manager, 'refused'))).rejects.toThrow(
      'refused by the listener',
    );
  });

  it('a listener hears only its own event class', async () => {
    await events.publish(new SomethingElse(manager));
    expect(listener.seen).toEqual(['done']);
  });
});
