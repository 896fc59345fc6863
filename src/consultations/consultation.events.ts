import type { EntityManager } from 'typeorm';
import { DomainEvent } from '../common/domain-events';
import type { Consultation } from './consultation.entity';
import type { ScheduleChange } from './schedule-changes';

/** A published consultation's capacity was raised: the seats it frees may be offered. */
export class ConsultationCapacityRaised extends DomainEvent {
  constructor(
    manager: EntityManager,
    readonly consultation: Consultation,
    readonly actorId: string,
  ) {
    super(manager);
  }
}

/** The consultation was cancelled: every registration of it ends. */
export class ConsultationCancelled extends DomainEvent {
  constructor(
    manager: EntityManager,
    readonly consultation: Consultation,
    readonly actorId: string,
  ) {
    super(manager);
  }
}

/**
 * The admin is changing the funding budget; the consultation row is locked and not yet saved. A
 * listener that throws refuses the change (funding: not below what is already awarded).
 */
export class ConsultationBudgetChanging extends DomainEvent {
  constructor(
    manager: EntityManager,
    readonly consultation: Consultation,
    readonly previousCurrency: string,
  ) {
    super(manager);
  }
}

/**
 * A published consultation's dates, place or agenda changed; its calendar SEQUENCE has been raised
 * in this transaction. Registrations tell every holder, with the updated calendar entry.
 */
export class ConsultationScheduleChanged extends DomainEvent {
  constructor(
    manager: EntityManager,
    readonly consultation: Consultation,
    readonly changes: ScheduleChange[],
    readonly actorId: string,
  ) {
    super(manager);
  }
}
