import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { execute, selectRow } from '../database/raw-sql';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from './registration.entity';

const SQL = {
  // One statement for the per-organisation limit: the first registration creates the counter,
  // later ones raise it only while it is under the limit (changes = 0: the limit is reached).
  claimPlace: `INSERT INTO registration_counters ("consultationId", "organisationId", held)
    VALUES (?, ?, 1) ON CONFLICT ("consultationId", "organisationId")
    DO UPDATE SET held = registration_counters.held + 1 WHERE registration_counters.held < ?`,
  addHeld: `INSERT INTO registration_counters ("consultationId", "organisationId", held)
    VALUES (?, ?, 1) ON CONFLICT ("consultationId", "organisationId")
    DO UPDATE SET held = registration_counters.held + 1`,
  releaseHeld: `UPDATE registration_counters SET held = held - 1
    WHERE "consultationId" = ? AND "organisationId" = ?`,
  waitlistLength: `UPDATE consultations SET "waitlistLength" = "waitlistLength" + ? WHERE id = ?`,
  nextSeq: `UPDATE consultations SET "waitlistNext" = "waitlistNext" + 1 WHERE id = ?
    RETURNING "waitlistNext" AS seq`,
  joinWaitlist: `UPDATE consultations SET "waitlistNext" = "waitlistNext" + 1,
    "waitlistLength" = "waitlistLength" + 1 WHERE id = ?
    RETURNING "waitlistNext" AS seq, "waitlistLength" AS place`,
  forgetOrganisation: `DELETE FROM registration_counters WHERE "organisationId" = ?`,
  recountOrganisation: `INSERT INTO registration_counters ("consultationId", "organisationId", held)
    SELECT "consultationId", "organisationId", COUNT(*) FROM registrations
    WHERE "organisationId" = ? AND status IN ('pending', 'confirmed', 'waitlisted', 'offered')
    GROUP BY "consultationId", "organisationId"`,
} as const;

const isActive = (status: RegistrationStatus | null) =>
  status !== null && ACTIVE_STATUSES.includes(status);

/**
 * The counters the registration path reads instead of counting rows: an organisation's active
 * registrations per consultation (`registration_counters.held`), the consultation's waiting-list
 * length and the last waiting-list number handed out. Each changes in the transaction that changes
 * the rows, by an update that never reads first; `counter-check.ts` proves they equal the rows.
 */
@Injectable()
export class RegistrationCounters {
  /** A new active registration takes a place under the organisation's limit, if one is left. */
  async claimPlace(
    manager: EntityManager,
    consultationId: string,
    organisationId: string,
    limit: number,
  ): Promise<boolean> {
    if (limit < 1) return false;
    return (await execute(manager, SQL.claimPlace, [consultationId, organisationId, limit])) === 1;
  }

  /** A new registration goes last on the waiting list: its number and its 1-based place. */
  async joinWaitlist(
    manager: EntityManager,
    consultationId: string,
  ): Promise<{ seq: number; place: number }> {
    const row = await selectRow(manager, SQL.joinWaitlist, [consultationId]);
    return { seq: Number(row?.seq), place: Number(row?.place) };
  }

  /** The number after every one handed out so far: the end of the waiting list. */
  async nextWaitlistSeq(manager: EntityManager, consultationId: string): Promise<number> {
    return Number((await selectRow(manager, SQL.nextSeq, [consultationId]))?.seq);
  }

  /** An existing registration changed from status `from` to its current one. */
  async moved(
    manager: EntityManager,
    registration: Registration,
    from: RegistrationStatus,
  ): Promise<void> {
    const to = registration.status;
    if (from === to) return;
    const { consultationId, organisationId } = registration;
    if (isActive(from) !== isActive(to))
      await execute(manager, isActive(to) ? SQL.addHeld : SQL.releaseHeld, [
        consultationId,
        organisationId,
      ]);
    const waiting = (s: RegistrationStatus) => (s === RegistrationStatus.Waitlisted ? 1 : 0);
    const delta = waiting(to) - waiting(from);
    if (delta) await execute(manager, SQL.waitlistLength, [delta, consultationId]);
  }

  /**
   * Sets the organisations' counters to what their rows hold, after rows moved between them (an
   * organisation merge); the waiting list's counters are the consultation's and do not move.
   */
  async recount(manager: EntityManager, organisationIds: string[]): Promise<void> {
    for (const id of organisationIds) {
      await execute(manager, SQL.forgetOrganisation, [id]);
      await execute(manager, SQL.recountOrganisation, [id]);
    }
  }
}
