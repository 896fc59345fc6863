import es from '../../locales/es.json';
import fr from '../../locales/fr.json';
import { UserRole } from '../../src/accounts/user.entity';
import { participant, publishedConsultation } from '../support/consultations';
import { PASSWORD, tokenFor, userFactory } from '../support/factories';
import { focalPointWithOrganisation } from '../support/organisations';
import { TestApp } from '../support/test-app';
import { atBothWidths, auth, h1, Journey, Person } from './support/journey';

/**
 * Every staff page a secretariat works from, in Spanish, and a focal point's members and
 * delegation pages in French: each at 1280 and 360 px with nothing wider than the screen, a
 * screenshot each and axe-core clean; the consultation's tabs mark the page they are on.
 */
describe('a tour of the staff workspace and the delegation, at desktop and phone widths', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let t: TestApp | undefined;
  let admin: Person;
  let focal: Person;
  let consultationId = '';
  let organisationId = '';

  beforeAll(async () => {
    ({ app: t } = await journey.start());
    const user = await userFactory(t, {
      name: 'Lucía Fernández',
      role: UserRole.Admin,
      locale: 'es',
    });
    const token = await tokenFor(t, user, PASSWORD);
    const consultation = await publishedConsultation(t, token, {
      title: 'Migrantes y desarrollo: una consulta con un título bastante largo',
      requiresApproval: true,
    });
    consultationId = consultation.id;
    const org = await focalPointWithOrganisation(
      t,
      { name: 'Asociación de Trabajadores Migrantes del Sahel y de África Occidental' },
      'fr',
    );
    organisationId = org.organisation.id;
    for (let i = 0; i < 4; i++)
      await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/registrations`)
        .set(auth(org.token))
        .send({
          organisationId,
          participant: participant({
            name: `Aminata Ouédraogo-Traoré ${i}`,
            needsVisaLetter: true,
          }),
        })
        .expect(201);
    admin = await journey.newPerson('admin', 'es-ES');
    await journey.signIn(admin, user, { ui: es, lang: 'es' });
    focal = await journey.newPerson('focal point', 'fr-FR');
    await journey.signIn(focal, org.user, { ui: fr, lang: 'fr' });
  });

  afterAll(() => journey.stop());

  step('the dashboard and the registers', async () => {
    const { page } = admin;
    for (const [path, name] of [
      ['/staff', 'staff'],
      ['/staff/organisations', 'staff-organisations'],
      ['/staff/accreditation', 'staff-accreditation'],
      ['/admin/audit', 'admin-audit'],
      ['/admin/outbox', 'admin-outbox'],
      ['/admin/webhooks', 'admin-webhooks'],
      ['/admin/retention', 'admin-retention'],
    ]) {
      expect([path, (await page.goto(`${t!.url}${path}?lang=es`))?.status()]).toEqual([path, 200]);
      await atBothWidths(page, axe, `tour-es-${name}`, `${path} (es)`);
    }
    await page.goto(`${t!.url}/staff?lang=es`);
    await expect(h1(page)).resolves.toBe(es.dashboard.title);
  });

  step('each tab of the consultation', async () => {
    const { page } = admin;
    const tabs: [string, string][] = [
      ['participants', es.tabs.participants],
      ['check-in', es.tabs.check_in],
      ['badges', es.tabs.badges],
      ['funding', es.tabs.funding],
      ['participation', es.tabs.participation],
      ['letters', es.tabs.letters],
      ['messages', es.tabs.messages],
      ['inputs', es.tabs.inputs],
      ['outcome', es.tabs.outcome],
    ];
    for (const [path, label] of tabs) {
      const url = `${t!.url}/staff/consultations/${consultationId}/${path}?lang=es`;
      expect([path, (await page.goto(url))?.status()]).toEqual([path, 200]);
      const current = page
        .getByRole('navigation', { name: es.tabs.label })
        .locator('a[aria-current="page"]');
      await expect(current.textContent()).resolves.toBe(label);
      await expect(page.title()).resolves.toContain('Migrantes y desarrollo');
      await atBothWidths(page, axe, `tour-es-tab-${path}`, `tab ${path} (es)`);
    }
  });

  step('the focal point’s members and delegation pages, in French', async () => {
    const { page } = focal;
    for (const path of ['members', 'delegation']) {
      const url = `${t!.url}/organisations/${organisationId}/${path}?lang=fr`;
      expect([path, (await page.goto(url))?.status()]).toEqual([path, 200]);
      await atBothWidths(page, axe, `tour-fr-${path}`, `${path} (fr)`);
    }
  });
});
