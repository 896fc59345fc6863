import { readFileSync } from 'node:fs';
import en from '../../locales/en.json';
import { UserRole } from '../../src/accounts/user.entity';
import { participant, publishedConsultation } from '../support/consultations';
import { focalPointWithOrganisation, staffToken } from '../support/organisations';
import {
  auth,
  follow,
  h1Text,
  Journey,
  pathOf,
  Person,
  screenshot,
  submit,
} from './support/journey';

describe('personal data in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let person: Person;
  let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>>;

  beforeAll(async () => {
    const { app } = await journey.start({ HOST_CONTROLLER_CONTACT: 'privacy@host.example' });
    focal = await focalPointWithOrganisation(app);
    person = await journey.newPerson('Amina');
  });
  afterAll(async () => {
    await journey.stop();
    axe.print();
  });

  step('reads the privacy notice, linked beside the sign-up form', async () => {
    const { page } = person;
    expect((await page.goto(`${journey.app!.url}/signup`))?.status()).toBe(200);
    const note = page.locator('form[action="/signup"] .privacy-note');
    await follow(page, note.getByRole('link', { name: en.privacy.form_link }), '/privacy');
    await expect(page.getByText('privacy@host.example').count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toContain('730 days');
    await axe.audit(page, 'privacy notice');
  });

  step('downloads everything about them from /account/data', async () => {
    const { page } = person;
    await journey.signIn(person, focal.user);
    await page.goto(`${journey.app!.url}/account`);
    await follow(page, page.getByRole('link', { name: en.my_data.account_link }), '/account/data');
    await expect(h1Text(page)).resolves.toBe(en.my_data.title);
    await axe.audit(page, 'your data');
    await screenshot(page, 'my-data.png');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: en.my_data.download }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('convene-my-data.json');
    const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(data.account.email).toBe(focal.user.email);
    expect(data.memberships).toHaveLength(1);
  });

  step('must tick the confirmation, then deletes the account and is signed out', async () => {
    const { page } = person;
    const form = page.locator('form[action="/account/delete"]');
    await form.getByLabel(en.my_data.password, { exact: true }).fill('a perfectly good passphrase');
    const refused = await submit(page, form.getByRole('button', { name: en.my_data.delete }));
    expect(refused.status()).toBe(400);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      en.errors.delete_confirm_required,
    );
    await axe.audit(page, 'your data, not confirmed');
    await form.getByLabel(en.my_data.password, { exact: true }).fill('a perfectly good passphrase');
    await form.getByLabel(en.my_data.confirm).check();
    await submit(page, form.getByRole('button', { name: en.my_data.delete }));
    await page.waitForURL((url) => url.pathname === '/account/deleted');
    await expect(h1Text(page)).resolves.toBe(en.my_data.deleted_title);
    await axe.audit(page, 'account deleted');
    await page.goto(`${journey.app!.url}/account`);
    expect(pathOf(page)).toMatch(/^\/signin/);
  });

  step('shows a published list of consenting participants', async () => {
    const app = journey.app!;
    const admin = await staffToken(app, UserRole.Admin);
    const other = await focalPointWithOrganisation(app);
    const consultation = await publishedConsultation(app, admin.token);
    await app
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(other.token))
      .send({
        organisationId: other.organisation.id,
        participant: participant({ name: 'Kwame Listed' }),
      })
      .expect(201);
    await app
      .http()
      .post(`/api/v1/consultations/${consultation.id}/participants/publish`)
      .set(auth(admin.token))
      .send({ published: true })
      .expect(200);
    const { page } = person;
    await page.goto(`${app.url}/consultations/${consultation.id}`);
    await follow(
      page,
      page.getByRole('link', { name: en.my_data.participants_title, exact: true }),
      `/consultations/${consultation.id}/participants`,
    );
    await expect(page.getByRole('cell', { name: 'Kwame Listed' }).count()).resolves.toBe(1);
    await axe.audit(page, 'published participants');
  });

  step('has no serious accessibility problem and no browser error', async () => {
    journey.expectClean([
      'privacy notice',
      'your data',
      'your data, not confirmed',
      'account deleted',
      'published participants',
    ]);
  });
});
