import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import en from '../../locales/en.json';
import fr from '../../locales/fr.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { ObserverStatus, Organisation } from '../../src/organisations/organisation.entity';
import { publishedConsultation } from '../support/consultations';
import { PASSWORD, tokenFor, userFactory } from '../support/factories';
import { organisationFactory } from '../support/organisations';
import { TestApp } from '../support/test-app';
import { auth, expectLang, follow, Journey, message, submitTo, UUID } from './support/journey';

const DAY = 86_400_000;
const TITLE = 'Alternatives à la détention des migrants';

describe('a joint written input, submitted, co-signed, published and found in the archive, in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  const screenshots = mkdtempSync(join(tmpdir(), 'convene-inputs-'));
  let t: TestApp | undefined;
  let focal: User | undefined;
  let cosignerFocal: User | undefined;
  let reviewer: User | undefined;
  let consultationId = '';
  let authorOrg = { id: '', name: '' };
  let cosignerOrg = { id: '', name: '' };
  let submissionPath = '';

  beforeAll(async () => {
    ({ app: t } = await journey.start());
    const admin = await userFactory(t, { role: UserRole.Admin });
    const adminToken = await tokenFor(t, admin, PASSWORD);
    reviewer = await userFactory(t, { role: UserRole.Reviewer });
    consultationId = (await publishedConsultation(t, adminToken)).id;
    await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/input-calls`)
      .set(auth(adminToken))
      .send({
        title: 'Written input on migrants in detention',
        translations: { fr: { title: 'Contributions écrites sur les migrants en détention' } },
        opensAt: new Date(Date.now() - DAY).toISOString(),
        closesAt: new Date(Date.now() + 10 * DAY).toISOString(),
        wordLimit: 50,
        eligibility: 'observers',
      })
      .expect(201);
    const organisation = async (user: User) => {
      const created = await t!
        .http()
        .post('/api/v1/organisations')
        .set(auth(await tokenFor(t!, user, PASSWORD)))
        .send(organisationFactory())
        .expect(201);
      await t!.dataSource
        .getRepository(Organisation)
        .update({ id: created.body.id }, { observerStatus: ObserverStatus.Observer });
      return created.body as { id: string; name: string };
    };
    focal = await userFactory(t, { locale: 'en' });
    cosignerFocal = await userFactory(t, { locale: 'fr' });
    authorOrg = await organisation(focal);
    cosignerOrg = await organisation(cosignerFocal);
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
    console.log(`inputs screenshots: ${screenshots}`);
  });

  step('a focal point submits a joint input, watching the word count', async () => {
    const person = await journey.newPerson('focal point (en)');
    const { page } = person;
    await journey.signIn(person, focal!, { lang: 'en' });
    expect((await page.goto(`${t!.url}/consultations/${consultationId}/inputs`))?.status()).toBe(
      200,
    );
    await axe.audit(page, 'calls for input (en)');
    await follow(
      page,
      page.getByRole('link', { name: en.inputs.submit_title }),
      new RegExp(`^/input-calls/${UUID}/submit$`),
    );
    const form = page.locator('form[action$="/submissions"]');
    await form.getByLabel(en.inputs.organisation, { exact: true }).selectOption(authorOrg.id);
    await form.getByLabel(en.inputs.title, { exact: true }).fill(TITLE);
    await form
      .getByLabel(en.inputs.body, { exact: true })
      .fill('Les migrants ne devraient pas être placés en détention pendant l’examen de leur cas.');
    await expect(page.locator('#field-body-count').textContent()).resolves.toBe(
      message(en.inputs.word_count, { words: '14', wordLimit: '50' }),
    );
    await form.getByLabel(en.inputs.language, { exact: true }).selectOption('fr');
    await form.getByLabel(en.thematic_areas.migrants_rights, { exact: true }).check();
    await form.getByLabel(en.inputs.cosigners).selectOption([cosignerOrg.id]);
    await axe.audit(page, 'submission form (en)');
    await submitTo(
      page,
      form.getByRole('button', { name: en.inputs.submit, exact: true }),
      new RegExp(`^/inputs/${UUID}$`),
    );
    submissionPath = new URL(page.url()).pathname;
    await page.getByText(en.inputs.submitted).waitFor();
    await axe.audit(page, 'own submission (en)');
  });

  step('the co-signer’s focal point confirms, in French', async () => {
    const person = await journey.newPerson('co-signer (fr)', 'fr-FR');
    const { page } = person;
    await journey.signIn(person, cosignerFocal!, { lang: 'fr', ui: fr });
    expect((await page.goto(`${t!.url}${submissionPath}`))?.status()).toBe(200);
    await expectLang(page, 'fr');
    await axe.audit(page, 'submission to co-sign (fr)');
    await submitTo(
      page,
      page.getByRole('button', {
        name: message(fr.inputs.confirm_cosign, { organisation: cosignerOrg.name }),
      }),
      submissionPath,
    );
    await page.getByText(fr.inputs.cosign_recorded).waitFor();
  });

  step('staff publish it from the queue', async () => {
    const person = await journey.newPerson('reviewer (en)');
    const { page } = person;
    await journey.signIn(person, reviewer!, { lang: 'en' });
    expect(
      (await page.goto(`${t!.url}/staff/consultations/${consultationId}/inputs`))?.status(),
    ).toBe(200);
    await axe.audit(page, 'staff queue (en)');
    await submitTo(
      page,
      page.getByRole('button', { name: en.inputs.publish, exact: true }),
      `/staff/consultations/${consultationId}/inputs`,
    );
    await page.getByText(en.inputs.decided).waitFor();
  });

  /** The page at 1280 and 360 px: nothing wider than the screen, a screenshot, an audit. */
  async function both(page: Page, name: string) {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth),
      ).resolves.toBeLessThanOrEqual(width);
      await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
      await axe.audit(page, `${name} (fr, ${width} px)`);
    }
  }

  step('a visitor finds it in the archive, in French, without the accent', async () => {
    const { page } = await journey.newPerson('visitor (fr)', 'fr-FR');
    expect((await page.goto(`${t!.url}/inputs?lang=fr`))?.status()).toBe(200);
    await expectLang(page, 'fr');
    await page.getByLabel(fr.inputs.search).fill('DETENTION');
    await follow(
      page,
      page.getByRole('button', { name: fr.inputs.filter, exact: true }),
      '/inputs',
    );
    await both(page, 'archive');
    await follow(page, page.getByRole('link', { name: TITLE }), submissionPath);
    await page.getByText(cosignerOrg.name).waitFor();
    await expect(page.getByText(`${fr.inputs.cosigned_by}\u202f:`).count()).resolves.toBe(1);
    await both(page, 'submission');
  });

  step('every page is clean: axe-core, console, requests', async () => {
    journey.expectClean([
      'submission form (en)',
      'staff queue (en)',
      'archive (fr, 360 px)',
      'submission (fr, 360 px)',
    ]);
  });
});
