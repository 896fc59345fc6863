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
