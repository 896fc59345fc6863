import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { insertEntity } from '../database/raw-sql';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  /** Written in the caller's transaction, so the record exists exactly when the change does. */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await insertEntity(manager, AuditEvent, {
      id: randomUUID(),
      ...entry,
      details: entry.details ?? {},
    });
  }
}
