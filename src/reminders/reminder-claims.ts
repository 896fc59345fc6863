import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { execute } from '../database/raw-sql';
import { ReminderKind } from './reminder-sent.entity';

/**
 * Claims one reminder (kind, subject, period) in the transaction that queues its mail: true for
 * the first claim, false when it was sent already — by an earlier run or another instance, whose
 * insert wins on the unique key (on PostgreSQL a concurrent one waits for the other's commit).
 */
export async function claimReminder(
  manager: EntityManager,
  kind: ReminderKind,
  subjectId: string,
  period: string,
  now: Date,
): Promise<boolean> {
  const inserted = await execute(
    manager,
    `INSERT INTO reminders_sent (id, kind, "subjectId", period, "sentAt")
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, "subjectId", period) DO NOTHING`,
    [randomUUID(), kind, subjectId, period, now],
  );
  return inserted > 0;
}

/** Whether `now` is inside the `leadMs` before `deadline` (and not past it). */
export function withinLead(now: Date, deadline: Date | null, leadMs: number): boolean {
  if (!deadline) return false;
  return now.getTime() >= deadline.getTime() - leadMs && now < deadline;
}
