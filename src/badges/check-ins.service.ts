import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { DataSource, EntityManager } from 'typeorm';
import { execute, hydrate, Row, selectEntity, selectRow } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { ownOrganisation } from '../organisations/organisations.errors';
import { CheckInClaims, CheckInCodes } from '../registrations/check-in-code';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import {
  badgeCodeInvalid,
  badgeNotConfirmed,
  badgeSuperseded,
  outsideConsultationDays,
  scannedAtOutOfBounds,
} from './badges.errors';
import { checkInWindow } from './check-in-window';

/** A scan may be stamped this far ahead of the server's clock (a door device's clock drifts). */
const CLOCK_SKEW_MS = 60_000;

export interface Scan {
  code: string;
  scannedAt?: string;
  override?: boolean;
}

/** What the door shows of the consultation and decides with: its texts, days and time zone. */
export type DoorConsultation = Pick<
  Consultation,
  | 'id'
  | 'title'
  | 'theme'
  | 'description'
  | 'language'
  | 'translations'
  | 'timezone'
  | 'startsAt'
  | 'endsAt'
>;

export type DoorOrganisation = Pick<Organisation, 'id' | 'name' | 'country'>;

export interface CheckedIn {
  registration: Registration;
  organisation: DoorOrganisation;
  consultation: DoorConsultation;
  /** When the person had already been checked in before this scan; null when this scan did it. */
  alreadyCheckedInAt: Date | null;
  /** The badge's code: Ed25519 is deterministic, so it is the one the registration would be issued now. */
  checkInCode: string;
}

const CONSULTATION_COLUMNS = [
  'id',
  'title',
  'theme',
  'description',
  'language',
  'translations',
  'timezone',
  'startsAt',
  'endsAt',
] as const;
const ORGANISATION_COLUMNS = ['id', 'name', 'country'] as const;

/**
 * Plain SQL (see database/raw-sql.ts): the door is the hottest staff route on the day, and
 * TypeORM's joined find cost more than the rest of the request. One read gives the registration,
 * what the answer shows of its consultation and organisation, and whether the scanning staff
 * member belongs to that organisation.
 */
const SQL = {
  read: `SELECT r.*, ${CONSULTATION_COLUMNS.map((c) => `c."${c}" AS "c.${c}"`).join(', ')},
      ${ORGANISATION_COLUMNS.map((c) => `o."${c}" AS "o.${c}"`).join(', ')},
      CASE WHEN EXISTS (SELECT 1 FROM "memberships" m
        WHERE m."userId" = ? AND m."organisationId" = r."organisationId") THEN 1 ELSE 0 END AS "own"
    FROM "registrations" r
    JOIN "consultations" c ON c."id" = r."consultationId"
    JOIN "organisations" o ON o."id" = r."organisationId"
    WHERE r."id" = ?`,
  registration: `SELECT * FROM "registrations" WHERE "id" = ?`,
  // A shared lock: check-ins at several doors do not wait for each other, only for a change.
  consultationShared: `SELECT 1 FROM "consultations" WHERE "id" = ? FOR SHARE`,
  checkIn: `UPDATE "registrations" SET "checkedInAt" = ?, "updatedAt" = ?
    WHERE "id" = ? AND "checkedInAt" IS NULL AND "status" = ? AND "participantVersion" = ?`,
};

/** The columns of one joined table, named as in its own row (`c.title` → `title`). */
function columnsOf(row: Row, prefix: string, columns: readonly string[]): Row {
  const out: Row = {};
  for (const column of columns) out[column] = row[`${prefix}.${column}`];
  return out;
}

/** Check-in windows by consultation and schedule: time-zone arithmetic once, not per scan. */
const windows = new Map<string, { from: Date; until: Date }>();
const WINDOW_ENTRIES = 1000;

function windowOf(consultation: DoorConsultation): { from: Date; until: Date } {
  const key = `${consultation.id}|${consultation.startsAt.getTime()}|${consultation.endsAt.getTime()}|${consultation.timezone}`;
  let window = windows.get(key);
  if (!window) {
    if (windows.size >= WINDOW_ENTRIES) windows.clear();
    window = checkInWindow(consultation);
    windows.set(key, window);
  }
  return window;
}

/**
 * Check-in by badge: the signature proves the code was issued, the registration's current state
 * decides (a cancelled seat, a replaced person). A repeated scan, online or replayed from a
 * door's offline queue, changes nothing and says when the person came.
 */
@Injectable()
export class CheckInsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly codes: CheckInCodes,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async scan(staff: SignedInUser, scan: Scan): Promise<CheckedIn> {
    const claims = this.codes.read(scan.code);
    if (!claims) throw badgeCodeInvalid();
    const manager = this.dataSource.manager;
    const row = await selectRow(manager, SQL.read, [staff.id, claims.registrationId]);
    if (!row) throw notFound();
    const found = hydrate(manager, Registration, row);
    if (found.consultationId !== claims.consultationId) throw badgeCodeInvalid();
    if (Number(row.own)) throw ownOrganisation();
    assertCurrent(found, claims);
    const consultation = hydrate(
      manager,
      Consultation,
      columnsOf(row, 'c', CONSULTATION_COLUMNS),
    ) as DoorConsultation;
    const organisation = hydrate(
      manager,
      Organisation,
      columnsOf(row, 'o', ORGANISATION_COLUMNS),
    ) as DoorOrganisation;
    const answer = { organisation, consultation, checkInCode: scan.code };
    if (found.checkedInAt)
      return { ...answer, registration: found, alreadyCheckedInAt: found.checkedInAt };
    const at = this.checkInTime(consultation, scan);
    if (await this.record(staff, found, at, scan)) {
      found.checkedInAt = at;
      return { ...answer, registration: found, alreadyCheckedInAt: null };
    }
    // Changed since it was read: another door scanned it first, or it was cancelled or substituted.
    const now = await selectEntity(manager, Registration, SQL.registration, [found.id]);
    if (!now) throw notFound();
    assertCurrent(now, claims);
    return { ...answer, registration: now, alreadyCheckedInAt: now.checkedInAt };
  }

  /**
   * Sets checkedInAt if the registration is still confirmed, for this participant and not checked
   * in, with its audit row; false when it no longer is. The UPDATE's own condition makes a check-in
   * idempotent and safe against another door: two scans cannot both set it, and a repeated scan
   * changes nothing, so check-ins need not queue behind each other on the consultation's lock.
   * What the condition cannot see is a change that read the registration under the consultation's
   * lock and has not written yet (a cancellation checks "not checked in", then saves): on
   * PostgreSQL a shared lock on the consultation row waits for such a change and lets other
   * check-ins through; on SQLite the transaction already holds the only writer.
   */
  private async record(staff: SignedInUser, registration: Registration, at: Date, scan: Scan) {
    return this.transactions.run(async (manager) => {
      if (this.transactions.onPostgres)
        await selectRow(manager, SQL.consultationShared, [registration.consultationId]);
      const changed = await execute(manager, SQL.checkIn, [
        at,
        this.clock.now(),
        registration.id,
        RegistrationStatus.Confirmed,
        registration.participantVersion,
      ]);
      if (!changed) return false;
      await this.recordAudit(manager, staff, registration, at, scan);
      return true;
    });
  }

  private recordAudit(
    manager: EntityManager,
    staff: SignedInUser,
    registration: Registration,
    at: Date,
    scan: Scan,
  ): Promise<void> {
    return this.audit.record(manager, {
      actorId: staff.id,
      action: 'registration.checked_in',
      entity: 'registration',
      entityId: registration.id,
      details: {
        status: registration.status,
        via: 'badge',
        participantVersion: registration.participantVersion,
        ...(scan.scannedAt ? { scannedAt: at.toISOString() } : {}),
        ...(scan.override ? { override: true } : {}),
      },
    });
  }

  /** The scan's own time (bounded) or now; outside the consultation's days ±1 only with override. */
  private checkInTime(consultation: DoorConsultation, scan: Scan): Date {
    const now = this.clock.now();
    const window = windowOf(consultation);
    let at = now;
    if (scan.scannedAt) {
      at = new Date(scan.scannedAt);
      if (Number.isNaN(at.getTime())) throw scannedAtOutOfBounds();
      // Not from the future; a scan before the consultation's days is the window's question below.
      if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw scannedAtOutOfBounds();
      if (at > now) at = now;
    }
    if ((at < window.from || at >= window.until) && !scan.override) throw outsideConsultationDays();
    return at;
  }
}

/** The code's participant is the registration's current one, and the seat is confirmed. */
function assertCurrent(registration: Registration, claims: CheckInClaims): void {
  if (registration.participantVersion !== claims.participantVersion) throw badgeSuperseded();
  if (registration.status !== RegistrationStatus.Confirmed)
    throw badgeNotConfirmed(registration.status);
}
