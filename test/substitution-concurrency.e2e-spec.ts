import { UserRole } from '../src/accounts/user.entity';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { ACTIVE_STATUSES, Registration } from '../src/registrations/registration.entity';
import { onPostgres } from './support/databases';
import { participant, publishedConsultation } from './support/consultations';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { In } from 'typeorm';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const ANSWER_WITHIN_MS = 20_000;
type Org = Awaited<ReturnType<typeof focalPointWithOrganisation>>;

describe('substitutions under concurrency (two instances on PostgreSQL)', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await createTestApp();
    second = onPostgres ? await createTestApp({ database: first.database }) : first;
  });
  afterAll(async () => {
    if (second !== first) await second.close();
    await first.close();
  });

  it('20 mixed substitutions, cancellations and registrations keep seats, counters and versions honest', async () => {
    const admin = await staffToken(first, UserRole.Admin);
    const consultation = await publishedConsultation(first, admin.token, { capacity: 5 });
    const orgs = await Promise.all([0, 1, 2].map(() => focalPointWithOrganisation(first)));
    const register = (instance: TestApp, org: Org, who = participant()) =>
      instance
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: who })
        .timeout(ANSWER_WITHIN_MS);
    const made: { id: string; status: string; org: Org }[] = [];
    for (let i = 0; i < 10; i++) {
      const org = orgs[i % 3];
      made.push({ ...((await register(first, org)).body as { id: string; status: string }), org });
    }
    const confirmed = made.filter((r) => r.status === 'confirmed');
    const waitlisted = made.filter((r) => r.status === 'waitlisted');
    expect([confirmed.length, waitlisted.length]).toEqual([5, 5]);
    const substitute = (instance: TestApp, r: (typeof made)[number], who = participant()) =>
      instance
        .http()
        .post(`/api/v1/registrations/${r.id}/substitute`)
        .set(auth(r.org.token))
        .send({ participant: who })
        .timeout(ANSWER_WITHIN_MS);
    const cancel = (instance: TestApp, r: (typeof made)[number]) =>
      instance
        .http()
        .post(`/api/v1/registrations/${r.id}/cancel`)
        .set(auth(r.org.token))
        .send({})
        .timeout(ANSWER_WITHIN_MS);
    const contested = participant();
    const burst: ((instance: TestApp) => Promise<{ status: number; body: unknown }>)[] = [
      // Two substitutions of one registration.
      (i) => substitute(i, confirmed[0]),
      (i) => substitute(i, confirmed[0]),
      // A substitution racing a cancellation of the same registration.
      (i) => substitute(i, confirmed[1]),
      (i) => cancel(i, confirmed[1]),
      (i) => substitute(i, waitlisted[0]),
      (i) => cancel(i, waitlisted[0]),
      // A substitution and a registration of the same new person.
      (i) => substitute(i, confirmed[2], contested),
      (i) => register(i, orgs[0], { ...participant(), email: contested.email }),
      (i) => substitute(i, confirmed[3]),
      (i) => cancel(i, confirmed[4]),
      (i) => substitute(i, waitlisted[1]),
      (i) => substitute(i, waitlisted[2]),
      (i) => cancel(i, waitlisted[3]),
      ...Array.from({ length: 7 }, (_, n) => (i: TestApp) => register(i, orgs[n % 3])),
    ];
    expect(burst).toHaveLength(20);
    const answers = await Promise.all(burst.map((send, n) => send(n % 2 ? second : first)));
    expect(
      answers
        .filter((r) => ![200, 201, 409].includes(r.status))
        .map((r) => `${r.status} ${JSON.stringify(r.body)}`),
    ).toEqual([]);
    expect(answers.slice(0, 2).map((r) => r.status)).toEqual([200, 200]);
    // The contested person holds one registration, never two.
    expect([answers[6].status, answers[7].status].sort()).toEqual(
      answers[6].status === 200 ? [200, 409] : [201, 409],
    );

    const c = await first.dataSource
      .getRepository(Consultation)
      .findOneByOrFail({ id: consultation.id });
    const rows = await first.dataSource
      .getRepository(Registration)
      .findBy({ consultationId: consultation.id });
    const held = rows.filter((r) => r.status === 'confirmed' || r.status === 'offered');
    expect(c.seatsConfirmed).toBe(rows.filter((r) => r.status === 'confirmed').length);
    expect(c.seatsOffered).toBe(rows.filter((r) => r.status === 'offered').length);
    expect(held.length).toBeLessThanOrEqual(c.capacity);
    const active = rows.filter((r) => ACTIVE_STATUSES.includes(r.status));
    expect(new Set(active.map((r) => r.participantEmail)).size).toBe(active.length);
    // Each substitution moved the version on by one, and is in the audit log.
    const swaps = await first.dataSource.getRepository(AuditEvent).findBy({
      action: 'registration.substituted',
      entityId: In(rows.map((r) => r.id)),
    });
    for (const r of rows)
      expect(r.participantVersion).toBe(1 + swaps.filter((s) => s.entityId === r.id).length);
    expect(rows.find((r) => r.id === confirmed[0].id)!.participantVersion).toBe(3);
  });
});
