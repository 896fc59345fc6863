import { UserRole } from '../src/accounts/user.entity';
import { RegistrationCounters1765152000000 } from '../src/database/migrations/1765152000000-RegistrationCounters';
import { RegistrationsService } from '../src/registrations/registrations.service';
import { consultationFactory, participant, publishedConsultation } from './support/consultations';
import { onPostgres } from './support/databases';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const p = (n: number) => (onPostgres ? `$${n}` : '?');

/** A small seeded generator (mulberry32): the same seed gives the same run on both databases. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    below: (n: number) => Math.floor(next() * n),
    pick<T>(list: readonly T[]): T | undefined {
      return list.length ? list[Math.floor(next() * list.length)] : undefined;
    },
  };
}

interface Row {
  id: string;
  status: string;
  consultationId: string;
  organisationId: string;
  waitlistSeq: number | null;
}

type Member = Awaited<ReturnType<typeof focalPointWithOrganisation>>;

describe('registration counters equal the rows after any sequence of operations', () => {
  let t: TestApp;
  let admin: { token: string };
  let reviewer: { token: string };
  let members: Member[];
  let consultations: { id: string; limit: number }[];
  const log: string[] = [];

  const rows = async (): Promise<Row[]> =>
    (
      (await t.dataSource.query(
        `SELECT id, status, "consultationId", "organisationId", "waitlistSeq" FROM registrations`,
      )) as Row[]
    ).map((r) => ({ ...r, waitlistSeq: r.waitlistSeq === null ? null : Number(r.waitlistSeq) }));
  const memberOf = (row: Row) => members.find((m) => m.organisation.id === row.organisationId)!;
  const check = async () =>
    (await t.http().get('/api/v1/admin/counters/check').set(auth(admin.token)).expect(200))
      .body as { ok: boolean; mismatches: unknown[] };

  beforeAll(async () => {
    t = await createTestApp({ env: { WAITLIST_OFFER_HOURS: '48' } });
    admin = await staffToken(t, UserRole.Admin);
    reviewer = await staffToken(t, UserRole.Reviewer);
    members = [];
    for (let i = 0; i < 3; i++) members.push(await focalPointWithOrganisation(t));
    const now = Date.now();
    const starts = new Date(now + 400 * DAY);
    const dates = {
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 8 * HOUR).toISOString(),
      registrationClosesAt: new Date(now + 300 * DAY).toISOString(),
      fundingDeadline: new Date(now + 350 * DAY).toISOString(),
      sessions: [],
    };
    consultations = [];
    for (const [capacity, limit, requiresApproval] of [
      [3, 4, false],
      [2, 3, true],
    ] as const) {
      const created = await publishedConsultation(
        t,
        admin.token,
        consultationFactory({ ...dates, capacity, perOrganisationLimit: limit, requiresApproval }),
      );
      consultations.push({ id: created.id, limit });
    }
  });
  afterAll(() => t.close());

  /** One random operation, as a user would do it through the API; answers what it did. */
  async function step(rng: ReturnType<typeof random>): Promise<string> {
    const all = await rows();
    const withStatus = (...statuses: string[]) => all.filter((r) => statuses.includes(r.status));
    const choice = rng.below(100);
    if (choice < 40) {
      const member = rng.pick(members)!;
      const consultation = rng.pick(consultations)!;
      const answer = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(member.token))
        .send({ organisationId: member.organisation.id, participant: participant() });
      const held = (await rows()).filter(
        (r) =>
          r.consultationId === consultation.id &&
          r.organisationId === member.organisation.id &&
          ['pending', 'confirmed', 'waitlisted', 'offered'].includes(r.status),
      );
      if (answer.status === 409) {
        expect(answer.body.code).toBe('ORGANISATION_LIMIT_REACHED');
        expect(held.length).toBeGreaterThanOrEqual(consultation.limit);
        return 'register (limit reached)';
      }
      expect(answer.status).toBe(201);
      expect(held.length).toBeLessThanOrEqual(consultation.limit);
      if (answer.body.status === 'waitlisted') {
        const own = (await rows()).find((r) => r.id === answer.body.id)!;
        const ahead = (await rows()).filter(
          (r) =>
            r.consultationId === consultation.id &&
            r.status === 'waitlisted' &&
            r.waitlistSeq! <= own.waitlistSeq!,
        );
        expect(answer.body.waitlistPosition).toBe(ahead.length);
      }
      return `register → ${answer.body.status}`;
    }
    if (choice < 58) {
      const target = rng.pick(withStatus('pending', 'confirmed', 'waitlisted', 'offered'));
      if (!target) return 'cancel (nothing)';
      await t
        .http()
        .post(`/api/v1/registrations/${target.id}/cancel`)
        .set(auth(memberOf(target).token))
        .expect(200);
      return `cancel ${target.status}`;
    }
    if (choice < 72) {
      const target = rng.pick(withStatus('pending'));
      if (!target) return 'decide (nothing)';
      const decision = rng.below(3) ? 'approve' : 'reject';
      await t
        .http()
        .post(`/api/v1/registrations/${target.id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision, reason: 'Property test' })
        .expect(200);
      return `${decision} pending`;
    }
    if (choice < 80) {
      const target = rng.pick(withStatus('offered'));
      if (!target) return 'accept (nothing)';
      await t
        .http()
        .post(`/api/v1/registrations/${target.id}/accept-offer`)
        .set(auth(memberOf(target).token))
        .expect(200);
      return 'accept offer';
    }
    if (choice < 86) {
      // Every open offer lapses: the clock moves past the offer period and the job runs.
      t.clock.advance(49 * HOUR);
      const expired = await t.app.get(RegistrationsService).expireOffers();
      return `expire ${expired}`;
    }
    if (choice < 92) {
      const target = rng.pick(withStatus('waitlisted'));
      if (!target) return 'move (nothing)';
      const position = 1 + rng.below(4);
      await t
        .http()
        .post(`/api/v1/registrations/${target.id}/waitlist-position`)
        .set(auth(reviewer.token))
        .send({ position, reason: 'Property test' })
        .expect(200);
      return `move to ${position}`;
    }
    const consultation = rng.pick(consultations)!;
    if (choice < 96) {
      // A larger capacity offers seats down the waiting list.
      const current = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}`)
        .set(auth(admin.token))
        .expect(200);
      await t
        .http()
        .patch(`/api/v1/consultations/${consultation.id}`)
        .set(auth(admin.token))
        .send({ capacity: current.body.seats.capacity + 1 })
        .expect(200);
      return 'capacity + 1';
    }
    // An admin may lower the limit below what organisations already hold.
    consultation.limit = 1 + rng.below(4);
    await t
      .http()
      .patch(`/api/v1/consultations/${consultation.id}`)
      .set(auth(admin.token))
      .send({ perOrganisationLimit: consultation.limit })
      .expect(200);
    return `limit ${consultation.limit}`;
  }

  it('holds after each of 200 random operations (fixed seed), and the seat invariant with it', async () => {
    const rng = random(20261202);
    for (let i = 0; i < 200; i++) {
      log.push(await step(rng));
      const result = await check();
      if (!result.ok) throw new Error(`after ${log.join(', ')}: ${JSON.stringify(result)}`);
    }
    // The run reached every kind of operation, not only registrations.
    const kinds = log.join(' ');
    for (const kind of ['→ confirmed', '→ waitlisted', '→ pending', 'cancel', 'approve', 'reject'])
      expect(kinds).toContain(kind);
    expect(log.some((entry) => /^expire [1-9]/.test(entry))).toBe(true);
    expect(log).toContain('accept offer');
    expect(log.some((entry) => entry.startsWith('move to'))).toBe(true);
  });

  it('holds when a consultation is cancelled with every kind of registration in it', async () => {
    const statuses = new Set(
      (await rows()).filter((r) => r.consultationId === consultations[0].id).map((r) => r.status),
    );
    expect(statuses.size).toBeGreaterThan(2);
    await t
      .http()
      .post(`/api/v1/consultations/${consultations[0].id}/cancel`)
      .set(auth(admin.token))
      .send({ reason: 'Property test' })
      .expect(200);
    expect(await check()).toEqual({ ok: true, mismatches: [] });
  });

  it('fills the counters from existing rows when the migration runs on them', async () => {
    const migration = new RegistrationCounters1765152000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await check()).toEqual({ ok: true, mismatches: [] });
    const [{ n }] = (await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM registration_counters WHERE held > 0`,
    )) as { n: string | number }[];
    expect(Number(n)).toBeGreaterThan(0);
  });

  it('names a counter that differs from its rows, for the admin only', async () => {
    await t.dataSource.query(
      `UPDATE consultations SET "waitlistLength" = "waitlistLength" + 2 WHERE id = ${p(1)}`,
      [consultations[1].id],
    );
    const result = await check();
    expect(result.ok).toBe(false);
    expect(result.mismatches).toContainEqual(
      expect.objectContaining({ counter: 'waitlistLength', consultationId: consultations[1].id }),
    );
    await t.http().get('/api/v1/admin/counters/check').set(auth(reviewer.token)).expect(403);
  });
});
