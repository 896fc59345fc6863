import { UserRole } from '../src/accounts/user.entity';
import { FundingApplication } from '../src/funding/funding-application.entity';
import { Registration } from '../src/registrations/registration.entity';
import { PASSWORD, userFactory } from './support/factories';
import { consultationFactory, publishedConsultation } from './support/consultations';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { csrfIn, WebClient } from './support/web-client';

async function signIn(t: TestApp, email: string) {
  const browser = new WebClient(t);
  expect((await browser.submit('/signin', { email, password: PASSWORD })).status).toBe(303);
  return browser;
}

describe('registration and funding through the pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('delegates registered, funded, decided and checked in through the pages', () => {
    let consultation: { id: string };
    let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let browser: WebClient;
    let staff: WebClient;
    let form: { text: string };
    let submissionId: string;
    const awa = () =>
      t.dataSource
        .getRepository(Registration)
        .findOneByOrFail({ participantEmail: 'awa@example.org' });
    const applicationOfAwa = async () =>
      t.dataSource
        .getRepository(FundingApplication)
        .findOneByOrFail({ registrationId: (await awa()).id });

    beforeAll(async () => {
      const admin = await staffToken(t, UserRole.Admin);
      consultation = await publishedConsultation(t, admin.token, {
        capacity: 1,
        fundingBudget: { amount: '1000.00', currency: 'USD' },
      });
      focal = await focalPointWithOrganisation(t, { country: 'SN' }, 'fr');
      browser = await signIn(t, focal.user.email);
      const reviewer = await userFactory(t, { role: UserRole.Reviewer });
      staff = await signIn(t, reviewer.email);
    });

    it('links the page of an open consultation to its registration form', async () => {
      const page = await browser.get(`/consultations/${consultation.id}`).expect(200);
      expect(page.text).toContain(`/consultations/${consultation.id}/register`);
      form = await browser.get(`/consultations/${consultation.id}/register`).expect(200);
      submissionId = /name="submissionId" value="([^"]+)"/.exec(form.text)![1];
    });

    it('shows an empty registration form again, linking to the field to fill', async () => {
      const empty = await browser.agent
        .post(`/consultations/${consultation.id}/register`)
        .type('form')
        .send({ _csrf: csrfIn(form.text), organisationId: focal.organisation.id, submissionId });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('href="#field-email"');
    });

    it('registers a delegate once when the same form is sent twice', async () => {
      const delegate = {
        _csrf: csrfIn(form.text),
        organisationId: focal.organisation.id,
        name: 'Awa Ndiaye',
        email: 'awa@example.org',
        gender: 'female',
        nationality: 'SN',
        needsVisaLetter: 'true',
        submissionId,
      };
      const first = await browser.agent
        .post(`/consultations/${consultation.id}/register`)
        .type('form')
        .send(delegate);
      expect(first.status).toBe(303);
      const again = await browser.agent
        .post(`/consultations/${consultation.id}/register`)
        .type('form')
        .send(delegate);
      expect(again.status).toBe(303);
      expect(
        await t.dataSource
          .getRepository(Registration)
          .countBy({ participantEmail: 'awa@example.org' }),
      ).toBe(1);
    });

    it('lists every delegate of the organisation, with a visa need kept and a link to apply for funding', async () => {
      const second = await browser.submit(`/consultations/${consultation.id}/register`, {
        organisationId: focal.organisation.id,
        name: 'Moussa Diop',
        email: 'moussa@example.org',
        gender: 'male',
        nationality: 'SN',
      });
      expect(second.status).toBe(303);
      const delegation = await browser
        .get(`/organisations/${focal.organisation.id}/delegation`)
        .expect(200);
      expect(delegation.text).toContain('Awa Ndiaye');
      expect(delegation.text).toContain('Moussa Diop');
      const registration = await awa();
      expect(registration.needsVisaLetter).toBe(true);
      expect(delegation.text).toContain(`/registrations/${registration.id}/funding`);
    });

    it('shows a funding form with a bad amount again, with the field to fix and the value typed', async () => {
      const { id } = await awa();
      const apply = await browser.get(`/registrations/${id}/funding`).expect(200);
      const badAmount = await browser.agent
        .post(`/registrations/${id}/funding`)
        .type('form')
        .send({
          _csrf: csrfIn(apply.text),
          amount_airfare: '800.999',
          departureCity: 'Dakar',
          departureCountry: 'SN',
          justification: 'Notre association ne peut pas financer le voyage.',
          couldAttendWithout: 'false',
        });
      expect(badAmount.status).toBe(400);
      expect(badAmount.text).toContain('href="#field-amount_airfare"');
      expect(badAmount.text).toContain('value="800.999"');
    });

    it('asks again when "could they attend without funding?" is left unanswered', async () => {
      const { id } = await awa();
      const apply = await browser.get(`/registrations/${id}/funding`).expect(200);
      const unanswered = await browser.agent
        .post(`/registrations/${id}/funding`)
        .type('form')
        .send({
          _csrf: csrfIn(apply.text),
          amount_airfare: '800.10',
          departureCity: 'Dakar',
          departureCountry: 'SN',
          justification: 'Notre association ne peut pas financer le voyage.',
        });
      expect(unanswered.status).toBe(400);
      expect(unanswered.text).toContain('href="#field-couldAttendWithout"');
      expect(
        await t.dataSource.getRepository(FundingApplication).countBy({ registrationId: id }),
      ).toBe(0);
    });

    it('records a funding request as the sum of its cost lines', async () => {
      const { id } = await awa();
      const apply = await browser.get(`/registrations/${id}/funding`).expect(200);
      const applied = await browser.agent
        .post(`/registrations/${id}/funding`)
        .type('form')
        .send({
          _csrf: csrfIn(apply.text),
          amount_airfare: '800.10',
          amount_accommodation: '399.95',
          departureCity: 'Dakar',
          departureCountry: 'SN',
          justification: 'Notre association ne peut pas financer le voyage.',
          couldAttendWithout: 'false',
        });
      expect(applied.status).toBe(303);
      expect((await applicationOfAwa()).requestedMinor).toBe(120005);
    });

    it('lets a reviewer award part of a request, which the delegation then sees', async () => {
      const application = await applicationOfAwa();
      const funding = await staff
        .get(`/staff/consultations/${consultation.id}/funding`)
        .expect(200);
      expect(funding.text).toContain('Awa Ndiaye');
      expect(funding.text).toContain('least developed country');
      const decided = await staff.agent
        .post(`/staff/funding-applications/${application.id}/decisions`)
        .type('form')
        .send({
          _csrf: csrfIn(funding.text),
          decision: 'award',
          amount: '900.00',
          reason: 'Partial award.',
        });
      expect(decided.status).toBe(303);
      expect(
        (
          await t.dataSource
            .getRepository(FundingApplication)
            .findOneByOrFail({ id: application.id })
        ).awardedMinor,
      ).toBe(90000);
      const seen = await browser
        .get(`/organisations/${focal.organisation.id}/delegation`)
        .expect(200);
      // The focal point reads French: amounts as French writes them, the code after a no-break space.
      expect(seen.text).toContain(
        'Financement des voyages (1\u202f200,05\u00a0USD demandés)\u202f: Octroyé\u202f: 900,00\u00a0USD',
      );
    });

    it('checks a participant in and shows when', async () => {
      const { id } = await awa();
      const checkIn = await staff
        .get(`/staff/consultations/${consultation.id}/check-in?q=awa`)
        .expect(200);
      const checked = await staff.agent
        .post(`/staff/consultations/${consultation.id}/check-in/${id}`)
        .type('form')
        .send({ _csrf: csrfIn(checkIn.text), q: 'awa' });
      expect(checked.status).toBe(303);
      expect(
        (await staff.get(`/staff/consultations/${consultation.id}/check-in?q=awa`)).text,
      ).toMatch(/Checked in at \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC/);
    });

    it('lists the participants for staff and draws who is represented as an accessible image', async () => {
      const participants = await staff
        .get(`/staff/consultations/${consultation.id}/participants`)
        .expect(200);
      expect(participants.text).toContain('Moussa Diop');
      const participation = await staff
        .get(`/staff/consultations/${consultation.id}/participation`)
        .expect(200);
      expect(participation.text).toContain('<svg');
      expect(participation.text).toMatch(/role="img"/);
    });

    it('keeps the staff funding page from CSO users', async () => {
      const cso = await signIn(t, focal.user.email);
      expect((await cso.get(`/staff/consultations/${consultation.id}/funding`)).status).toBe(403);
    });
  });

  describe('an admin creates a consultation from the form, in its own time zone, and publishes it', () => {
    const body = consultationFactory();
    let browser: WebClient;
    let id: string;
    let edit: { text: string };

    beforeAll(async () => {
      const admin = await userFactory(t, { role: UserRole.Admin });
      browser = await signIn(t, admin.email);
    });

    it('creates a draft from the form, which is not public', async () => {
      const form = await browser.get('/admin/consultations/new').expect(200);
      const created = await browser.agent
        .post('/admin/consultations/new')
        .type('form')
        .send({
          _csrf: csrfIn(form.text),
          language: 'en',
          'translations.en.title': 'Consultation 2027',
          'translations.en.theme': body.theme,
          venue: body.venue,
          city: 'Geneva',
          country: 'CH',
          timezone: 'Europe/Zurich',
          startsAt: '2027-09-13T09:00',
          endsAt: '2027-09-13T17:30',
          registrationOpensAt: '2027-01-01T00:00',
          registrationClosesAt: '2027-08-30T23:59',
          capacity: '50',
          perOrganisationLimit: '3',
          eligibility: 'open',
          fundingAmount: '20000.00',
          fundingCurrency: 'usd',
          'sessions.0.translations.en.title': 'Migrants and crises',
          'sessions.0.startsAt': '2027-09-13T14:30',
          'sessions.0.endsAt': '2027-09-13T17:30',
          'sessions.0.translations.en.description': '',
          'sessions.1.translations.en.title': '',
          'sessions.1.startsAt': '',
          'sessions.1.endsAt': '',
        });
      expect(created.status).toBe(303);
      id = /\/admin\/consultations\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
      await t.http().get(`/api/v1/consultations/${id}`).expect(404);
    });

    it('shows the draft’s times on the form as they were typed, in the consultation’s time zone', async () => {
      edit = await browser.get(`/admin/consultations/${id}`).expect(200);
      expect(edit.text).toContain('value="2027-09-13T09:00"');
    });

    it('publishes the draft, the times of the day and of its sessions stored in UTC from the consultation’s time zone', async () => {
      const published = await browser.agent
        .post(`/admin/consultations/${id}/publish`)
        .type('form')
        .send({ _csrf: csrfIn(edit.text) });
      expect(published.status).toBe(303);
      const api = await t.http().get(`/api/v1/consultations/${id}`).expect(200);
      expect(api.body).toMatchObject({
        startsAt: '2027-09-13T07:00:00.000Z',
        fundingBudget: { amount: '20000.00', currency: 'USD' },
      });
      expect(api.body.sessions[0]).toMatchObject({
        title: 'Migrants and crises',
        startsAt: '2027-09-13T12:30:00.000Z',
      });
    });

    it('creates a consultation without travel funding when the amount is left empty', async () => {
      // The currency is left at its default.
      const again = await browser.get('/admin/consultations/new').expect(200);
      const unfunded = await browser.agent
        .post('/admin/consultations/new')
        .type('form')
        .send({
          _csrf: csrfIn(again.text),
          'translations.en.title': 'Consultation without funding',
          'translations.en.theme': body.theme,
          venue: body.venue,
          city: 'Geneva',
          country: 'CH',
          timezone: 'Europe/Zurich',
          startsAt: '2027-10-13T09:00',
          endsAt: '2027-10-13T17:30',
          registrationOpensAt: '2027-01-01T00:00',
          registrationClosesAt: '2027-09-30T23:59',
          capacity: '50',
          perOrganisationLimit: '3',
          eligibility: 'open',
          fundingAmount: '',
          fundingCurrency: 'USD',
        });
      expect(unfunded.status).toBe(303);
    });

    it('re-shows the form for a time zone or a day that does not exist, not a 500', async () => {
      const bad = await browser.get('/admin/consultations/new').expect(200);
      const refused = await browser.agent
        .post('/admin/consultations/new')
        .type('form')
        .send({
          _csrf: csrfIn(bad.text),
          'translations.en.title': 'Nowhere',
          'translations.en.theme': body.theme,
          venue: body.venue,
          city: 'Geneva',
          country: 'CH',
          timezone: 'Nowhere/City',
          startsAt: '2027-02-30T09:00',
          endsAt: '2027-10-13T17:30',
          registrationOpensAt: '2027-01-01T00:00',
          registrationClosesAt: '2027-09-30T23:59',
          capacity: '50',
          perOrganisationLimit: '3',
          eligibility: 'open',
        });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('href="#field-timezone"');
      expect(refused.text).toContain('href="#field-startsAt"');
    });
  });
  describe('the delegation page', () => {
    it('groups registrations by consultation, soonest first, with dates, status and "register another"', async () => {
      const admin = await staffToken(t, UserRole.Admin);
      const DAY = 86_400_000;
      const later = await publishedConsultation(t, admin.token, {
        title: 'Later consultation',
        startsAt: new Date(Date.now() + 200 * DAY).toISOString(),
        endsAt: new Date(Date.now() + 201 * DAY).toISOString(),
        registrationClosesAt: new Date(Date.now() + 100 * DAY).toISOString(),
        sessions: [],
      });
      const sooner = await publishedConsultation(t, admin.token, { title: 'Sooner consultation' });
      const org = await focalPointWithOrganisation(t);
      for (const [consultationId, name] of [
        [later.id, 'Later Delegate'],
        [sooner.id, 'Sooner Delegate One'],
        [sooner.id, 'Sooner Delegate Two'],
      ])
        await t
          .http()
          .post(`/api/v1/consultations/${consultationId}/registrations`)
          .set('Authorization', `Bearer ${org.token}`)
          .send({
            organisationId: org.organisation.id,
            participant: {
              name,
              email: `${name.replace(/ /g, '.').toLowerCase()}@example.org`,
              gender: 'female',
              nationality: 'SN',
            },
          })
          .expect(201);
      const page = (
        await (
          await signIn(t, org.user.email)
        )
          .get(`/organisations/${org.organisation.id}/delegation`)
          .expect(200)
      ).text;
      const headings = [...page.matchAll(/<h2 id="consultation-[^"]+"><a [^>]*>([^<]+)</g)].map(
        (m) => m[1],
      );
      expect(headings).toEqual(['Sooner consultation', 'Later consultation']);
      const sooner2 = page.indexOf('Sooner Delegate Two');
      expect(page.indexOf('Sooner Delegate One')).toBeLessThan(page.indexOf('Later consultation'));
      expect(sooner2).toBeLessThan(page.indexOf('Later consultation'));
      expect(page.indexOf('Later Delegate')).toBeGreaterThan(page.indexOf('Later consultation'));
      expect(page).toContain(
        `href="/consultations/${sooner.id}/register">Register another participant<`,
      );
      // Details on demand: the participant's email is inside a closed <details>.
      expect(page).toMatch(
        /<summary>Details of Sooner Delegate One<\/summary>[\s\S]*?sooner.delegate.one@example.org/,
      );
    });
  });
});
