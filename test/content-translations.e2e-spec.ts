import ICAL from 'ical.js';
import { UserRole } from '../src/accounts/user.entity';
import { t as message } from '../src/common/i18n';
import { consultationFactory, participant } from './support/consultations';
import { PASSWORD, userFactory } from './support/factories';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

const FRENCH = {
  title: 'Migrants et développement',
  theme: 'Intégrer la migration dans le programme de développement pour l’après-2015',
  description: 'La consultation annuelle avec la société civile.',
};

describe('content in English, French and Spanish', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  const create = (overrides: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/consultations')
      .set(auth(admin.token))
      .send({ ...consultationFactory(), ...overrides });
  const read = async (id: string) =>
    (await t.http().get(`/api/v1/consultations/${id}`).set(auth(admin.token)).expect(200)).body;
  const publish = (id: string) =>
    t.http().post(`/api/v1/consultations/${id}/publish`).set(auth(admin.token)).expect(200);

  describe('through the API', () => {
    let id: string;
    let sessions: ReturnType<typeof consultationFactory>['sessions'];

    beforeAll(async () => {
      const body = consultationFactory();
      sessions = [
        {
          ...body.sessions![0],
          description: 'Standards of international law.',
          translations: {
            fr: { title: 'Droits des migrants', description: 'Normes du droit international.' },
            es: { title: 'Derechos de los migrantes' },
          },
        },
      ];
      const created = await create({
        language: 'en',
        translations: { fr: FRENCH, es: { title: 'Migrantes y desarrollo' } },
        sessions,
      }).expect(201);
      id = created.body.id;
    });

    it('keeps the original in title, theme and description and answers the translations as sent', async () => {
      const body = await read(id);
      expect(body).toMatchObject({
        title: 'Migrants and Development',
        theme: 'Integrating migration into the post-2015 development agenda',
        language: 'en',
        translations: { fr: FRENCH, es: { title: 'Migrantes y desarrollo' } },
      });
      expect(body.translations).toEqual({ fr: FRENCH, es: { title: 'Migrantes y desarrollo' } });
      expect(body.sessions[0].translations).toEqual(sessions![0].translations);
      const list = await t.http().get('/api/v1/consultations').set(auth(admin.token)).expect(200);
      expect(list.body.items.find((c: { id: string }) => c.id === id).translations).toEqual(
        body.translations,
      );
    });

    it('defaults to English with no translations', async () => {
      const created = await create({}).expect(201);
      expect(created.body).toMatchObject({ language: 'en', translations: {} });
      expect(created.body.sessions[0].translations).toEqual({});
    });

    it('replaces the translations on an edit; empty texts are absent, a language without any is left out', async () => {
      const edited = await t
        .http()
        .patch(`/api/v1/consultations/${id}`)
        .set(auth(admin.token))
        .send({
          translations: {
            fr: { title: 'Migrants et développement', theme: '  ' },
            es: { title: '' },
          },
        })
        .expect(200);
      expect(edited.body.translations).toEqual({ fr: { title: 'Migrants et développement' } });
      // The agenda's translations stay until the agenda itself is sent.
      expect(edited.body.sessions[0].translations).toEqual(sessions![0].translations);
      await t
        .http()
        .patch(`/api/v1/consultations/${id}`)
        .set(auth(admin.token))
        .send({ translations: { fr: FRENCH, es: { title: 'Migrantes y desarrollo' } } })
        .expect(200);
    });

    it('changes the original language with the text', async () => {
      const other = await create({ translations: { fr: FRENCH } }).expect(201);
      const edited = await t
        .http()
        .patch(`/api/v1/consultations/${other.body.id}`)
        .set(auth(admin.token))
        .send({
          language: 'fr',
          ...FRENCH,
          translations: { en: { title: 'Migrants and Development' } },
          sessions: [{ ...sessions![0], translations: { es: { title: 'Derechos' } } }],
        })
        .expect(200);
      expect(edited.body).toMatchObject({
        language: 'fr',
        title: FRENCH.title,
        translations: { en: { title: 'Migrants and Development' } },
      });
      expect(edited.body.sessions[0].translations).toEqual({ es: { title: 'Derechos' } });
    });

    it('refuses an original language other than en, fr or es', async () => {
      const refused = await create({ language: 'de' }).expect(400);
      expect(refused.body.message).toEqual([
        `language: ${message('en', 'errors.language_invalid')}`,
      ]);
    });

    it.each([
      [
        'an unknown language',
        { de: { title: 'Migranten' } },
        'translations.de',
        'errors.unknown_field',
      ],
      [
        'an unknown field',
        { fr: { venue: 'Genève' } },
        'translations.fr.venue',
        'errors.unknown_field',
      ],
      [
        'a title too long',
        { fr: { title: 'x'.repeat(201) } },
        'translations.fr.title',
        'errors.title_too_long',
      ],
      [
        'a description too long',
        { es: { description: 'x'.repeat(10001) } },
        'translations.es.description',
        'errors.consultation_description_invalid',
      ],
      [
        'a text that is not one',
        { fr: { title: 12 } },
        'translations.fr.title',
        'errors.title_too_long',
      ],
      [
        'a language that is not a set',
        { fr: 'Migrants' },
        'translations.fr',
        'errors.translations_invalid',
      ],
      ['translations that are not a set', ['fr'], 'translations', 'errors.translations_invalid'],
      ['null', null, 'translations', 'errors.translations_invalid'],
      [
        'the original language',
        { en: { title: 'Migrants' } },
        'translations.en',
        'errors.translation_is_original',
      ],
    ])('refuses %s with 400 and changes nothing', async (_label, translations, field, key) => {
      const before = await read(id);
      const refused = await t
        .http()
        .patch(`/api/v1/consultations/${id}`)
        .set(auth(admin.token))
        .send({ theme: 'Changed', translations })
        .expect(400);
      expect(refused.body.message).toContain(`${field}: ${message('en', key)}`);
      expect(await read(id)).toEqual(before);
    });
  });

  describe('clone', () => {
    it('copies the language and the translations of the consultation and its sessions', async () => {
      const source = await create({
        language: 'es',
        title: 'Migrantes y desarrollo',
        translations: { fr: { title: FRENCH.title } },
        sessions: [
          {
            ...consultationFactory().sessions![0],
            title: 'Derechos',
            translations: { en: { title: 'Rights' } },
          },
        ],
      }).expect(201);
      const copy = await t
        .http()
        .post(`/api/v1/consultations/${source.body.id}/clone`)
        .set(auth(admin.token))
        .expect(201);
      expect(copy.body).toMatchObject({
        language: 'es',
        title: 'Migrantes y desarrollo',
        translations: { fr: { title: FRENCH.title } },
      });
      expect(copy.body.sessions[0].translations).toEqual({ en: { title: 'Rights' } });
    });
  });

  describe('on the pages', () => {
    let full: string;
    let frenchOnly: string;
    let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let browser: WebClient;
    let registrationId: string;

    const page = (path: string, headers: Record<string, string> = {}) =>
      t.http().get(path).set(headers).expect(200);

    beforeAll(async () => {
      const base = consultationFactory();
      full = (
        await create({
          translations: { fr: FRENCH, es: { title: 'Migrantes y desarrollo' } },
          sessions: [
            {
              ...base.sessions![0],
              title: 'The rights of migrants',
              description: 'Standards of international law.',
              translations: {
                fr: { title: 'Droits des migrants', description: 'Normes du droit international.' },
                es: { title: 'Derechos de los migrantes' },
              },
            },
          ],
        }).expect(201)
      ).body.id;
      frenchOnly = (
        await create({
          title: 'Migration and Crises',
          translations: { fr: { title: 'Migration et crises' } },
        }).expect(201)
      ).body.id;
      await publish(full);
      await publish(frenchOnly);
      focal = await focalPointWithOrganisation(t, {}, 'es');
      browser = new WebClient(t);
      expect(
        (await browser.submit('/signin', { email: focal.user.email, password: PASSWORD })).status,
      ).toBe(303);
      const registration = await t
        .http()
        .post(`/api/v1/consultations/${frenchOnly}/registrations`)
        .set(auth(focal.token))
        .send({ organisationId: focal.organisation.id, participant: participant() })
        .expect(201);
      registrationId = registration.body.id;
    });

    it('shows the consultation page in French with ?lang=fr', async () => {
      const html = (await page(`/consultations/${full}?lang=fr`)).text;
      expect(html).toContain('<html lang="fr"');
      expect(html).toContain(`<h1>${FRENCH.title}</h1>`);
      expect(html).toContain(`<p class="lead">${FRENCH.theme}</p>`);
      expect(html).toContain(`<p class="message">${FRENCH.description}</p>`);
      expect(html).toContain('<strong>Droits des migrants</strong>');
      expect(html).toContain('<p>Normes du droit international.</p>');
      expect(html).not.toMatch(/<(h1|p|strong)[^>]* lang=/);
    });

    it('falls back to the original, marked with its language, in Spanish (Accept-Language)', async () => {
      const html = (await page(`/consultations/${full}`, { 'Accept-Language': 'es-ES,es;q=0.9' }))
        .text;
      expect(html).toContain('<html lang="es"');
      expect(html).toContain('<h1>Migrantes y desarrollo</h1>');
      expect(html).toContain(
        '<p class="lead" lang="en">Integrating migration into the post-2015 development agenda</p>',
      );
      expect(html).toContain(
        '<p class="message" lang="en">The annual consultation with civil society.</p>',
      );
      expect(html).toContain('<strong>Derechos de los migrantes</strong>');
      expect(html).toContain('<p lang="en">Standards of international law.</p>');
    });

    it('shows the original to an English reader, unmarked', async () => {
      const html = (await page(`/consultations/${full}?lang=en`)).text;
      expect(html).toContain('<h1>Migrants and Development</h1>');
      expect(html).toContain('<strong>The rights of migrants</strong>');
      expect(html).not.toMatch(/<(h1|p|strong)[^>]* lang=/);
    });

    it('lists consultations in the reader’s language, on the list and the home page', async () => {
      for (const path of ['/consultations', '/']) {
        const french = (await page(`${path}?lang=fr`)).text;
        expect(french).toContain(`<a href="/consultations/${full}">${FRENCH.title}</a>`);
        expect(french).toContain(`<p class="theme">${FRENCH.theme}</p>`);
        expect(french).toContain(`<a href="/consultations/${frenchOnly}">Migration et crises</a>`);
        const spanish = (await page(`${path}?lang=es`)).text;
        expect(spanish).toContain(`<a href="/consultations/${full}">Migrantes y desarrollo</a>`);
        expect(spanish).toContain(
          `<a href="/consultations/${frenchOnly}" lang="en">Migration and Crises</a>`,
        );
        expect(spanish).toContain(
          '<p class="theme" lang="en">Integrating migration into the post-2015 development agenda</p>',
        );
      }
    });

    it('names the consultation in the reader’s language on the registration and funding pages', async () => {
      const register = (await browser.get(`/consultations/${frenchOnly}/register?lang=fr`)).text;
      expect(register).toContain(`<a href="/consultations/${frenchOnly}">Migration et crises</a>`);
      const spanish = (await browser.get(`/consultations/${frenchOnly}/register?lang=es`)).text;
      expect(spanish).toContain(
        `<a href="/consultations/${frenchOnly}" lang="en">Migration and Crises</a>`,
      );
      const delegation = (
        await browser.get(`/organisations/${focal.organisation.id}/delegation?lang=es`)
      ).text;
      expect(delegation).toContain(
        `<a href="/consultations/${frenchOnly}" lang="en">Migration and Crises</a>`,
      );
      const apply = (await browser.get(`/registrations/${registrationId}/funding?lang=fr`)).text;
      expect(apply).toContain(`<a href="/consultations/${frenchOnly}">Migration et crises</a>`);
      const staffUser = await userFactory(t, { role: UserRole.Reviewer, locale: 'fr' });
      const staff = new WebClient(t);
      await staff.submit('/signin', { email: staffUser.email, password: PASSWORD });
      for (const path of ['funding', 'participation', 'participants', 'check-in']) {
        const french = (await staff.get(`/staff/consultations/${full}/${path}?lang=fr`).expect(200))
          .text;
        expect(french).toMatch(new RegExp(`<h1>[^<]*: <span>${FRENCH.title}</span></h1>`));
        const spanish = (
          await staff.get(`/staff/consultations/${frenchOnly}/${path}?lang=es`).expect(200)
        ).text;
        expect(spanish).toMatch(/<h1>[^<]*: <span lang="en">Migration and Crises<\/span><\/h1>/);
      }
    });
  });

  describe('in mail', () => {
    let consultation: string;

    beforeAll(async () => {
      consultation = (
        await create({
          title: 'Migration and Mobility',
          theme: 'Labour migration corridors',
          translations: {
            fr: {
              title: 'Migration et mobilité',
              theme: 'Les couloirs de migration de main-d’œuvre',
            },
          },
        }).expect(201)
      ).body.id;
      await publish(consultation);
    });

    const register = async (
      member: Awaited<ReturnType<typeof focalPointWithOrganisation>>,
      email?: string,
    ) => {
      const guest = participant(email ? { email } : {});
      const registration = await t
        .http()
        .post(`/api/v1/consultations/${consultation}/registrations`)
        .set(auth(member.token))
        .send({ organisationId: member.organisation.id, participant: guest })
        .expect(201);
      await t.deliverMail();
      return { guest, id: registration.body.id as string };
    };
    const invite = (mail: {
      parsed: { attachments: { contentType: string; content: Buffer }[] };
    }) => {
      const attachment = mail.parsed.attachments.find((a) =>
        a.contentType.startsWith('text/calendar'),
      );
      const component = new ICAL.Component(ICAL.parse(attachment!.content.toString('utf8')));
      return component.getFirstSubcomponent('vevent')!;
    };

    it('tells a French user with the French title, and the .ics in French', async () => {
      const member = await focalPointWithOrganisation(t, {}, 'fr');
      const { guest } = await register(member);
      const toMember = await mail.waitFor(member.user.email);
      expect(toMember.subject).toBe(
        `Inscription confirmée\u202f: ${guest.name} – Migration et mobilité`,
      );
      expect(toMember.html).toContain('Migration et mobilité');
      expect(toMember.html).not.toMatch(/<(span|a)[^>]* lang=/);
      expect(toMember.text).toContain('Migration et mobilité');
      const toGuest = await mail.waitFor(guest.email as string);
      const summary = invite(toGuest).getFirstProperty('summary')!;
      expect(summary.getFirstValue()).toBe('Migration et mobilité');
      expect(summary.getParameter('language')).toBe('fr');
      expect(invite(toGuest).getFirstPropertyValue('description')).toMatch(
        /^Les couloirs de migration de main-d’œuvre\n/,
      );
    });

    it('tells a Spanish user, with no Spanish text, the original marked with its language', async () => {
      const member = await focalPointWithOrganisation(t, {}, 'es');
      const { guest } = await register(member);
      const toMember = await mail.waitFor(member.user.email);
      expect(toMember.subject).toBe(
        `Inscripción confirmada: ${guest.name} – Migration and Mobility`,
      );
      expect(toMember.html).toContain('<span lang="en">Migration and Mobility</span>');
      expect(toMember.html).toMatch(/<a href="[^"]+" lang="en">Migration and Mobility<\/a>/);
      const summary = invite(await mail.waitFor(guest.email as string)).getFirstProperty(
        'summary',
      )!;
      expect(summary.getFirstValue()).toBe('Migration and Mobility');
      expect(summary.getParameter('language')).toBe('en');

      await t
        .http()
        .post(`/api/v1/registrations/${(await register(member)).id}/funding-applications`)
        .set(auth(member.token))
        .send({
          lines: [{ kind: 'airfare', amount: '800.00' }],
          currency: 'USD',
          departureCity: 'Dakar',
          departureCountry: 'SN',
          justification: 'No budget for international travel.',
        })
        .expect(201);
      await t.deliverMail();
      const funding = await mail.waitFor(member.user.email, (m) =>
        m.subject.startsWith('Solicitud'),
      );
      expect(funding.html).toContain('«<span lang="en">Migration and Mobility</span>»');
      expect(funding.text).toContain('«Migration and Mobility»');
    });

    it('writes the .ics in the participant’s language, also in the copy to the member', async () => {
      const member = await focalPointWithOrganisation(t, {}, 'es');
      const account = await userFactory(t, { locale: 'fr' });
      await register(member, account.email);
      const toParticipant = await mail.waitFor(account.email);
      expect(toParticipant.subject).toMatch(
        /^Inscription confirmée\u202f: .* – Migration et mobilité$/,
      );
      const toMember = await mail.waitFor(member.user.email);
      expect(toMember.subject).toMatch(/– Migration and Mobility$/);
      const summary = invite(toMember).getFirstProperty('summary')!;
      expect(summary.getParameter('language')).toBe('fr');
      expect(summary.getFirstValue()).toBe('Migration et mobilité');
    });

    it('announces a cancellation in each recipient’s language', async () => {
      const french = await focalPointWithOrganisation(t, {}, 'fr');
      const spanish = await focalPointWithOrganisation(t, {}, 'es');
      const fromFrench = await register(french);
      const fromSpanish = await register(spanish);
      await t
        .http()
        .post(`/api/v1/consultations/${consultation}/cancel`)
        .set(auth(admin.token))
        .send({ reason: 'The venue is no longer available.' })
        .expect(200);
      await t.deliverMail();
      const cancelled = (m: { subject: string }) => /annulée|cancelada/.test(m.subject);
      expect((await mail.waitFor(fromFrench.guest.email as string, cancelled)).subject).toBe(
        'Consultation annulée\u202f: Migration et mobilité',
      );
      const toSpanish = await mail.waitFor(fromSpanish.guest.email as string, cancelled);
      expect(toSpanish.subject).toBe('Consulta cancelada: Migration and Mobility');
      expect(toSpanish.html).toContain('<span lang="en">Migration and Mobility</span>');
    });
  });

  describe('through the staff form', () => {
    let staff: WebClient;

    beforeAll(async () => {
      const user = await userFactory(t, { role: UserRole.Admin });
      staff = new WebClient(t);
      await staff.submit('/signin', { email: user.email, password: PASSWORD });
    });

    const form = (overrides: Record<string, string> = {}) => ({
      language: 'fr',
      'translations.en.title': 'Migrants and Development',
      'translations.en.theme': '',
      'translations.en.description': '',
      'translations.fr.title': FRENCH.title,
      'translations.fr.theme': FRENCH.theme,
      'translations.fr.description': FRENCH.description,
      'translations.es.title': 'Migrantes y desarrollo',
      'translations.es.theme': 'Integrar la migración',
      'translations.es.description': '',
      venue: 'Palais des Nations',
      city: 'Genève',
      country: 'CH',
      timezone: 'Europe/Zurich',
      startsAt: '2027-09-13T09:00',
      endsAt: '2027-09-13T17:30',
      registrationOpensAt: '2027-01-01T00:00',
      registrationClosesAt: '2027-08-30T23:59',
      capacity: '50',
      perOrganisationLimit: '3',
      eligibility: 'open',
      fundingAmount: '',
      fundingCurrency: 'USD',
      'sessions.0.startsAt': '2027-09-13T14:30',
      'sessions.0.endsAt': '2027-09-13T17:30',
      'sessions.0.translations.en.title': 'Migrants and crises',
      'sessions.0.translations.en.description': '',
      'sessions.0.translations.fr.title': 'Migrants et crises',
      'sessions.0.translations.fr.description': 'Leçons de Libye',
      'sessions.0.translations.es.title': '',
      'sessions.0.translations.es.description': '',
      'sessions.1.startsAt': '',
      'sessions.1.endsAt': '',
      'sessions.1.translations.en.title': '',
      'sessions.1.translations.fr.title': '',
      'sessions.1.translations.es.title': '',
      ...overrides,
    });

    it('takes the text in three languages, the original being the language chosen', async () => {
      const created = await staff.submit('/admin/consultations/new', form());
      expect(created.status).toBe(303);
      const id = /\/admin\/consultations\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
      const body = await read(id);
      expect(body).toMatchObject({
        language: 'fr',
        title: FRENCH.title,
        theme: FRENCH.theme,
        description: FRENCH.description,
      });
      expect(body.translations).toEqual({
        en: { title: 'Migrants and Development' },
        es: { title: 'Migrantes y desarrollo', theme: 'Integrar la migración' },
      });
      expect(body.sessions).toHaveLength(1);
      expect(body.sessions[0]).toMatchObject({
        title: 'Migrants et crises',
        description: 'Leçons de Libye',
        translations: { en: { title: 'Migrants and crises' } },
      });
      const edit = (await staff.get(`/admin/consultations/${id}`).expect(200)).text;
      expect(edit).toContain('<option value="fr" lang="fr" selected>Français</option>');
      expect(edit).toMatch(
        /<input id="field-translations-es-title" name="translations.es.title" type="text" value="Migrantes y desarrollo" maxlength="200" lang="es">/,
      );
      expect(edit).toContain(
        'name="sessions.0.translations.en.title" type="text" value="Migrants and crises"',
      );
      expect(edit).toContain(
        'name="sessions.0.startsAt" type="datetime-local" value="2027-09-13T14:30"',
      );
    });

    it('shows each error beside its field, in its language, keeping what was typed', async () => {
      const refused = await staff.submit(
        '/admin/consultations/new',
        form({
          'translations.fr.title': '',
          'translations.es.title': 'x'.repeat(201),
          'sessions.0.startsAt': '',
          'sessions.0.endsAt': '',
          'sessions.0.translations.en.title': '',
          'sessions.0.translations.fr.title': '',
          'sessions.0.translations.fr.description': '',
          'sessions.1.startsAt': '2027-09-13T10:00',
          'sessions.1.endsAt': '2027-09-13T11:00',
          'sessions.1.translations.en.title': 'Next morning',
        }),
      );
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('href="#field-translations-fr-title"');
      expect(refused.text).toContain('href="#field-translations-es-title"');
      // The agenda's first row was left empty: the error of the API's session 0 is on row 1.
      expect(refused.text).toContain('href="#field-sessions-1-translations-fr-title"');
      expect(refused.text).toMatch(
        /id="field-translations-fr-title" name="translations.fr.title"[^>]*aria-invalid="true"/,
      );
      expect(refused.text).toContain(`value="${'x'.repeat(201)}"`);
      expect(refused.text).toContain('value="Next morning"');

      const outside = await staff.submit(
        '/admin/consultations/new',
        form({
          'sessions.0.startsAt': '2027-09-14T09:00',
          'sessions.0.endsAt': '2027-09-14T10:00',
        }),
      );
      expect(outside.status).toBe(400);
      expect(outside.text).toContain('href="#field-sessions-0-startsAt"');
      expect(outside.text).toMatch(/id="field-sessions-0-startsAt"[^>]*aria-invalid="true"/);
    });
  });
});
