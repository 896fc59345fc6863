import { parse } from 'csv-parse/sync';
import { UserRole } from '../src/accounts/user.entity';
import { ApplyDto, CostLineDto, FundingDecisionDto } from '../src/funding/dto/funding.dto';
import { FundingApplication } from '../src/funding/funding-application.entity';
import { CreateOrganisationDto } from '../src/organisations/dto/organisation.dto';
import { ParticipantDto } from '../src/registrations/dto/registration.dto';
import { participant, publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const LINES = [
  { kind: 'airfare', amount: '800.10' },
  { kind: 'accommodation', amount: '399.95' },
];

describe('travel funding', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };
  let reviewer: { token: string };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
    reviewer = await staffToken(t, UserRole.Reviewer);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  async function registered(
    consultationId: string,
    orgOverrides: Partial<CreateOrganisationDto> = {},
    who: Partial<ParticipantDto> = {},
    locale: 'en' | 'fr' | 'es' = 'en',
  ) {
    const org = await focalPointWithOrganisation(t, orgOverrides, locale);
    const registration = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant(who) })
      .expect(201);
    return { ...org, registration: registration.body as { id: string } };
  }

  const apply = (token: string, registrationId: string, body: Partial<ApplyDto> = {}) =>
    t
      .http()
      .post(`/api/v1/registrations/${registrationId}/funding-applications`)
      .set(auth(token))
      .send({
        lines: LINES,
        currency: 'USD',
        departureCity: 'Dakar',
        departureCountry: 'SN',
        justification: 'No budget for international travel.',
        ...body,
      });

  it('keeps money exact: 800.10 + 399.95 = 1200.05, stored in minor units', async () => {
    const consultation = await publishedConsultation(t, admin.token);
    const { token, registration, user } = await registered(consultation.id, {}, {}, 'fr');
    const response = await apply(token, registration.id).expect(201);
    expect(response.body).toMatchObject({
      requestedTotal: '1200.05',
      currency: 'USD',
      status: 'submitted',
      lines: LINES,
    });
    const stored = await t.dataSource
      .getRepository(FundingApplication)
      .findOneByOrFail({ id: response.body.id });
    expect(stored.requestedMinor).toBe(120005);
    await t.deliverMail();
    const receipt = await mail.waitFor(user.email, (m) =>
      m.text.includes('1\u202f200,05\u00a0USD'),
    );
    // The applicant reads French: the amount as French writes it.
    expect(receipt.text).toContain('d’un montant de 1\u202f200,05\u00a0USD.');
  });

  it.each([
    ['three decimals', [{ kind: 'airfare', amount: '10.001' }]],
    ['a negative amount', [{ kind: 'airfare', amount: '-10.00' }]],
    ['zero', [{ kind: 'airfare', amount: '0.00' }]],
    ['not a number', [{ kind: 'airfare', amount: 'ten' }]],
    ['a number instead of a string', [{ kind: 'airfare', amount: 10 }]],
    ['an unknown kind', [{ kind: 'limousine', amount: '10.00' }]],
    ['no line', []],
  ])('refuses %s with 400 and stores nothing', async (_name, lines) => {
    const consultation = await publishedConsultation(t, admin.token);
    const { token, registration } = await registered(consultation.id);
    // Deliberately invalid lines: the DTO's type is what the API must refuse.
    const response = await apply(token, registration.id, {
      lines: lines as CostLineDto[],
    }).expect(400);
    expect(response.body.statusCode).toBe(400);
    expect(
      await t.dataSource
        .getRepository(FundingApplication)
        .countBy({ registrationId: registration.id }),
    ).toBe(0);
  });

  it('refuses applications after the deadline (409 DEADLINE_PASSED), twice for one registration, and another organisation’s registration', async () => {
    const closed = await publishedConsultation(t, admin.token, {
      fundingDeadline: new Date(Date.now() - 60_000).toISOString(),
    });
    const late = await registered(closed.id);
    const response = await apply(late.token, late.registration.id).expect(409);
    expect(response.body.code).toBe('DEADLINE_PASSED');

    const open = await publishedConsultation(t, admin.token);
    const a = await registered(open.id);
    const b = await registered(open.id);
    await apply(a.token, a.registration.id).expect(201);
    expect((await apply(a.token, a.registration.id).expect(409)).body.code).toBe(
      'INVALID_TRANSITION',
    );
    await apply(b.token, a.registration.id).expect(404);
    await apply(a.token, '00000000-0000-4000-8000-000000000000').expect(404);
    await apply(b.token, b.registration.id, { currency: 'EUR' }).expect(400);
  });

  describe('awarding against a cap of 1000.00 per application', () => {
    let consultation: { id: string };
    let settings: Response;
    let a: Awaited<ReturnType<typeof registered>>;
    let b: Awaited<ReturnType<typeof registered>>;
    let application: { id: string };
    const decide = (token: string, body: FundingDecisionDto) =>
      t
        .http()
        .post(`/api/v1/funding-applications/${application.id}/decisions`)
        .set(auth(token))
        .send(body);

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, {
        fundingBudget: { amount: '5000.00', currency: 'USD' },
      });
      settings = await t
        .http()
        .patch(`/api/v1/consultations/${consultation.id}/funding`)
        .set(auth(admin.token))
        .send({ capPerApplication: '1000.00', lineKinds: ['airfare', 'accommodation'] })
        .expect(200);
      a = await registered(consultation.id);
      b = await registered(consultation.id);
    });

    it('sets a cap per application and the cost lines that may be claimed', () => {
      expect(settings.body).toMatchObject({
        capPerApplication: '1000.00',
        lineKinds: ['airfare', 'accommodation'],
      });
    });

    it('refuses a cost line the consultation does not cover', async () => {
      const notClaimable = await apply(a.token, a.registration.id, {
        lines: [{ kind: 'per_diem', amount: '50.00' }],
      }).expect(400);
      expect(notClaimable.body.message[0]).toMatch(/^lines\.0\.kind:/);
    });

    it('accepts an application for the lines that may be claimed', async () => {
      application = (await apply(a.token, a.registration.id).expect(201)).body;
    });

    it("lets no CSO user award, read another's application, or list the applications", async () => {
      await decide(a.token, { decision: 'award', amount: '100.00' }).expect(403);
      await t
        .http()
        .get(`/api/v1/funding-applications/${application.id}`)
        .set(auth(b.token))
        .expect(404);
      await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/funding-applications`)
        .set(auth(a.token))
        .expect(403);
    });

    it('refuses an award above the request or above the cap', async () => {
      await decide(reviewer.token, { decision: 'award', amount: '1200.06' }).expect(400);
      await decide(reviewer.token, { decision: 'award', amount: '1000.01' }).expect(400);
    });

    it('awards part of a request, and decides an application once', async () => {
      const awarded = await decide(reviewer.token, {
        decision: 'award',
        amount: '750.50',
        reason: 'Airfare covered.',
      }).expect(200);
      expect(awarded.body).toMatchObject({ status: 'awarded', awardedAmount: '750.50' });
      await decide(reviewer.token, { decision: 'decline' }).expect(409);
    });

    it('takes an award from the remaining budget', async () => {
      const budget = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/funding`)
        .set(auth(reviewer.token))
        .expect(200);
      expect(budget.body).toMatchObject({
        budget: '5000.00',
        awarded: '750.50',
        remaining: '4249.50',
        currency: 'USD',
      });
    });

    it('refuses to lower the budget below what is awarded', async () => {
      await t
        .http()
        .patch(`/api/v1/consultations/${consultation.id}`)
        .set(auth(admin.token))
        .send({ fundingBudget: { amount: '700.00', currency: 'USD' } })
        .expect(409);
    });
  });

  it('twelve concurrent awards of 100.00 against 300.00 remaining: exactly three awarded, nine BUDGET_EXCEEDED', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      capacity: 50,
      fundingBudget: { amount: '300.00', currency: 'USD' },
    });
    const applications: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { token, registration } = await registered(consultation.id);
      applications.push(
        (
          await apply(token, registration.id, {
            lines: [{ kind: 'airfare', amount: '250.00' }],
          }).expect(201)
        ).body.id,
      );
    }
    const second = await createTestApp({ database: t.database });
    try {
      const reviewerTwo = await staffToken(second, UserRole.Reviewer);
      const responses = await Promise.all(
        applications.map((id, i) =>
          (i % 2 ? second : t)
            .http()
            .post(`/api/v1/funding-applications/${id}/decisions`)
            .set(auth(i % 2 ? reviewerTwo.token : reviewer.token))
            .send({ decision: 'award', amount: '100.00' }),
        ),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(3);
      const refused = responses.filter((r) => r.status === 409);
      expect(refused).toHaveLength(9);
      expect(refused.every((r) => r.body.code === 'BUDGET_EXCEEDED')).toBe(true);
    } finally {
      await second.close();
    }
    const budget = await t
      .http()
      .get(`/api/v1/consultations/${consultation.id}/funding`)
      .set(auth(reviewer.token))
      .expect(200);
    expect(budget.body).toMatchObject({ awarded: '300.00', remaining: '0.00' });
  });

  describe('an award released when its registration is cancelled, the money back in the budget', () => {
    let consultation: { id: string };
    let applicant: Awaited<ReturnType<typeof registered>>;
    let application: { id: string };
    const summary = async () =>
      (
        await t
          .http()
          .get(`/api/v1/consultations/${consultation.id}/funding`)
          .set(auth(reviewer.token))
      ).body;

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, {
        fundingBudget: { amount: '1000.00', currency: 'USD' },
      });
      applicant = await registered(consultation.id);
      application = (await apply(applicant.token, applicant.registration.id).expect(201)).body;
    });

    it('takes an award out of what remains of the budget', async () => {
      await t
        .http()
        .post(`/api/v1/funding-applications/${application.id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'award', amount: '600.00' })
        .expect(200);
      expect((await summary()).remaining).toBe('400.00');
    });

    it('releases the award of a cancelled registration and returns the money to the budget', async () => {
      await t
        .http()
        .post(`/api/v1/registrations/${applicant.registration.id}/cancel`)
        .set(auth(applicant.token))
        .expect(200);
      expect(
        (
          await t
            .http()
            .get(`/api/v1/funding-applications/${application.id}`)
            .set(auth(applicant.token))
        ).body.status,
      ).toBe('released');
      expect(await summary()).toMatchObject({ awarded: '0.00', remaining: '1000.00' });
    });

    it('tells the applicant by mail that the award, and its amount, is cancelled', async () => {
      await t.deliverMail();
      expect(
        (
          await mail.waitFor(applicant.user.email, (m) =>
            m.subject.startsWith('Travel funding award cancelled'),
          )
        ).text,
      ).toContain('600.00\u00a0USD');
    });

    it('lets an applicant withdraw an undecided application, once', async () => {
      const other = await registered(consultation.id);
      const pending = (await apply(other.token, other.registration.id).expect(201)).body;
      await t
        .http()
        .post(`/api/v1/funding-applications/${pending.id}/withdraw`)
        .set(auth(other.token))
        .expect(200);
      await t
        .http()
        .post(`/api/v1/funding-applications/${pending.id}/withdraw`)
        .set(auth(other.token))
        .expect(409);
    });
  });

  it('releases an award when staff reject its pending registration', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      requiresApproval: true,
      fundingBudget: { amount: '1000.00', currency: 'USD' },
    });
    const { token, registration } = await registered(consultation.id);
    const application = (await apply(token, registration.id).expect(201)).body;
    await t
      .http()
      .post(`/api/v1/funding-applications/${application.id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'award', amount: '400.00' })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/registrations/${registration.id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'reject', reason: 'Not within the theme' })
      .expect(200);
    expect(
      (await t.http().get(`/api/v1/funding-applications/${application.id}`).set(auth(token))).body
        .status,
    ).toBe('released');
    expect(
      (
        await t
          .http()
          .get(`/api/v1/consultations/${consultation.id}/funding`)
          .set(auth(reviewer.token))
      ).body,
    ).toMatchObject({ awarded: '0.00', remaining: '1000.00' });
  });

  it('releases every award when the consultation is cancelled', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      fundingBudget: { amount: '1000.00', currency: 'USD' },
    });
    const { token, registration } = await registered(consultation.id);
    const application = (await apply(token, registration.id).expect(201)).body;
    await t
      .http()
      .post(`/api/v1/funding-applications/${application.id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'award', amount: '600.00' })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/cancel`)
      .set(auth(admin.token))
      .send({ reason: 'The venue is no longer available.' })
      .expect(200);
    expect(
      (await t.http().get(`/api/v1/funding-applications/${application.id}`).set(auth(token))).body
        .status,
    ).toBe('released');
  });

  describe('applications ranked by priority, with reasons that match the facts', () => {
    let consultation: { id: string };
    let first: { organisation: { name: string }; priority: { reasons: string[]; score: number } };
    let second: typeof first;

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, { capacity: 50 });
      // Already confirmed: three men from European organisations.
      for (let i = 0; i < 3; i++)
        await registered(consultation.id, { country: 'FR', migrantLed: false }, { gender: 'male' });
      const favoured = await registered(
        consultation.id,
        {
          country: 'AF',
          name: 'Afghan Women Network',
          foundedYear: new Date().getUTCFullYear() - 1,
          migrantLed: true,
          womenLed: true,
        },
        { gender: 'female' },
      );
      const usual = await registered(
        consultation.id,
        { country: 'CH', name: 'Geneva Forum', foundedYear: 1950, migrantLed: false },
        { gender: 'male' },
      );
      await apply(usual.token, usual.registration.id, {
        departureCountry: 'CH',
        departureCity: 'Geneva',
        couldAttendWithout: true,
      }).expect(201);
      await apply(favoured.token, favoured.registration.id, {
        departureCountry: 'AF',
        departureCity: 'Kabul',
        couldAttendWithout: false,
      }).expect(201);
      const ranked = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/funding-applications`)
        .set(auth(reviewer.token))
        .expect(200);
      [first, second] = ranked.body.items;
    });

    it('ranks first the application with the most reasons, each reason named with its points', () => {
      expect(first.organisation.name).toBe('Afghan Women Network');
      expect(first.priority.reasons).toEqual([
        'Departs from Afghanistan, a least developed country (+30)',
        'Asia is under-represented among the other confirmed participants so far (0%) (+20)',
        "The organisation's first consultation (+15)",
        `A small, young organisation, founded in ${new Date().getUTCFullYear() - 1} (+10)`,
        'Led by migrants (+10)',
        'Led by women (+5)',
        "Improves the gender balance: 0% of the other confirmed participants share the participant's gender (+10)",
        'Could not attend without funding (+10)',
      ]);
      expect(first.priority.score).toBe(110);
    });

    it('gives an application only the reasons its facts support', () => {
      expect(second.organisation.name).toBe('Geneva Forum');
      expect(second.priority.reasons).toEqual(["The organisation's first consultation (+15)"]);
      expect(second.priority.score).toBe(15);
    });

    it('exports the ranking, with the score, as CSV', async () => {
      const csv = await t
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
      expect(rows[1][1]).toBe('Afghan Women Network');
      expect(rows[1][8]).toBe('110');
    });
  });

  describe('who is represented, confirmed and funded, by region, type, gender, first time and leadership', () => {
    let consultation: { id: string };
    let a: Awaited<ReturnType<typeof registered>>;

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, { capacity: 50 });
      a = await registered(
        consultation.id,
        { country: 'SN', type: 'migrant_association', migrantLed: true },
        { gender: 'female' },
      );
      await registered(
        consultation.id,
        { country: 'FR', type: 'ngo', migrantLed: false },
        { gender: 'male' },
      );
      const application = (await apply(a.token, a.registration.id).expect(201)).body;
      await t
        .http()
        .post(`/api/v1/funding-applications/${application.id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'award' })
        .expect(200);
    });

    it('counts the confirmed and the funded along every dimension', async () => {
      const participation = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/participation`)
        .set(auth(reviewer.token))
        .expect(200);
      expect(participation.body).toMatchObject({
        confirmed: 2,
        funded: 1,
        region: { africa: { confirmed: 1, funded: 1 }, europe: { confirmed: 1, funded: 0 } },
        organisationType: {
          migrant_association: { confirmed: 1, funded: 1 },
          ngo: { confirmed: 1, funded: 0 },
        },
        gender: { female: { confirmed: 1, funded: 1 }, male: { confirmed: 1, funded: 0 } },
        firstTime: { yes: { confirmed: 2, funded: 1 } },
        migrantLed: { yes: { confirmed: 1, funded: 1 }, no: { confirmed: 1, funded: 0 } },
      });
    });

    it('keeps the counts from CSO users (403)', async () => {
      await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/participation`)
        .set(auth(a.token))
        .expect(403);
    });

    it('sends a bearer token on the participation page to sign in: pages take the session cookie', async () => {
      const page = await t
        .http()
        .get(`/staff/consultations/${consultation.id}/participation`)
        .set(auth(reviewer.token));
      expect(page.status).toBe(303);
    });
  });
});
