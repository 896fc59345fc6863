import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import en from '../../locales/en.json';
import es from '../../locales/es.json';
import fr from '../../locales/fr.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { toLocalInput } from '../../src/common/dates';
import { userFactory } from '../support/factories';
import { TestApp } from '../support/test-app';
import { expectLang, h1Text, Journey, Person, submitTo, UUID } from './support/journey';

const TIMEZONE = 'Europe/Zurich';
const DAY = 86_400_000;

/** The consultation as staff type it: English the original, French in full, Spanish in part. */
const TEXT = {
  en: {
    title: 'Migrants and Development',
    theme: 'Integrating migration into the post-2015 development agenda',
    description: 'The annual consultation of the organisation with civil society.',
    session: 'Migrants caught in crises',
    sessionDescription: 'Lessons from Libya, Lebanon and Syria.',
  },
  fr: {
    title: 'Migrants et développement',
    theme: 'Intégrer la migration dans le programme de développement pour l’après-2015',
    description: 'La consultation annuelle de l’organisation avec la société civile.',
    session: 'Les migrants pris dans des crises',
    sessionDescription: 'Les leçons de la Libye, du Liban et de la Syrie.',
  },
  es: {
    title: 'Migrantes y desarrollo',
    theme: 'Integrar la migración en la agenda para el desarrollo después de 2015',
    session: 'Los migrantes atrapados en crisis',
  },
};
const LANGUAGE_NAMES = { en: 'English', fr: 'Français', es: 'Español' } as const;

describe('a consultation in three languages, entered by staff and read by visitors, in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  const screenshots = mkdtempSync(join(tmpdir(), 'convene-content-'));
  let t: TestApp | undefined;
  let admin: User | undefined;
  let staff: Person | undefined;
  let consultationId = '';

  beforeAll(async () => {
    ({ app: t } = await journey.start());
    admin = await userFactory(t, { role: UserRole.Admin });
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
    console.log(`consultation page screenshots: ${screenshots}`);
  });

  /** The form's fieldset of one language (the first: the consultation's, before the sessions'). */
  const languageGroup = (scope: Locator | Page, code: keyof typeof LANGUAGE_NAMES) =>
    scope.getByRole('group', { name: LANGUAGE_NAMES[code], exact: true }).first();

  step('staff enter the consultation in English, French and Spanish in one form', async () => {
    staff = await journey.newPerson('staff (en)');
    const { page } = staff;
    await journey.signIn(staff, admin!, { lang: 'en', label: 'admin, en' });
    expect((await page.goto(`${t!.url}/admin/consultations/new`))?.status()).toBe(200);
    await axe.audit(page, 'consultation form (en)');
    const form = page.locator('form[action="/admin/consultations/new"]');
    await form
      .getByLabel(en.admin.consultations.language, { exact: true })
      .selectOption({ label: 'English' });
    for (const code of ['en', 'fr', 'es'] as const) {
      const group = languageGroup(form, code);
      await group
        .getByLabel(en.admin.consultations.title_field, { exact: true })
        .fill(TEXT[code].title);
      await group.getByLabel(en.admin.consultations.theme, { exact: true }).fill(TEXT[code].theme);
      const description = (TEXT[code] as { description?: string }).description;
      if (description)
        await group
          .getByLabel(en.admin.consultations.description, { exact: true })
          .fill(description);
    }
    const now = Date.now();
    const starts = new Date(now + 60 * DAY);
    starts.setUTCHours(7, 0, 0, 0);
    const local = (date: Date) => toLocalInput(date, TIMEZONE);
    await form.getByLabel(en.admin.consultations.venue, { exact: true }).fill('Palais des Nations');
    await form.getByLabel(en.admin.consultations.city, { exact: true }).fill('Geneva');
    await form.getByLabel(en.admin.consultations.country, { exact: true }).selectOption('CH');
    await form.getByLabel(en.admin.consultations.timezone, { exact: true }).fill(TIMEZONE);
    await form
      .getByLabel(en.admin.consultations.starts_at, { exact: true })
      .first()
      .fill(local(starts));
    await form
      .getByLabel(en.admin.consultations.ends_at, { exact: true })
      .first()
      .fill(local(new Date(starts.getTime() + 8 * 3_600_000)));
    await form
      .getByLabel(en.admin.consultations.registration_opens_at, { exact: true })
      .fill(local(new Date(now - DAY)));
    await form
      .getByLabel(en.admin.consultations.registration_closes_at, { exact: true })
      .fill(local(new Date(now + 30 * DAY)));
    await form.getByLabel(en.admin.consultations.eligibility, { exact: true }).selectOption('open');

    const session = form.getByRole('group', {
      name: en.admin.consultations.session.replace('{index}', '1'),
      exact: true,
    });
    await session
      .getByLabel(en.admin.consultations.session_starts_at, { exact: true })
      .fill(local(new Date(starts.getTime() + 5 * 3_600_000)));
    await session
      .getByLabel(en.admin.consultations.session_ends_at, { exact: true })
      .fill(local(new Date(starts.getTime() + 8 * 3_600_000)));
    for (const code of ['en', 'fr', 'es'] as const) {
      const group = languageGroup(session, code);
      await group
        .getByLabel(en.admin.consultations.session_title, { exact: true })
        .fill(TEXT[code].session);
      const description = (TEXT[code] as { sessionDescription?: string }).sessionDescription;
      if (description)
        await group
          .getByLabel(en.admin.consultations.session_description, { exact: true })
          .fill(description);
    }
    await axe.audit(page, 'consultation form, filled in (en)');
    await page.screenshot({ path: join(screenshots, 'consultation-form-en.png'), fullPage: true });
    await submitTo(
      page,
      form.getByRole('button', { name: en.admin.consultations.save, exact: true }),
      new RegExp(`^/admin/consultations/${UUID}$`),
    );
    consultationId = new URL(page.url()).pathname.split('/').pop()!;
    await expect(
      languageGroup(page, 'fr')
        .getByLabel(en.admin.consultations.title_field, { exact: true })
        .inputValue(),
    ).resolves.toBe(TEXT.fr.title);

    expect((await page.goto(`${t!.url}/admin/consultations`))?.status()).toBe(200);
    await submitTo(
      page,
      page
        .locator(`form[action="/admin/consultations/${consultationId}/publish"]`)
        .getByRole('button', { name: en.admin.consultations.publish, exact: true }),
      '/admin/consultations',
    );
  });

  /** The consultation page in `lang`, checked at 1280 and 360 px: nothing wider than the screen. */
  async function readIn(person: Person, lang: 'en' | 'fr' | 'es'): Promise<Page> {
    const { page } = person;
    expect((await page.goto(`${t!.url}/consultations/${consultationId}`))?.status()).toBe(200);
    await expectLang(page, lang);
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth),
      ).resolves.toBeLessThanOrEqual(width);
      await page.screenshot({
        path: join(screenshots, `consultation-${lang}-${width}.png`),
        fullPage: true,
      });
      await axe.audit(page, `consultation page (${lang}, ${width} px)`);
    }
    return page;
  }

  step('a French visitor reads it in French', async () => {
    const visitor = await journey.newPerson('visitor (fr)', 'fr-FR');
    const page = await readIn(visitor, 'fr');
    await expect(h1Text(page)).resolves.toBe(TEXT.fr.title);
    await expect(page.locator('h1').getAttribute('lang')).resolves.toBeNull();
    await page.locator('p.lead', { hasText: TEXT.fr.theme }).waitFor();
    await page.locator('p.message:not([lang])', { hasText: TEXT.fr.description }).waitFor();
    const agenda = page.getByRole('region', { name: fr.consultations.agenda });
    await agenda.locator('strong:not([lang])', { hasText: TEXT.fr.session }).waitFor();
    await agenda.getByText(TEXT.fr.sessionDescription, { exact: true }).waitFor();
  });

  step('a Spanish visitor reads it in Spanish, and the untranslated text in English', async () => {
    const visitor = await journey.newPerson('visitor (es)', 'es-ES');
    const page = await readIn(visitor, 'es');
    await expect(h1Text(page)).resolves.toBe(TEXT.es.title);
    await page.locator('p.lead:not([lang])', { hasText: TEXT.es.theme }).waitFor();
    // Not translated: the original, in English, marked so that a screen reader says it in English.
    await page.locator('p.message[lang="en"]', { hasText: TEXT.en.description }).waitFor();
    const agenda = page.getByRole('region', { name: es.consultations.agenda });
    await agenda.locator('strong:not([lang])', { hasText: TEXT.es.session }).waitFor();
    await agenda.locator('p[lang="en"]', { hasText: TEXT.en.sessionDescription }).waitFor();
  });

  step('an English visitor reads the original', async () => {
    const visitor = await journey.newPerson('visitor (en)', 'en-GB');
    const page = await readIn(visitor, 'en');
    await expect(h1Text(page)).resolves.toBe(TEXT.en.title);
    await expect(page.locator('main [lang]').count()).resolves.toBe(0);
  });

  step(
    'no serious accessibility problem, console error or failed request',
    () => {
      journey.expectClean([
        'consultation form, filled in (en)',
        'consultation page (fr, 360 px)',
        'consultation page (es, 360 px)',
        'consultation page (en, 360 px)',
      ]);
      return Promise.resolve();
    },
    { blocking: false },
  );
});
