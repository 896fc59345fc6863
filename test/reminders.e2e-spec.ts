import ICAL from 'ical.js';
import { UserRole } from '../src/accounts/user.entity';
import { AccreditationRequest } from '../src/accreditation/accreditation-request.entity';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { RemindersJob } from '../src/reminders/reminders.job';
import { consultationFactory, participant, publishedConsultation } from './support/consultations';
import { onPostgres } from './support/databases';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, REQUEST, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ENV = { REMINDERS_INTERVAL_MS: '0', REMINDER_PARTICIPANT_ATTACHMENTS: 'calendar' };

/** The reminders queued so far, as `event → recipients` (sorted), for one consultation or all. */
async function reminders(t: TestApp): Promise<Record<string, string[]>> {
  const rows = await t.dataSource.getRepository(OutboxMessage).findBy({ template: 'reminder' });
  const byEvent: Record<string, string[]> = {};
  for (const row of rows) (byEvent[row.payload.event as string] ??= []).push(row.recipient);
  for (const list of Object.values(byEvent)) list.sort();
  return byEvent;
}

describe('reminders, each sent once as a fake clock moves on', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let job: RemindersJob;
  let admin: { token: string };
  let a: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let b: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let applicant: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let consultationId: string;
  let requestId: string;
  const guests = [participant(), participant()];
  const registrationIds: string[] = [];
  const start = Date.now();
  const body = consultationFactory({
    title: 'Consultation with deadlines',
    capacity: 1,
    registrationOpensAt: new Date(start - DAY).toISOString(),
    registrationClosesAt: new Date(start + 10 * DAY).toISOString(),
    fundingDeadline: new Date(start + 12 * DAY).toISOString(),
    startsAt: new Date(start + 20 * DAY).toISOString(),
    endsAt: new Date(start + 20 * DAY + 8 * HOUR).toISOString(),
    sessions: [
      {
        title: 'Opening plenary',
        startsAt: new Date(start + 20 * DAY + HOUR).toISOString(),
        endsAt: new Date(start + 20 * DAY + 2 * HOUR).toISOString(),
      },
    ],
  });
  /** Moves the clock to `days` after the start of the test. */
  const at = (days: number) => {
    const target = start + days * DAY;
    t.clock.advance(target - t.clock.now().getTime());
  };
  /** Runs the job twice: the second run must add nothing. */
  const runTwice = async () => {
    const first = await job.run();
    const before = await reminders(t);
    expect(await job.run()).toBe(0);
    expect(await reminders(t)).toEqual(before);
    return first;
  };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail, env: ENV });
    job = t.app.get(RemindersJob);
    admin = await staffToken(t, UserRole.Admin);
    a = await focalPointWithOrganisation(t, { name: 'Alpha Migrant Network' }, 'fr');
    b = await focalPointWithOrganisation(t, { name: 'Beta Diaspora Forum' });
    applicant = await focalPointWithOrganisation(t, { name: 'Gamma Workers Union' });
    consultationId = (await publishedConsultation(t, admin.token, body)).id;
    for (const guest of guests) {
      const created = await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/registrations`)
        .set(auth(a.token))
        .send({ organisationId: a.organisation.id, participant: guest })
        .expect(201);
      registrationIds.push(created.body.id);
    }
    const reviewer = await staffToken(t);
    requestId = (
      await t
        .http()
        .post(`/api/v1/organisations/${applicant.organisation.id}/accreditation-requests`)
        .set(auth(applicant.token))
        .send(REQUEST)
        .expect(201)
    ).body.id;
    await t
      .http()
      .post(`/api/v1/accreditation-requests/${requestId}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'request_info', reason: 'Please send your latest annual report.' })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('sends nothing while no deadline is near', async () => {
    expect(await runTwice()).toBe(0);
    expect(await reminders(t)).toEqual({});
  });

  it('reminds focal points of every eligible organisation 3 days before registration closes', async () => {
    at(7.5);
    await runTwice();
    const focalPoints = [a.user.email, b.user.email, applicant.user.email].map((e) =>
      e.toLowerCase(),
    );
    expect((await reminders(t)).registration_closing).toEqual(expect.arrayContaining(focalPoints));
    await t.deliverMail();
    const toA = await mail.waitFor(a.user.email, (m) => m.subject.includes('ferment bientôt'));
    expect(toA.text).toContain('Alpha Migrant Network');
    expect(toA.text).toContain(`/consultations/${consultationId}/register`);
  });

  it('reminds the holder of an offer 12 hours before it expires', async () => {
    await t
      .http()
      .post(`/api/v1/registrations/${registrationIds[0]}/cancel`)
      .set(auth(a.token))
      .expect(200);
    expect(await runTwice()).toBe(0);
    at(7.5 + 37 / 24);
    await runTwice();
    expect((await reminders(t)).offer_expiring).toEqual(
      [guests[1].email, a.user.email].map((e) => e.toLowerCase()).sort(),
    );
  });

  it('reminds members of organisations with unfunded registrations 3 days before the funding deadline', async () => {
    expect((await reminders(t)).funding_deadline).toEqual([a.user.email.toLowerCase()]);
  });

  it('sends participants the venue, the agenda and their attachments 3 days before', async () => {
    await t
      .http()
      .post(`/api/v1/registrations/${registrationIds[1]}/accept-offer`)
      .set(auth(a.token))
      .expect(200);
    at(16.9);
    await runTwice();
    expect((await reminders(t)).consultation_soon).toBeUndefined();
    at(17.5);
    await runTwice();
    expect((await reminders(t)).consultation_soon).toEqual([guests[1].email.toLowerCase()]);
    await t.deliverMail();
    const soon = await mail.waitFor(guests[1].email, (m) => m.subject.startsWith('À bientôt'));
    expect(soon.text).toContain(body.venue);
    expect(soon.text).toContain('Opening plenary');
    const ics = soon.parsed.attachments.find((x) => x.contentType.startsWith('text/calendar'))!;
    const event = new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))).getFirstSubcomponent(
      'vevent',
    )!;
    expect(event.getFirstPropertyValue('uid')).toBe(`registration-${registrationIds[1]}@convene`);
  });

  describe('an accreditation question left unanswered', () => {
    const status = async () =>
      (await t.dataSource.getRepository(AccreditationRequest).findOneByOrFail({ id: requestId }))
        .status;

    it('is reminded once after 14, 28 and 42 days', async () => {
      expect((await reminders(t)).accreditation_question).toHaveLength(1);
      at(28.5);
      await runTwice();
      at(42.5);
      await runTwice();
      at(55.5);
      await runTwice();
      expect((await reminders(t)).accreditation_question).toEqual(
        Array(3).fill(applicant.user.email.toLowerCase()),
      );
      expect(await status()).toBe('info_requested');
    });

    it('is closed without prejudice 14 days after the third, and the focal point told', async () => {
      at(56.5);
      await runTwice();
      expect(await status()).toBe('withdrawn');
      expect((await reminders(t)).accreditation_closed).toEqual([
        applicant.user.email.toLowerCase(),
      ]);
      await t.deliverMail();
      const closed = await mail.waitFor(applicant.user.email, (m) =>
        m.subject.startsWith('Accreditation request closed'),
      );
      expect(closed.text).toContain('closed without prejudice');
      const audit = await t
        .http()
        .get(`/api/v1/admin/audit?entity=accreditation_request&entityId=${requestId}`)
        .set(auth(admin.token))
        .expect(200);
      expect(JSON.stringify(audit.body)).toContain('closed without prejudice');
      const seen = await t
        .http()
        .get(`/api/v1/accreditation-requests/${requestId}`)
        .set(auth(applicant.token))
        .expect(200);
      expect(seen.body.status).toBe('withdrawn');
    });
  });
});

describe('reminders when two instances run the job at the same moment', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await createTestApp({ env: ENV });
    second = onPostgres ? await createTestApp({ database: first.database, env: ENV }) : first;
  });
  afterAll(async () => {
    if (second !== first) await second.close();
    await first.close();
  });

  it('sends each reminder once', async () => {
    const admin = await staffToken(first, UserRole.Admin);
    const orgs = [];
    for (let i = 0; i < 4; i++)
      orgs.push(await focalPointWithOrganisation(first, { name: `Parallel org ${i}` }));
    const now = Date.now();
    const consultation = await publishedConsultation(
      first,
      admin.token,
      consultationFactory({
        registrationClosesAt: new Date(now + 2 * DAY).toISOString(),
        fundingDeadline: new Date(now + 2 * DAY).toISOString(),
        startsAt: new Date(now + 2.5 * DAY).toISOString(),
        endsAt: new Date(now + 2.5 * DAY + 8 * HOUR).toISOString(),
        sessions: [],
      }),
    );
    for (const org of orgs)
      await first
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(201);
    const jobs = [first, second].map((app) => app.app.get(RemindersJob));
    // On SQLite one app serves both: its two parallel runs bypass the in-process guard.
    const runs = onPostgres
      ? jobs.map((job) => job.run())
      : [0, 1].map(() => (jobs[0] as unknown as { runAll(): Promise<number> }).runAll());
    const sent = await Promise.all(runs);
    const got = await reminders(first);
    expect(got.registration_closing).toHaveLength(4);
    expect(got.funding_deadline).toHaveLength(4);
    expect(got.consultation_soon).toHaveLength(4);
    expect(sent.reduce((x, y) => x + y, 0)).toBe(2 + 4);
  });
});
