import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import en from '../../locales/en.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { publishedConsultation } from '../support/consultations';
import { tokenFor, userFactory } from '../support/factories';
import { focalPointWithOrganisation } from '../support/organisations';
import { TestApp } from '../support/test-app';
import {
  atBothWidths as checkBothWidths,
  flash,
  h1,
  Journey,
  message,
  Person,
  submitTo,
  UUID,
} from './support/journey';

const TEXT = 'Continue the deliberation on alternatives to detention.';
const TEXT_FR = 'Poursuivre la réflexion sur les alternatives à la détention.';
const UPDATE =
  'Our network published a study of alternatives to detention in six West African countries, with a long title that has to wrap on a phone.';
const LINK = 'https://example.org/reports/alternatives-to-detention-in-west-africa-2014.pdf';

describe('an action point recorded by staff, followed up by a CSO and shown the next year, in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  const screenshots = mkdtempSync(join(tmpdir(), 'convene-follow-up-'));
  let t: TestApp | undefined;
  let admin: User | undefined;
  let cso: Awaited<ReturnType<typeof focalPointWithOrganisation>> | undefined;
  let held = '';
  let next = '';
  let pointId = '';
  let reference = '';

  beforeAll(async () => {
    ({ app: t } = await journey.start());
    admin = await userFactory(t, { role: UserRole.Admin });
    const token = await tokenFor(t, admin);
    cso = await focalPointWithOrganisation(t, { name: 'Réseau des migrants du Sahel' });
    held = (
      await publishedConsultation(t, token, {
        startsAt: '2013-09-12T07:00:00Z',
        endsAt: '2013-09-12T15:30:00Z',
        registrationOpensAt: '2013-06-01T00:00:00Z',
        registrationClosesAt: '2013-09-01T00:00:00Z',
        fundingDeadline: '2013-08-01T00:00:00Z',
        sessions: [],
      })
    ).id;
    next = (await publishedConsultation(t, token, { title: 'The next annual consultation' })).id;
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
    console.log(`follow-up screenshots: ${screenshots}`);
  });

  const atBothWidths = (page: Page, name: string, label: string) =>
    checkBothWidths(page, axe, name, label, screenshots);

  step('staff record an action point on the outcome page, the CSO responsible', async () => {
    const staff = await journey.newPerson('staff');
    const { page } = staff;
    await journey.signIn(staff, admin!, { label: 'admin' });
    const path = `/staff/consultations/${held}/outcome`;
    expect((await page.goto(`${t!.url}${path}`))?.status()).toBe(200);
    await expect(h1(page)).resolves.toBe(en.follow_up.staff_title);
    await axe.audit(page, 'staff outcome page');
    const form = page.locator(`form[action="/staff/consultations/${held}/action-points"]`);
    await form.getByLabel(en.follow_up.text, { exact: true }).fill(TEXT);
    await form.getByLabel(en.follow_up.text_fr).fill(TEXT_FR);
    await form.getByLabel(cso!.organisation.name).check();
    await form.getByLabel(en.thematic_areas.migrants_rights, { exact: true }).check();
    await form.getByLabel(en.follow_up.target_date).fill('2014-09-01');
    await submitTo(
      page,
      form.getByRole('button', { name: en.follow_up.adopt_button, exact: true }),
      path,
    );
    await flash(page, en.follow_up.adopted).waitFor();
    const link = page.locator('article.action-point h3 a');
    reference = ((await link.textContent()) ?? '').trim();
    expect(reference).toBe('2013-AP1');
    pointId = (await link.getAttribute('href'))!.split('/').pop()!;
    expect(pointId).toMatch(new RegExp(`^${UUID}$`));
    await axe.audit(page, 'staff outcome page, with the action point');
  });

  step('a focal point of the responsible CSO posts an update that starts it', async () => {
    const focal: Person = await journey.newPerson('focal point');
    const { page } = focal;
    await journey.signIn(focal, cso!.user, { label: 'focal point' });
    const path = `/follow-up/${pointId}`;
    expect((await page.goto(`${t!.url}${path}`))?.status()).toBe(200);
    await expect(h1(page)).resolves.toBe(message(en.follow_up.point_heading, { reference }));
    await axe.audit(page, 'action point, update form');
    const form = page.locator(`form[action="${path}/updates"]`);
    await form.getByLabel(en.follow_up.update_text, { exact: true }).fill(UPDATE);
    await form
      .getByLabel(en.follow_up.update_status)
      .selectOption({ label: en.follow_up.statuses.in_progress });
    await form.getByLabel(en.follow_up.update_link).fill(LINK);
    await submitTo(page, form.getByRole('button', { name: en.follow_up.post, exact: true }), path);
    await flash(page, en.follow_up.update_posted).waitFor();
    const history = page.getByRole('list', { name: en.follow_up.history });
    await history.getByText(UPDATE, { exact: true }).waitFor();
    await history.getByRole('link', { name: LINK, exact: true }).waitFor();
  });

  step('a visitor reads it on the follow-up page and the action point’s page', async () => {
    const visitor = await journey.newPerson('visitor');
    const { page } = visitor;
    expect((await page.goto(`${t!.url}/follow-up`))?.status()).toBe(200);
    await page
      .getByText(message(en.follow_up.count_one, { count: '1' }), { exact: true })
      .waitFor();
    const year = page.getByRole('region', {
      name: message(en.follow_up.adopted_in, { year: '2013' }),
    });
    const point = year.getByRole('article', { name: reference });
    await point.getByText(en.follow_up.statuses.in_progress, { exact: true }).waitFor();
    await point.getByText(UPDATE, { exact: true }).waitFor();
    await atBothWidths(page, 'follow-up', 'follow-up page');

    expect((await page.goto(`${t!.url}/follow-up/${pointId}`))?.status()).toBe(200);
    await page.getByText(UPDATE, { exact: true }).waitFor();
    // Anonymous: no update form.
    await expect(page.locator('form[action$="/updates"]').count()).resolves.toBe(0);
    await atBothWidths(page, 'follow-up-point', 'action point page');
  });

  step('the next year’s consultation page shows it as "Follow-up from 2013"', async () => {
    const { page } = journey.people.at(-1)!;
    expect((await page.goto(`${t!.url}/consultations/${next}`))?.status()).toBe(200);
    const section = page.getByRole('region', {
      name: message(en.follow_up.from_year, { year: '2013' }),
    });
    const point = section.getByRole('article', { name: reference });
    await point.getByText(TEXT, { exact: true }).waitFor();
    await point.getByText(UPDATE, { exact: true }).waitFor();
    await point.getByText(en.follow_up.statuses.in_progress, { exact: true }).waitFor();
    await atBothWidths(page, 'next-consultation', 'next consultation page');
  });

  step(
    'no serious accessibility problem, console error or failed request',
    () => {
      journey.expectClean([
        'staff outcome page, with the action point',
        'action point, update form',
        'follow-up page (360 px)',
        'action point page (360 px)',
        'next consultation page (360 px)',
      ]);
      return Promise.resolve();
    },
    { blocking: false },
  );
});
