import { EntityManager } from 'typeorm';
import { selectRows } from '../database/raw-sql';

/** One counter that differs from the rows it counts. */
export interface CounterMismatch {
  counter:
    'held' | 'waitlistLength' | 'waitlistNext' | 'seatsConfirmed' | 'seatsOffered' | 'capacity';
  consultationId: string;
  /** For `held`, the organisation whose active registrations it counts. */
  organisationId: string | null;
  /** What the counter says (for `capacity`: the consultation's capacity). */
  value: number;
  /** What the rows say (for `waitlistNext`: the largest number on the list, rounded up). */
  rows: number;
}

export interface CounterCheck {
  ok: boolean;
  mismatches: CounterMismatch[];
}

const ACTIVE = `('pending', 'confirmed', 'waitlisted', 'offered')`;

const SQL = {
  held: `SELECT "consultationId", "organisationId", held AS n FROM registration_counters`,
  active: `SELECT "consultationId", "organisationId", COUNT(*) AS n FROM registrations
    WHERE status IN ${ACTIVE} GROUP BY "consultationId", "organisationId"`,
  consultations: `SELECT c.id, c.capacity, c."seatsConfirmed", c."seatsOffered",
    c."waitlistLength", c."waitlistNext",
    (SELECT COUNT(*) FROM registrations r WHERE r."consultationId" = c.id AND r.status IN ('confirmed', 'no_show')) AS confirmed,
    (SELECT COUNT(*) FROM registrations r WHERE r."consultationId" = c.id AND r.status = 'offered') AS offered,
    (SELECT COUNT(*) FROM registrations r WHERE r."consultationId" = c.id AND r.status = 'waitlisted') AS waitlisted,
    (SELECT MAX(r."waitlistSeq") FROM registrations r WHERE r."consultationId" = c.id AND r.status = 'waitlisted') AS "lastSeq"
    FROM consultations c`,
} as const;

type Row = Record<string, unknown>;

function heldMismatches(counters: Row[], active: Row[]): CounterMismatch[] {
  const key = (row: Row) => `${String(row.consultationId)} ${String(row.organisationId)}`;
  const pairs = new Map<string, { row: Row; value: number; rows: number }>();
  for (const row of counters) pairs.set(key(row), { row, value: Number(row.n), rows: 0 });
  for (const row of active) {
    const pair = pairs.get(key(row)) ?? { row, value: 0, rows: 0 };
    pair.rows = Number(row.n);
    pairs.set(key(row), pair);
  }
  return [...pairs.values()]
    .filter((pair) => pair.value !== pair.rows)
    .map(({ row, value, rows }) => ({
      counter: 'held',
      consultationId: String(row.consultationId),
      organisationId: String(row.organisationId),
      value,
      rows,
    }));
}

function consultationMismatches(row: Row): CounterMismatch[] {
  const consultationId = String(row.id);
  const found: CounterMismatch[] = [];
  const compare = (counter: CounterMismatch['counter'], value: unknown, rows: unknown) => {
    if (Number(value) !== Number(rows))
      found.push({
        counter,
        consultationId,
        organisationId: null,
        value: Number(value),
        rows: Number(rows),
      });
  };
  compare('seatsConfirmed', row.seatsConfirmed, row.confirmed);
  compare('seatsOffered', row.seatsOffered, row.offered);
  compare('waitlistLength', row.waitlistLength, row.waitlisted);
  const lastSeq = row.lastSeq === null || row.lastSeq === undefined ? null : Number(row.lastSeq);
  if (lastSeq !== null && Number(row.waitlistNext) < lastSeq)
    compare('waitlistNext', row.waitlistNext, Math.ceil(lastSeq));
  const seated = Number(row.confirmed) + Number(row.offered);
  if (seated > Number(row.capacity)) compare('capacity', row.capacity, seated);
  return found;
}

/**
 * Compares every registration counter with the rows it stands for: per organisation and
 * consultation the active registrations, per consultation the seats (a no-show frees nothing, so
 * it still counts as a confirmed seat), the waiting list's length,
 * its last number (never behind the list) and the seat invariant. Shared by
 * `GET /api/v1/admin/counters/check` and `npm run check-counters`; read in one transaction so the
 * counters and rows are seen at one instant.
 */
export async function checkCounters(manager: EntityManager): Promise<CounterCheck> {
  if (manager.connection.options.type === 'postgres')
    await manager.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  const counters = await selectRows(manager, SQL.held);
  const active = await selectRows(manager, SQL.active);
  const consultations = await selectRows(manager, SQL.consultations);
  const mismatches = [
    ...heldMismatches(counters, active),
    ...consultations.flatMap(consultationMismatches),
  ];
  return { ok: mismatches.length === 0, mismatches };
}
