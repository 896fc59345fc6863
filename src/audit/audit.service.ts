import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainEvents } from '../common/domain-events';
import { insertEntity } from '../database/raw-sql';
import { AuditEvent } from './audit-event.entity';
import { AuditEntry, Audited } from './audit.events';

export type { AuditEntry } from './audit.events';

@Injectable()
export class AuditService {
  constructor(
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  /**
   * Written in the caller's transaction, so the record exists exactly when the change does; then
   * `Audited` is published in that transaction for the modules that follow every change.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const id = randomUUID();
    await insertEntity(manager, AuditEvent, { id, ...entry, details: entry.details ?? {} });
    await this.events.publish(new Audited(manager, id, this.clock.now(), entry));
  }
}
