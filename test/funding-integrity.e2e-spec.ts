import { parse } from 'csv-parse/sync';
import { simpleParser } from 'mailparser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { UserRole } from '../src/accounts/user.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { FundingIntegrity1764720000000 } from '../src/database/migrations/1764720000000-FundingIntegrity';
import { FundingApplication, FundingStatus } from '../src/funding/funding-application.entity';
import { ApplyDto, FundingDecisionDto } from '../src/funding/dto/funding.dto';
import { FundingBudget } from '../src/funding/funding-budget.entity';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { ParticipantDto } from '../src/registrations/dto/registration.dto';
import { Registration, RegistrationStatus } from '../src/registrations/registration.entity';
import { participant, publishedConsultation } from './support/consultations';
import { onPostgres } from './support/databases';
import { PASSWORD } from './support/factories';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { csrfIn, WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;

async function signIn(t: TestApp, email: string) {
  const browser = new WebClient(t);
  expect((await browser.submit('/signin', { email, password: PASSWORD })).status).toBe(303);
  return browser;
}

describe('travel funding under races, conflicts and the passing of time', () => {
  let first: TestApp;
  /** A second instance on the same PostgreSQL database; on SQLite the one instance serialises. */
  let second: TestApp;
  let admin: { token: string };
  let reviewer: { token: string; user: { email: string } };

  beforeAll(async () => {
    first = await createTestApp();
    second = onPostgres ? await createTestApp({ database: first.database }) : first;
    admin = await staffToken(first, UserRole.Admin);
    reviewer = await staffToken(first, UserRole.Reviewer);
  });
  afterAll(async () => {
    if (second !== first) await second.close();
    await first.close();
  });

  async function register(
    consultationId: string,
    org: { token: string; organisation: { id: string } },
    who: Partial<ParticipantDto> = {},
  ) {
    const response = await first
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant(who) })
      .expect(201);
    return response.body as { id: string; status: string; participant: { name: string } };
  }

  const apply = (token: string, registrationId: string, body: Partial<ApplyDto> = {}) =>
    first
      .http()
      .post(`/api/v1/registrations/${registrationId}/funding-applications`)
      .set(auth(token))
      .send({
        lines: [{ kind: 'airfare', amount: '600.00' }],
        currency: 'USD',
        departureCity: 'Dakar',
        departureCountry: 'SN',
        justification: 'No budget for international travel.',
        ...body,
      })
      .expect(201);

  const decide = (app: TestApp, token: string, id: string, body: FundingDecisionDto) =>
    app.http().post(`/api/v1/funding-applications/${id}/decisions`).set(auth(token)).send(body);

  /** The counter equals the sum of the awards, within the budget, and the budget row follows the consultation. */
  async function expectHonestBudget(consultationId: string) {
    const consultation = await first.dataSource
      .getRepository(Consultation)
      .findOneByOrFail({ id: consultationId });
    const budget = await first.dataSource
      .getRepository(FundingBudget)
      .findOneBy({ consultationId });
    const applications = await first.dataSource
      .getRepository(FundingApplication)
      .findBy({ consultationId });
    const awarded = applications
      .filter((a) => a.status === FundingStatus.Awarded)
      .reduce((sum, a) => sum + a.awardedMinor!, 0);
    expect(budget?.awardedMinor ?? 0).toBe(awarded);
    expect(awarded).toBeLessThanOrEqual(consultation.fundingBudgetMinor);
    if (budget) expect(budget.budgetMinor).toBe(consultation.fundingBudgetMinor);
  }

  it('30 awards racing 30 cancellations: every award is released or refused, the counter stays the sum, no one is told both "awarded" and "closed"', async () => {
    const consultation = await publishedConsultation(first, admin.token, {
      capacity: 100,
      fundingBudget: { amount: '100000.00', currency: 'USD' },
    });
    const org = await focalPointWithOrganisation(first);
    const trials: {
      registration: { id: string; participant: { name: string } };
      applicationId: string;
    }[] = [];
    for (let i = 0; i < 30; i++) {
      const registration = await register(consultation.id, org);
      trials.push({
        registration,
        applicationId: (await apply(org.token, registration.id)).body.id,
      });
    }
    for (const trial of trials) {
      const [award, cancel] = await Promise.all([
        decide(first, reviewer.token, trial.applicationId, { decision: 'award', amount: '100.00' }),
        second
          .http()
          .post(`/api/v1/registrations/${trial.registration.id}/cancel`)
          .set(auth(org.token)),
      ]);
      expect(cancel.status).toBe(200);
      expect([200, 409]).toContain(award.status);
      const application = await first.dataSource
        .getRepository(FundingApplication)
        .findOneByOrFail({ id: trial.applicationId });
      // Awarded first, then released by the cancellation; or closed by it, and the award refused.
      expect(application.status).toBe(
        award.status === 200 ? FundingStatus.Released : FundingStatus.Withdrawn,
      );
    }
    const ended = await first.dataSource
      .getRepository(Registration)
      .findBy({ consultationId: consultation.id });
    expect(ended.every((r) => r.status === RegistrationStatus.Cancelled)).toBe(true);
    expect(
      await first.dataSource
        .getRepository(FundingApplication)
        .countBy({ consultationId: consultation.id, status: FundingStatus.Awarded }),
    ).toBe(0);
    await expectHonestBudget(consultation.id);

    const mail = await first.dataSource
      .getRepository(OutboxMessage)
      .findBy({ recipient: org.user.email.toLowerCase(), template: 'funding' });
    for (const trial of trials) {
      const events = mail
        .filter((m) => m.payload.participant === trial.registration.participant.name)
        .map((m) => m.payload.event);
      expect(events.includes('awarded') && events.includes('withdrawn')).toBe(false);
      if (events.includes('awarded')) expect(events).toContain('released');
    }
  }, 120_000);

  it('25 awards racing a budget cut below them: exactly one of the two wins, and the awards never exceed the budget', async () => {
    const org = await focalPointWithOrganisation(first);
    for (let i = 0; i < 25; i++) {
      const consultation = await publishedConsultation(first, admin.token, {
        fundingBudget: { amount: '1000.00', currency: 'USD' },
      });
      const registration = await register(consultation.id, org);
      const application = (await apply(org.token, registration.id)).body;
      const [award, cut] = await Promise.all([
        decide(first, reviewer.token, application.id, { decision: 'award', amount: '600.00' }),
        second
          .http()
          .patch(`/api/v1/consultations/${consultation.id}`)
          .set(auth(admin.token))
          .send({ fundingBudget: { amount: '500.00', currency: 'USD' } }),
      ]);
      expect([award.status, cut.status].sort()).toEqual([200, 409]);
      const refused = award.status === 409 ? award : cut;
      expect(refused.body.code).toBe('BUDGET_EXCEEDED');
      await expectHonestBudget(consultation.id);
    }
  }, 120_000);

  it('lowering the budget below what is awarded is a 409 with a clear message, and changes nothing', async () => {
    const consultation = await publishedConsultation(first, admin.token, {
      fundingBudget: { amount: '1000.00', currency: 'USD' },
    });
    const org = await focalPointWithOrganisation(first);
    const application = (await apply(org.token, (await register(consultation.id, org)).id)).body;
    await decide(first, reviewer.token, application.id, {
      decision: 'award',
      amount: '600.00',
    }).expect(200);
    const refused = await first
      .http()
      .patch(`/api/v1/consultations/${consultation.id}`)
      .set(auth(admin.token))
      .send({ fundingBudget: { amount: '599.99', currency: 'USD' } })
      .expect(409);
    expect(refused.body).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      message: 'The budget cannot be lower than what has already been awarded.',
    });
    await first
      .http()
      .patch(`/api/v1/consultations/${consultation.id}`)
      .set(auth(admin.token))
      .send({ fundingBudget: { amount: '600.00', currency: 'USD' } })
      .expect(200);
    await expectHonestBudget(consultation.id);
    expect(
      (
        await first
          .http()
          .get(`/api/v1/consultations/${consultation.id}/funding`)
          .set(auth(reviewer.token))
      ).body,
    ).toMatchObject({ budget: '600.00', awarded: '600.00', remaining: '0.00' });
  });

  describe('a reviewer who is a member of the organisation cannot decide its funding (403); the record awaits another reviewer', () => {
    let consultation: { id: string };
    let member: Awaited<ReturnType<typeof staffToken>>;
    let application: { id: string };
    let browser: WebClient;
    let page: { text: string };
    const status = async () =>
      (
        await first.dataSource
          .getRepository(FundingApplication)
          .findOneByOrFail({ id: application.id })
      ).status;

    beforeAll(async () => {
      consultation = await publishedConsultation(first, admin.token, {
        fundingBudget: { amount: '1000.00', currency: 'USD' },
      });
      member = await staffToken(first, UserRole.Reviewer);
      const created = await first
        .http()
        .post('/api/v1/organisations')
        .set(auth(member.token))
        .send({
          name: `Reviewer's Own Network ${Date.now()}`,
          acronym: 'RON',
          country: 'SN',
          type: 'ngo',
          thematicAreas: ['health'],
          website: 'https://example.org',
          email: 'own@example.org',
          description: 'The reviewer belongs to it.',
          foundedYear: 2000,
        })
        .expect(201);
      const own = { token: member.token, organisation: { id: created.body.id as string } };
      application = (await apply(own.token, (await register(consultation.id, own)).id)).body;
    });

    it('refuses a member’s award or decline with 403 OWN_ORGANISATION, and changes nothing', async () => {
      const refused = await decide(first, member.token, application.id, {
        decision: 'award',
        amount: '100.00',
      }).expect(403);
      expect(refused.body).toMatchObject({
        code: 'OWN_ORGANISATION',
        message:
          'You are a member of this organisation, so another reviewer must decide its records.',
      });
      await decide(first, member.token, application.id, { decision: 'decline' }).expect(403);
      expect(await status()).toBe(FundingStatus.Submitted);
      await expectHonestBudget(consultation.id);
    });

    it('flags the application as awaiting another reviewer to the member, and only to them', async () => {
      const asMember = await first
        .http()
        .get(`/api/v1/consultations/${consultation.id}/funding-applications`)
        .set(auth(member.token))
        .expect(200);
      expect(asMember.body.items[0]).toMatchObject({
        id: application.id,
        awaitsAnotherReviewer: true,
      });
      const asOther = await first
        .http()
        .get(`/api/v1/consultations/${consultation.id}/funding-applications`)
        .set(auth(reviewer.token))
        .expect(200);
      expect(asOther.body.items[0]).toMatchObject({
        id: application.id,
        awaitsAnotherReviewer: false,
      });
    });

    it('says so on the member’s funding page, and offers no decision form', async () => {
      browser = await signIn(first, member.user.email);
      page = await browser.get(`/staff/consultations/${consultation.id}/funding`).expect(200);
      expect(page.text).toContain(
        'You are a member of this organisation: this application awaits another reviewer&#x27;s decision.',
      );
      expect(page.text).not.toContain(`/staff/funding-applications/${application.id}/decisions`);
    });

    it('answers a decision posted from the page anyway with the reason in a flash, and decides nothing', async () => {
      const posted = await browser.agent
        .post(`/staff/funding-applications/${application.id}/decisions`)
        .type('form')
        .send({ _csrf: csrfIn(page.text), decision: 'award', amount: '100.00' });
      expect(posted.status).toBe(303);
      expect((await browser.get(`/staff/consultations/${consultation.id}/funding`)).text).toContain(
        'You are a member of this organisation, so another reviewer must decide its records.',
      );
      expect(await status()).toBe(FundingStatus.Submitted);
    });

    it('lets another reviewer decide', async () => {
      await decide(first, reviewer.token, application.id, {
        decision: 'award',
        amount: '100.00',
      }).expect(200);
    });
  });

  describe('a decided application keeps the score its decision recorded when other registrations come and go; an undecided one moves with today', () => {
    let consultation: { id: string };
    let decided: { id: string };
    let undecided: { id: string };
    let others: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    const crowd: { id: string }[] = [];
    let byId: Map<string, unknown>;
    let ranked: Response;

    beforeAll(async () => {
      consultation = await publishedConsultation(first, admin.token, { capacity: 50 });
      const applicant = await focalPointWithOrganisation(first, {
        country: 'SN',
        migrantLed: false,
        foundedYear: 1990,
      });
      decided = (
        await apply(
          applicant.token,
          (await register(consultation.id, applicant, { gender: 'female' })).id,
          { departureCountry: 'CH', departureCity: 'Geneva' },
        )
      ).body;
      const waiting = await focalPointWithOrganisation(first, {
        country: 'FR',
        migrantLed: false,
        foundedYear: 1990,
      });
      undecided = (
        await apply(
          waiting.token,
          (await register(consultation.id, waiting, { gender: 'male' })).id,
          { departureCountry: 'CH', departureCity: 'Geneva' },
        )
      ).body;
      // Before the decision, three more women from African organisations are confirmed...
      others = await focalPointWithOrganisation(first, { country: 'SN' });
      for (let i = 0; i < 3; i++)
        crowd.push(await register(consultation.id, others, { gender: 'female' }));
    });

    it('records the score of the decision beside the score at submission', async () => {
      const award = await decide(first, reviewer.token, decided.id, {
        decision: 'award',
        amount: '100.00',
      }).expect(200);
      expect(award.body.priority.score).toBe(15);
      expect(award.body.priorityAtSubmission.score).toBe(15 + 20 + 10);
    });

    it('keeps the recorded score of a decided application when the facts change', async () => {
      // ...and after it they cancel, and a man from Europe is confirmed: today's scores move, the decision's does not.
      for (const registration of crowd)
        await first
          .http()
          .post(`/api/v1/registrations/${registration.id}/cancel`)
          .set(auth(others.token))
          .expect(200);
      await register(consultation.id, await focalPointWithOrganisation(first, { country: 'FR' }), {
        gender: 'male',
      });
      ranked = await first
        .http()
        .get(`/api/v1/consultations/${consultation.id}/funding-applications`)
        .set(auth(reviewer.token))
        .expect(200);
      byId = new Map(ranked.body.items.map((item: { id: string }) => [item.id, item]));
      expect(byId.get(decided.id)).toMatchObject({
        status: 'awarded',
        priority: { score: 15, reasons: ["The organisation's first consultation (+15)"] },
        priorityAtSubmission: { score: 45 },
        priorityToday: { score: 45 },
      });
    });

    it('ranks and shows an undecided application by today’s score', () => {
      // Europe and men are no longer scarce.
      expect(byId.get(undecided.id)).toMatchObject({
        status: 'submitted',
        priority: { score: 15 },
        priorityToday: { score: 15 },
        priorityAtSubmission: { score: 45 },
      });
      expect(ranked.body.items[0].id).toBe(undecided.id);
    });

    it('says on the staff page which score the decision recorded and which is today’s', async () => {
      const staff = await signIn(first, reviewer.user.email);
      const page = await staff.get(`/staff/consultations/${consultation.id}/funding`).expect(200);
      expect(page.text).toContain('Priority 15</strong> (recorded at the decision');
      expect(page.text).toContain('Priority 15</strong> (today&#x27;s score; 45 when submitted)');
    });
  });

  describe('"first consultation" means no earlier consultation by date, whatever happens at later ones', () => {
    let current: { id: string };
    let a: { id: string };
    let b: { id: string };
    let byId: Map<string, unknown>;

    beforeAll(async () => {
      const now = Date.now();
      const dates = (startsIn: number, closesIn: number) => {
        const startsAt = new Date(now + startsIn * DAY);
        return {
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 8 * 3_600_000).toISOString(),
          registrationClosesAt: new Date(now + closesIn * DAY).toISOString(),
          fundingDeadline: new Date(
            now + Math.min(closesIn, startsIn) * DAY - 3_600_000,
          ).toISOString(),
          sessions: [],
        };
      };
      const earlier = await publishedConsultation(first, admin.token, {
        capacity: 50,
        ...dates(40, 30),
      });
      current = await publishedConsultation(first, admin.token, {
        capacity: 50,
        ...dates(90, 60),
      });
      const later = await publishedConsultation(first, admin.token, {
        capacity: 50,
        ...dates(200, 60),
      });
      const newcomer = await focalPointWithOrganisation(first, {
        country: 'CH',
        migrantLed: false,
        foundedYear: 1950,
      });
      const returning = await focalPointWithOrganisation(first, {
        country: 'CH',
        migrantLed: false,
        foundedYear: 1950,
      });
      await register(later.id, newcomer, { gender: 'undisclosed' });
      await register(earlier.id, returning, { gender: 'undisclosed' });
      a = (
        await apply(
          newcomer.token,
          (await register(current.id, newcomer, { gender: 'undisclosed' })).id,
          { departureCountry: 'CH' },
        )
      ).body;
      b = (
        await apply(
          returning.token,
          (await register(current.id, returning, { gender: 'undisclosed' })).id,
          { departureCountry: 'CH' },
        )
      ).body;
      const ranked = await first
        .http()
        .get(`/api/v1/consultations/${current.id}/funding-applications`)
        .set(auth(reviewer.token))
        .expect(200);
      byId = new Map(ranked.body.items.map((item: { id: string }) => [item.id, item]));
    });

    it('counts an organisation registered only for a later consultation as a first-timer', () => {
      // The newcomer applied alone (its region then had no one else: +20); the returning one after it.
      expect(byId.get(a.id)).toMatchObject({
        priority: { score: 15, reasons: ["The organisation's first consultation (+15)"] },
        priorityAtSubmission: { score: 35 },
      });
    });

    it('does not count an organisation registered for an earlier consultation as a first-timer', () => {
      expect(byId.get(b.id)).toMatchObject({
        priority: { score: 0, reasons: [] },
        priorityAtSubmission: { score: 0 },
      });
    });

    it('counts first-timers the same way in the participation figures', async () => {
      const participation = await first
        .http()
        .get(`/api/v1/consultations/${current.id}/participation`)
        .set(auth(reviewer.token))
        .expect(200);
      expect(participation.body.firstTime).toEqual({
        yes: { confirmed: 1, funded: 0 },
        no: { confirmed: 1, funded: 0 },
      });
    });
  });

  describe('says where the money went: a released award reads as returned to the budget, in mail, pages and the CSV', () => {
    let consultation: { id: string };
    let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let registration: Awaited<ReturnType<typeof register>>;
    let application: { id: string };
    let staff: WebClient;
    let applicant: WebClient;

    beforeAll(async () => {
      consultation = await publishedConsultation(first, admin.token, {
        fundingBudget: { amount: '1000.00', currency: 'USD' },
      });
      org = await focalPointWithOrganisation(first);
      registration = await register(consultation.id, org);
      application = (await apply(org.token, registration.id)).body;
      staff = await signIn(first, reviewer.user.email);
    });

    it('tells staff on the funding page that the award was made, and of how much', async () => {
      const page = await staff.get(`/staff/consultations/${consultation.id}/funding`).expect(200);
      await staff.agent
        .post(`/staff/funding-applications/${application.id}/decisions`)
        .type('form')
        .send({
          _csrf: csrfIn(page.text),
          decision: 'award',
          amount: '600.00',
          reason: 'Airfare covered.',
        })
        .expect(303);
      const awarded = await staff
        .get(`/staff/consultations/${consultation.id}/funding`)
        .expect(200);
      expect(awarded.text).toContain('Travel funding of 600.00\u00a0USD has been awarded.');
      expect(awarded.text).toContain('Awarded: 600.00\u00a0USD');
    });

    it('tells the applicant that a withdrawal after the decision comes too late, not with an error page', async () => {
      applicant = await signIn(first, org.user.email);
      const before = await applicant
        .get(`/organisations/${org.organisation.id}/delegation`)
        .expect(200);
      expect(before.text).toContain(
        'Travel funding (600.00\u00a0USD requested): Awarded: 600.00\u00a0USD',
      );
      await applicant.agent
        .post(`/funding-applications/${application.id}/withdraw`)
        .type('form')
        .send({ _csrf: csrfIn(before.text) })
        .expect(303);
      expect(
        (await applicant.get(`/organisations/${org.organisation.id}/delegation`)).text,
      ).toContain('This application has already been decided.');
    });

    it('shows staff the award of a cancelled registration as returned to the budget', async () => {
      await first
        .http()
        .post(`/api/v1/registrations/${registration.id}/cancel`)
        .set(auth(org.token))
        .expect(200);
      const released = await staff
        .get(`/staff/consultations/${consultation.id}/funding`)
        .expect(200);
      expect(released.text).toContain(
        'Released — the 600.00\u00a0USD award was returned to the budget',
      );
      expect(released.text).not.toContain('600.00\u00a0USD awarded');
    });

    it('shows the applicant the released award as returned to the budget', async () => {
      const delegation = await applicant
        .get(`/organisations/${org.organisation.id}/delegation`)
        .expect(200);
      expect(delegation.text).toContain(
        'Travel funding (600.00\u00a0USD requested): Released — the 600.00\u00a0USD award was returned to the budget',
      );
    });

    it('writes the release to the outbox with the amount, and not the award’s reason', async () => {
      const mail = await first.dataSource
        .getRepository(OutboxMessage)
        .findBy({ recipient: org.user.email.toLowerCase(), template: 'funding' });
      const release = mail.find((m) => m.payload.event === 'released')!;
      expect(release.payload).toMatchObject({ awarded: '600.00', reason: '' });
    });

    it('mails that the amount went back to the budget because the registration ended', async () => {
      await first.deliverMail();
      const sent = await Promise.all(
        readdirSync(first.mailDir).map(async (file) =>
          simpleParser(readFileSync(join(first.mailDir, file))),
        ),
      );
      const told = sent.find(
        (m) =>
          m.subject?.startsWith('Travel funding award cancelled') &&
          m.text?.includes(registration.participant.name),
      )!;
      expect(told.text).toContain('The travel funding award of 600.00\u00a0USD for');
      expect(told.text).toContain(
        "has been cancelled because the registration has ended; the amount has been returned to the consultation's budget.",
      );
      expect(told.text).not.toContain('Airfare covered.');
    });

    it('exports the application as released, with no amount awarded', async () => {
      const csv = await first
        .http()
        .get(`/api/v1/consultations/${consultation.id}/funding-applications.csv`)
        .set(auth(reviewer.token))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      const rows: string[][] = parse((csv.body as Buffer).subarray(3).toString('utf8'));
      expect(rows[1][4]).toBe('released');
      expect(rows[1][6]).toBe('');
    });
  });
});

describe('the funding integrity migration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('repairs a counter leaked by the old races and a budget lowered under its awards, then holds them with a CHECK', () => {
    let reviewer: Awaited<ReturnType<typeof staffToken>>;
    let consultation: { id: string };
    const p = (n: number) => (onPostgres ? `$${n}` : '?');
    const query = async (sql: string, parameters: unknown[]) => {
      const runner = t.dataSource.createQueryRunner();
      try {
        return await runner.query(sql, parameters);
      } finally {
        await runner.release();
      }
    };

    beforeAll(async () => {
      const admin = await staffToken(t, UserRole.Admin);
      reviewer = await staffToken(t, UserRole.Reviewer);
      consultation = await publishedConsultation(t, admin.token, {
        fundingBudget: { amount: '1000.00', currency: 'USD' },
      });
      const org = await focalPointWithOrganisation(t);
      const ids: string[] = [];
      for (const amount of ['600.00', '300.00']) {
        const registration = await t
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: participant() })
          .expect(201);
        const application = await t
          .http()
          .post(`/api/v1/registrations/${registration.body.id}/funding-applications`)
          .set(auth(org.token))
          .send({
            lines: [{ kind: 'airfare', amount }],
            currency: 'USD',
            departureCity: 'Dakar',
            departureCountry: 'SN',
            justification: 'No budget for international travel.',
          })
          .expect(201);
        await t
          .http()
          .post(`/api/v1/funding-applications/${application.body.id}/decisions`)
          .set(auth(reviewer.token))
          .send({ decision: 'award' })
          .expect(200);
        ids.push(application.body.id);
      }
      const runner = t.dataSource.createQueryRunner();
      try {
        const migration = new FundingIntegrity1764720000000();
        await migration.down(runner);
        // What the races left behind: an award counted for a withdrawn application, a budget below its awards.
        await runner.query(
          `UPDATE funding_applications SET status = 'withdrawn' WHERE id = ${p(1)}`,
          [ids[1]],
        );
        await runner.query(
          `UPDATE consultations SET "fundingBudgetMinor" = 50000 WHERE id = ${p(1)}`,
          [consultation.id],
        );
        await migration.up(runner);
      } finally {
        await runner.release();
      }
    });

    it('counts only the awards that stand, and raises the budget to them, in the budget row and the consultation', async () => {
      const [budget] = await query(
        `SELECT "awardedMinor", "budgetMinor" FROM funding_budgets WHERE "consultationId" = ${p(1)}`,
        [consultation.id],
      );
      expect({ awarded: Number(budget.awardedMinor), budget: Number(budget.budgetMinor) }).toEqual({
        awarded: 60000,
        budget: 60000,
      });
      const [row] = await query(
        `SELECT "fundingBudgetMinor" FROM consultations WHERE id = ${p(1)}`,
        [consultation.id],
      );
      expect(Number(row.fundingBudgetMinor)).toBe(60000);
    });

    it('refuses with a CHECK an awarded total over the budget', async () => {
      await expect(
        query(
          `UPDATE funding_budgets SET "awardedMinor" = 60001 WHERE "consultationId" = ${p(1)}`,
          [consultation.id],
        ),
      ).rejects.toThrow(/CHECK|check constraint/i);
    });

    it('reports the repaired budget through the API', async () => {
      const summary = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/funding`)
        .set(auth(reviewer.token))
        .expect(200);
      expect(summary.body).toMatchObject({
        budget: '600.00',
        awarded: '600.00',
        remaining: '0.00',
      });
    });
  });
});
