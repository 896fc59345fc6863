import type { EntityManager } from 'typeorm';
import { DomainEvent } from '../common/domain-events';
import type { Registration } from './registration.entity';

/** A registration ended without attending (cancelled, rejected, expired offer, cancelled consultation). */
export class RegistrationEnded extends DomainEvent {
  constructor(
    manager: EntityManager,
    readonly registration: Registration,
    readonly actorId: string | null,
  ) {
    super(manager);
  }
}

/**
 * A registration's participant was replaced by another person (its participant version moved on):
 * what belonged to the old person — a funding award, a visa letter — ends with them.
 */
export class ParticipantSubstituted extends DomainEvent {
  constructor(
    manager: EntityManager,
    readonly registration: Registration,
    readonly previousParticipant: { name: string; email: string; version: number },
    readonly actorId: string | null,
  ) {
    super(manager);
  }
}
