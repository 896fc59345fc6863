import { parse } from 'csv-parse/sync';
import { UserRole } from '../src/accounts/user.entity';
import { Locale } from '../src/common/roles';
import { ObserverStatus, Organisation } from '../src/organisations/organisation.entity';
import { participant, publishedConsultation } from './support/consultations';
import { PASSWORD, tokenFor, userFactory } from './support/factories';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** What Handlebars prints for a name ("d'" becomes "d&#x27;"). */
const html = (name: string) => name.replace(/'/g, '&#x27;');

const NETHERLANDS: Record<Locale, string> = {
  en: 'Netherlands (Kingdom of the)',
  fr: 'Pays-Bas (Royaume des)',
  es: 'Países Bajos (Reino de los)',
};
const IRAN: Record<Locale, string> = {
  en: 'Iran (Islamic Republic of)',
  fr: "Iran (République islamique d')",
  es: 'Irán (República Islámica del)',
};
const RUSSIA: Record<Locale, string> = {
  en: 'Russian Federation',
  fr: 'Fédération de Russie',
  es: 'Federación de Rusia',
};
/** What CLDR called them: none of these may show. */
const COLLOQUIAL = [
  '>Netherlands<',
  '>Pays-Bas<',
  '>Países Bajos<',
  '>Iran<',
  '>Irán<',
  '>Turkey<',
];

const LANGUAGES: Locale[] = ['en', 'fr', 'es'];

describe('country names as the UN writes them, in English, French and Spanish', () => {
  let t: TestApp;
  let admin: { token: string };
  let organisation: { id: string; name: string };
  let focal: { token: string };
  let consultationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
    const tag = Date.now().toString(36);
    const created = await focalPointWithOrganisation(t, {
      name: `Stichting Migratie ${tag}`,
      acronym: `SM${tag}`,
      country: 'NL',
    });
    organisation = created.organisation;
    focal = created;
    await t.dataSource
      .getRepository(Organisation)
      .update({ id: organisation.id }, { observerStatus: ObserverStatus.Observer });

    consultationId = (await publishedConsultation(t, admin.token)).id;
    const registration = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations`)
      .set(auth(focal.token))
      .send({
        organisationId: organisation.id,
        participant: participant({ name: 'Shirin Ahmadi', nationality: 'IR' }),
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/registrations/${registration.body.id}/funding-applications`)
      .set(auth(focal.token))
      .send({
        lines: [{ kind: 'airfare', amount: '640.00' }],
        currency: 'USD',
        departureCity: 'Kazan',
        departureCountry: 'RU',
        justification: 'No budget for international travel.',
      })
      .expect(201);
  });
  afterAll(() => t.close());

  async function csv(path: string, token: string): Promise<Record<string, string>[]> {
    const response = await t
      .http()
      .get(path)
      .set(auth(token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return parse((response.body as Buffer).subarray(3).toString('utf8'), { columns: true });
  }

  it.each(LANGUAGES)('names the observer’s country in the directory in %s', async (lang) => {
    const page = await new WebClient(t)
      .get(`/observers?q=${encodeURIComponent(organisation.name)}&lang=${lang}`)
      .expect(200);
    expect(page.text).toContain(`<html lang="${lang}">`);
    expect(page.text).toContain(`/organisations/${organisation.id}`);
    expect(page.text).toContain(`<p>${NETHERLANDS[lang]} · `);
    expect(page.text).toContain(`<option value="NL">${NETHERLANDS[lang]}</option>`);
    expect(page.text).toContain(`<option value="IR">${html(IRAN[lang])}</option>`);
    for (const colloquial of COLLOQUIAL) expect(page.text).not.toContain(colloquial);

    const profile = await new WebClient(t)
      .get(`/organisations/${organisation.id}?lang=${lang}`)
      .expect(200);
    expect(profile.text).toContain(`<dd>${NETHERLANDS[lang]}</dd>`);
  });

  it.each(LANGUAGES)(
    'offers the UN names in the organisation form in %s, sorted as the language sorts',
    async (lang) => {
      const user = await userFactory(t);
      const browser = new WebClient(t);
      const signin = await browser.submit('/signin', { email: user.email, password: PASSWORD });
      expect(signin.status).toBe(303);
      const form = await browser.get(`/organisations/new?lang=${lang}`).expect(200);
      const options = [...form.text.matchAll(/<option value="([A-Z]{2})"[^>]*>([^<]+)</g)].map(
        ([, code, name]) => [code, name],
      );
      const names = Object.fromEntries(options);
      expect(names.NL).toBe(NETHERLANDS[lang]);
      expect(names.IR).toBe(html(IRAN[lang]));
      expect(names.RU).toBe(RUSSIA[lang]);
      expect(names.TR).toBe('Türkiye');
      expect(names.VN).toBe('Viet Nam');
      const order = options.map(([code]) => code);
      // Accented names sort with their letter, not after Z; Côte d'Ivoire sits among the Cs.
      expect(order.at(-1)).toBe('ZW');
      expect(order.indexOf('CI')).toBe(order.indexOf('CR') + 1);
      if (lang === 'fr') {
        expect(order.slice(order.indexOf('EG'), order.indexOf('EG') + 4)).toEqual([
          'EG', // Égypte
          'SV', // El Salvador
          'AE', // Émirats arabes unis
          'EC', // Équateur
        ]);
      }
    },
  );

  it.each(LANGUAGES)(
    'names countries in the participants and funding exports in %s',
    async (lang) => {
      const reviewer = await staffToken(t);
      const participants = await csv(
        `/api/v1/consultations/${consultationId}/registrations.csv?lang=${lang}`,
        reviewer.token,
      );
      expect(participants).toHaveLength(1);
      expect(participants[0]).toMatchObject({
        Participant: 'Shirin Ahmadi',
        'Organisation country': NETHERLANDS[lang],
        Nationality: IRAN[lang],
      });
      const funding = await csv(
        `/api/v1/consultations/${consultationId}/funding-applications.csv?lang=${lang}`,
        reviewer.token,
      );
      expect(funding.map((row) => row.Departure)).toEqual([`Kazan, ${RUSSIA[lang]}`]);
    },
  );

  it('writes the exports in the reader’s own language when no ?lang= is given', async () => {
    const reviewer = await userFactory(t, { role: UserRole.Reviewer, locale: 'es' });
    const token = await tokenFor(t, reviewer);
    const participants = await csv(
      `/api/v1/consultations/${consultationId}/registrations.csv`,
      token,
    );
    expect(participants[0]['Organisation country']).toBe(NETHERLANDS.es);
    const funding = await csv(
      `/api/v1/consultations/${consultationId}/funding-applications.csv`,
      token,
    );
    expect(funding[0].Departure).toBe(`Kazan, ${RUSSIA.es}`);
  });
});
