import en from '../../locales/en.json';
import es from '../../locales/es.json';
import fr from '../../locales/fr.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { WebhookWorker } from '../../src/webhooks/webhook.worker';
import { participant, publishedConsultation } from '../support/consultations';
import { tokenFor, userFactory } from '../support/factories';
import { focalPointWithOrganisation } from '../support/organisations';
import { TestApp } from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';
import {
  auth,
  expectLang,
  flash,
  follow,
  h1,
  Journey,
  Person,
  submit,
  submitTo,
} from './support/journey';

describe('an admin manages webhooks on /admin/webhooks, in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let t: TestApp;
  let admin: User;
  let person: Person;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    ({ app: t } = await journey.start({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_MS: '0' }));
    receiver = await new WebhookReceiver().start();
    admin = await userFactory(t, { role: UserRole.Admin });
  });
  afterAll(async () => {
    await journey.stop();
    await receiver.stop();
    axe.print();
  });

  const form = () => person.page.locator('form[action="/admin/webhooks"]');

  step('an empty list and the form, re-shown with an error for a bad address', async () => {
    person = await journey.newPerson('admin (en)');
    await journey.signIn(person, admin, { lang: 'en' });
    const { page } = person;
    expect((await page.goto(`${t.url}/admin/webhooks`))?.status()).toBe(200);
    await expect(h1(page)).resolves.toBe(en.admin.webhooks.title);
    await expect(page.getByText(en.admin.webhooks.none).count()).resolves.toBe(1);
    await axe.audit(page, 'webhooks (en, empty)');
    await form().getByLabel(en.admin.webhooks.url, { exact: true }).fill('ftp://nowhere');
    const response = await submit(
      page,
      form().getByRole('button', { name: en.admin.webhooks.create, exact: true }),
    );
    expect(response.status()).toBe(400);
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      en.errors.webhook_url_invalid,
    );
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      en.errors.webhook_events_invalid,
    );
    await axe.audit(page, 'webhooks (en, form errors)');
  });

  step('adds an endpoint and sees its secret this once', async () => {
    const { page } = person;
    await form()
      .getByLabel(en.admin.webhooks.url, { exact: true })
      .fill(`${receiver.url}/pass-office`);
    await form().getByLabel(en.webhook_events.registration.created, { exact: true }).check();
    await form().getByLabel(en.webhook_events.registration.checked_in, { exact: true }).check();
    await submitTo(
      page,
      form().getByRole('button', { name: en.admin.webhooks.create, exact: true }),
      '/admin/webhooks',
    );
    const secret = (await page.getByTestId('new-secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await axe.audit(page, 'webhooks (en, new secret)');
    await page.reload();
    await expect(page.getByTestId('new-secret').count()).resolves.toBe(0);
    await expect(
      page.getByRole('heading', { name: `${receiver.url}/pass-office` }).count(),
    ).resolves.toBe(1);
  });

  step('reads the delivery log of a registration event', async () => {
    const { page } = person;
    const adminToken = await tokenFor(t, admin);
    const org = await focalPointWithOrganisation(t);
    const consultation = await publishedConsultation(t, adminToken);
    await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant() })
      .expect(201);
    await t.app.get(WebhookWorker).drain();
    expect(receiver.accepted().size).toBe(1);
    await follow(
      page,
      page.getByRole('link', { name: en.admin.webhooks.show_deliveries }),
      /^\/admin\/webhooks\/[0-9a-f-]{36}$/,
    );
    await expect(h1(page)).resolves.toBe(en.admin.webhooks.deliveries_title);
    const row = page.getByRole('row').nth(1);
    await expect(row.textContent()).resolves.toContain('registration.created');
    await expect(row.textContent()).resolves.toContain(en.webhook_delivery_status.delivered);
    await expect(row.textContent()).resolves.toContain('HTTP 200');
    await axe.audit(page, 'webhook deliveries (en)');
  });

  step('disables, enables, rotates the secret and deletes the endpoint', async () => {
    const { page } = person;
    expect((await page.goto(`${t.url}/admin/webhooks`))?.status()).toBe(200);
    const url = `${receiver.url}/pass-office`;
    const button = (template: string) =>
      page.getByRole('button', { name: template.replace('{url}', url), exact: true });
    await submitTo(page, button(en.admin.webhooks.disable_named), '/admin/webhooks');
    await flash(page, en.admin.webhooks.disabled_done).waitFor();
    await submitTo(page, button(en.admin.webhooks.enable_named), '/admin/webhooks');
    await flash(page, en.admin.webhooks.enabled_done).waitFor();
    await submitTo(page, button(en.admin.webhooks.rotate_named), '/admin/webhooks');
    const rotated = (await page.getByTestId('new-secret').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(receiver.secret);
    await submitTo(page, button(en.admin.webhooks.delete_named), '/admin/webhooks');
    await flash(page, en.admin.webhooks.deleted).waitFor();
    await expect(page.getByText(en.admin.webhooks.none).count()).resolves.toBe(1);
  });

  step('reads in French and Spanish', async () => {
    const { page } = person;
    for (const [lang, catalogue] of [
      ['fr', fr],
      ['es', es],
    ] as const) {
      expect((await page.goto(`${t.url}/admin/webhooks?lang=${lang}`))?.status()).toBe(200);
      await expectLang(page, lang);
      await expect(h1(page)).resolves.toBe(catalogue.admin.webhooks.title);
      await expect(
        page.getByText(catalogue.admin.webhooks.new, { exact: true }).count(),
      ).resolves.toBe(1);
      await axe.audit(page, `webhooks (${lang})`);
    }
  });

  step('no serious accessibility finding and no browser error', () => {
    journey.expectClean([
      'webhooks (en, empty)',
      'webhooks (en, form errors)',
      'webhook deliveries (en)',
      'webhooks (fr)',
      'webhooks (es)',
    ]);
    return Promise.resolve();
  });
});
