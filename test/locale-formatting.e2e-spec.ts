import { Locale, UserRole } from '../src/accounts/user.entity';
import { AccreditationRequest } from '../src/accreditation/accreditation-request.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { participant, publishedConsultation } from './support/consultations';
import { PASSWORD, userFactory } from './support/factories';
import { focalPointWithOrganisation, REQUEST, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
/** French groups digits with a narrow no-break space; an amount keeps its code with a no-break one. */
const NNBSP = '\u202f';
const NBSP = '\u00a0';

/**
 * Each page writes dates, times, zones and money as its reader's language does, the same way on
 * every page: the directory, the review queue, the funding page and the consultation's agenda.
 */
describe('dates and money in the reader’s language', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof staffToken>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  async function staffBrowser(locale: Locale) {
    const user = await userFactory(t, { role: UserRole.Admin, locale });
    const browser = new WebClient(t);
    expect(
      (await browser.submit('/signin', { email: user.email, password: PASSWORD })).status,
    ).toBe(303);
    return browser;
  }

  async function requested(acronym: string) {
    const focal = await focalPointWithOrganisation(t, { acronym });
    const request = await t
      .http()
      .post(`/api/v1/organisations/${focal.organisation.id}/accreditation-requests`)
      .set(auth(focal.token))
      .send(REQUEST)
      .expect(201);
    return { ...focal, requestId: request.body.id as string };
  }

  it('shows when an observer was admitted as a date of the language in the directory', async () => {
    const { organisation, requestId } = await requested('LOCFMT');
    await t
      .http()
      .post(`/api/v1/accreditation-requests/${requestId}/decisions`)
      .set(auth(admin.token))
      .send({ decision: 'approve', reason: 'An active network.' })
      .expect(200);
    await t.dataSource
      .getRepository(Organisation)
      .update(organisation.id, { observerSince: new Date('2012-11-01T10:00:00Z') });

    const directory = (lang: string) =>
      new WebClient(t).get('/observers?q=locfmt').set('Accept-Language', lang).expect(200);
    expect((await directory('en')).text).toContain('Observer since 1 November 2012');
    const french = (await directory('fr')).text;
    expect(french).toContain('1er novembre 2012');
    expect(french).not.toMatch(/November|Nov 1|2012-11-01/);
    const spanish = (await directory('es')).text;
    expect(spanish).toContain('1 de noviembre de 2012');
    expect(spanish).not.toMatch(/November|1er/);
  });

  it('shows when a request was submitted in the language’s style in the review queue', async () => {
    const { requestId } = await requested('QUEUEFMT');
    await t.dataSource
      .getRepository(AccreditationRequest)
      .update(requestId, { submittedAt: new Date('2026-11-01T16:56:00Z') });

    const french = (await (await staffBrowser('fr')).get('/staff/accreditation').expect(200)).text;
    expect(french).toContain('</span>1er novembre 2026 à 16:56 UTC</td>');
    expect(french).not.toMatch(/Nov 1, 2026|4:56 PM/);
    const spanish = (await (await staffBrowser('es')).get('/staff/accreditation').expect(200)).text;
    expect(spanish).toContain('</span>1 de noviembre de 2026 a las 16:56 UTC</td>');
  });

  it('writes the budget and each request as amounts of the language on the funding page', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      fundingBudget: { amount: '20000.00', currency: 'USD' },
    });
    const org = await focalPointWithOrganisation(t, { country: 'SN' });
    const registration = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant() })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/registrations/${registration.body.id}/funding-applications`)
      .set(auth(org.token))
      .send({
        lines: [{ kind: 'airfare', amount: '2235.50' }],
        currency: 'USD',
        departureCity: 'Dakar',
        departureCountry: 'SN',
        justification: 'No budget for international travel.',
      })
      .expect(201);
    const page = `/staff/consultations/${consultation.id}/funding`;

    const english = (await (await staffBrowser('en')).get(page).expect(200)).text;
    expect(english).toContain(`<dd>20,000.00${NBSP}USD</dd>`);
    expect(english).toContain(`2,235.50${NBSP}USD requested`);
    const french = (await (await staffBrowser('fr')).get(page).expect(200)).text;
    expect(french).toContain(`<dd>20${NNBSP}000,00${NBSP}USD</dd>`);
    expect(french).toContain(`Montant demandé${NNBSP}: 2${NNBSP}235,50${NBSP}USD`);
    expect(french.replace(/value="[^"]*"/g, '')).not.toMatch(/2235\.50|20000\.00/);
    const spanish = (await (await staffBrowser('es')).get(page).expect(200)).text;
    expect(spanish).toContain(`<dd>20.000,00${NBSP}USD</dd>`);
    expect(spanish).toContain(`Importe solicitado: 2235,50${NBSP}USD`);
    // The form's field takes an amount as typed, whatever the language.
    expect(spanish).toContain('name="amount" type="text" value="2235.50"');
  });

  it('groups a multi-day agenda by day, with times in a zone named alike in every language', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      timezone: 'Europe/Zurich',
      startsAt: '2027-09-13T07:00:00.000Z',
      endsAt: '2027-09-14T16:00:00.000Z',
      registrationClosesAt: '2027-09-01T10:00:00.000Z',
      fundingDeadline: '2027-08-01T10:00:00.000Z',
      sessions: [
        {
          title: 'Closing',
          startsAt: '2027-09-14T13:00:00.000Z',
          endsAt: '2027-09-14T14:00:00.000Z',
        },
        {
          title: 'Opening',
          startsAt: '2027-09-13T07:00:00.000Z',
          endsAt: '2027-09-13T08:30:00.000Z',
        },
      ],
    });
    const agenda = async (lang: string) => {
      const html = (
        await new WebClient(t)
          .get(`/consultations/${consultation.id}`)
          .set('Accept-Language', lang)
          .expect(200)
      ).text;
      return html.slice(html.indexOf('id="agenda-heading"')).replace(/\s+/g, ' ');
    };

    const french = await agenda('fr');
    expect(french).toContain('UTC+02:00 (Zurich)');
    expect(french).toMatch(
      /lundi 13 septembre 2027<\/time><\/h3>.*09:00–10:30<\/time> <strong lang="en">Opening.*mardi 14 septembre 2027<\/time><\/h3>.*15:00–16:00<\/time> <strong lang="en">Closing/,
    );
    const spanish = await agenda('es');
    expect(spanish).toContain('UTC+02:00 (Zurich)');
    expect(spanish).toMatch(/lunes, 13 de septiembre de 2027.*martes, 14 de septiembre de 2027/);
    const english = await agenda('en');
    expect(english).toContain('Times are in UTC+02:00 (Zurich).');
    expect(english).toMatch(/Monday(,)? 13 September 2027.*Tuesday(,)? 14 September 2027/);
    for (const page of [french, spanish, english]) expect(page).not.toMatch(/CEST|Europe\/Zurich/);
  });
});
