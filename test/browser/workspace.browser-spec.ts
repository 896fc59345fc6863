import { UserRole } from '../../src/accounts/user.entity';
import fr from '../../locales/fr.json';
import { participant, publishedConsultation } from '../support/consultations';
import { userFactory, tokenFor, PASSWORD } from '../support/factories';
import { focalPointWithOrganisation } from '../support/organisations';
import { TestApp } from '../support/test-app';
import { formatViolations } from './support/axe';
import {
  auth,
  flash,
  h1Text,
  Journey,
  message,
  Person,
  screenshot,
  submit,
} from './support/journey';

/** The staff workspace pages, in French, at a desktop and a phone width: axe-clean, no sideways scroll. */
describe('the staff workspace in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let t: TestApp | undefined;
  let admin: Person;
  let consultationId = '';
  let duplicateId = '';
  let keepId = '';

  beforeAll(async () => {
    ({ app: t } = await journey.start());
    const user = await userFactory(t, { name: 'Agnès Morel', role: UserRole.Admin, locale: 'fr' });
    const token = await tokenFor(t, user, PASSWORD);
    const consultation = await publishedConsultation(t, token, { requiresApproval: true });
    consultationId = consultation.id;
    const org = await focalPointWithOrganisation(t, { name: 'Réseau Sahel Migrations' });
    const dup = await focalPointWithOrganisation(t, { name: 'Reseau Sahel Migration' });
    keepId = org.organisation.id;
    duplicateId = dup.organisation.id;
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(201);
    admin = await journey.newPerson('admin', 'fr-FR');
    await journey.signIn(admin, user, { ui: fr, lang: 'fr' });
  });

  afterAll(async () => {
    await journey.stop();
    const minor = axe.reports.filter(({ report }) => report.others.length);
    if (minor.length)
      console.log(
        minor
          .map(({ label, report }) => `${label}:\n${formatViolations(report.others)}`)
          .join('\n'),
      );
  });

  /** axe at 1280 px and at 360 px, and nothing wider than the window at either. */
  async function check(label: string) {
    const { page } = admin;
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await axe.audit(page, `${label} (${width})`);
      const fits = await page.evaluate(
        () => document.documentElement.scrollWidth <= window.innerWidth,
      );
      expect([label, width, fits]).toEqual([label, width, true]);
      await screenshot(page, `workspace-${label.replace(/\W+/g, '-')}-${width}.png`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  step('approves two registrations at once from the bulk bar', async () => {
    const { page } = admin;
    await page.goto(`${t!.url}/staff/consultations/${consultationId}/participants?status=pending`);
    await check('participants');
    const boxes = page.locator('input[type="checkbox"][form="bulk-decisions"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await submit(page, page.getByRole('button', { name: fr.staff.participants.bulk_approve }));
    await flash(
      page,
      message(fr.staff.participants.bulk_done_approve, { decided: '2', refused: '0' }),
    ).waitFor();
    expect(new URL(page.url()).search).toBe('?status=pending');
  });

  step('previews a message, then sends it', async () => {
    const { page } = admin;
    await page.goto(`${t!.url}/staff/consultations/${consultationId}/messages`);
    await check('messages');
    await page
      .getByLabel(fr.staff.messages.subject, { exact: true })
      .fill('Informations pratiques');
    await page.getByLabel(fr.staff.messages.body, { exact: true }).fill('Le lieu ouvre à 8 h.');
    await submit(page, page.getByRole('button', { name: fr.staff.messages.preview, exact: true }));
    await expect(h1Text(page)).resolves.toContain(fr.staff.messages.title);
    await check('messages preview');
    await submit(page, page.getByRole('button', { name: /Envoyer/ }));
    await page.getByRole('cell', { name: 'Informations pratiques' }).waitFor();
  });

  step('merges a duplicate organisation', async () => {
    const { page } = admin;
    await page.goto(`${t!.url}/staff/organisations?q=sahel`);
    await check('organisations');
    await page.goto(`${t!.url}/staff/organisations/${duplicateId}/merge?q=sahel`);
    await check('merge');
    await page.locator(`input[name="intoOrganisationId"][value="${keepId}"]`).check();
    await submit(page, page.getByRole('button', { name: /Y fusionner/ }));
    expect(new URL(page.url()).pathname).toBe(`/organisations/${keepId}`);
  });

  step('reads the audit log and the outbox', async () => {
    const { page } = admin;
    await page.goto(`${t!.url}/admin/audit?organisationId=${keepId}`);
    await page.getByText('a fusionné «', { exact: false }).first().waitFor();
    await check('audit');
    await page.goto(`${t!.url}/admin/outbox`);
    await check('outbox');
  });

  step('is clean', async () => {
    journey.expectClean([
      'participants (1280)',
      'messages preview (360)',
      'merge (360)',
      'audit (360)',
    ]);
  });
});
