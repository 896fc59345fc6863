import type { EntityManager } from 'typeorm';
import { DomainEvent } from '../common/domain-events';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/**
 * An audit row was written: every use case records what it did, in its transaction, so a module
 * that follows changes across the others (webhooks) listens here instead of in each service.
 */
export class Audited extends DomainEvent {
  constructor(
    manager: EntityManager,
    readonly id: string,
    readonly at: Date,
    readonly entry: AuditEntry,
  ) {
    super(manager);
  }
}
