import es from '../../../locales/es.json';
import fr from '../../../locales/fr.json';
import { UserRole } from '../../../src/accounts/user.entity';
import { participant, publishedConsultation } from '../../support/consultations';
import { PASSWORD, tokenFor, userFactory } from '../../support/factories';
import { focalPointWithOrganisation } from '../../support/organisations';
import { TestApp } from '../../support/test-app';
import { atBothWidths, auth, flash, h1, Journey, message, Person, submit } from './journey';

/**
 * Every staff page a secretariat works from, in Spanish and again in French, with a bulk approval
 * and a merge, and a focal point's members and delegation pages in the other language: each at
 * 1280 and 360 px with nothing wider than the screen, a screenshot each and axe-core clean; the
 * consultation's tabs mark the page they are on. People sign in in English; every page asks for
 * the tour's language with `?lang=`, which holds for the visit.
 */
const LANGUAGES = [
  { lang: 'es', ui: es, other: { lang: 'fr', ui: fr } },
  { lang: 'fr', ui: fr, other: { lang: 'es', ui: es } },
] as const;

/** The tour in one language: one spec file each, so each has its own app and browser. */
export function staffTour(language: 'es' | 'fr'): void {
  const { lang, ui, other } = LANGUAGES.find((l) => l.lang === language)!;
  describe(`a tour of the staff workspace in ${lang}, at desktop and phone widths`, () => {
    const journey = new Journey();
    const { axe, step } = journey;
    let t: TestApp | undefined;
    let admin: Person;
    let focal: Person;
    let consultationId = '';
    let organisationId = '';
    let duplicateId = '';

    beforeAll(async () => {
      ({ app: t } = await journey.start());
      const user = await userFactory(t, {
        name: 'Lucía Fernández',
        role: UserRole.Admin,
        locale: 'en',
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
        'en',
      );
      organisationId = org.organisation.id;
      const duplicate = await focalPointWithOrganisation(t, {
        name: 'Asociacion de Trabajadores Migrantes del Sahel',
      });
      duplicateId = duplicate.organisation.id;
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
      admin = await journey.newPerson('admin');
      // Signed in in English; every page below asks for the tour's language with ?lang=.
      await journey.signIn(admin, user);
      focal = await journey.newPerson('focal point');
      await journey.signIn(focal, org.user);
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
        expect([path, (await page.goto(`${t!.url}${path}?lang=${lang}`))?.status()]).toEqual([
          path,
          200,
        ]);
        await atBothWidths(page, axe, `tour-${lang}-${name}`, `${path} (${lang})`);
      }
      await page.goto(`${t!.url}/staff?lang=${lang}`);
      await expect(h1(page)).resolves.toBe(ui.dashboard.title);
    });

    step('each tab of the consultation', async () => {
      const { page } = admin;
      const tabs: [string, string][] = [
        ['participants', ui.tabs.participants],
        ['check-in', ui.tabs.check_in],
        ['badges', ui.tabs.badges],
        ['funding', ui.tabs.funding],
        ['participation', ui.tabs.participation],
        ['letters', ui.tabs.letters],
        ['messages', ui.tabs.messages],
        ['inputs', ui.tabs.inputs],
        ['outcome', ui.tabs.outcome],
      ];
      for (const [path, label] of tabs) {
        const url = `${t!.url}/staff/consultations/${consultationId}/${path}?lang=${lang}`;
        expect([path, (await page.goto(url))?.status()]).toEqual([path, 200]);
        const current = page
          .getByRole('navigation', { name: ui.tabs.label })
          .locator('a[aria-current="page"]');
        await expect(current.textContent()).resolves.toBe(label);
        await expect(page.title()).resolves.toContain('Migrantes y desarrollo');
        await atBothWidths(page, axe, `tour-${lang}-tab-${path}`, `tab ${path} (${lang})`);
      }
    });

    step('approves two registrations at once from the bulk bar', async () => {
      const { page } = admin;
      await page.goto(
        `${t!.url}/staff/consultations/${consultationId}/participants?status=pending`,
      );
      const boxes = page.locator('input[type="checkbox"][form="bulk-decisions"]');
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await submit(page, page.getByRole('button', { name: ui.staff.participants.bulk_approve }));
      await flash(
        page,
        message(ui.staff.participants.bulk_done_approve, { decided: '2', refused: '0' }),
      ).waitFor();
      await atBothWidths(page, axe, `tour-${lang}-bulk-approved`, `bulk approval (${lang})`);
    });

    step('merges a duplicate organisation, and reads it in the audit log', async () => {
      const { page } = admin;
      await page.goto(`${t!.url}/staff/organisations/${duplicateId}/merge?q=sahel&lang=${lang}`);
      await atBothWidths(page, axe, `tour-${lang}-merge`, `merge (${lang})`);
      await page.locator(`input[name="intoOrganisationId"][value="${organisationId}"]`).check();
      await submit(
        page,
        page.getByRole('button', {
          name: message(ui.staff.merge.submit, {
            name: 'Asociacion de Trabajadores Migrantes del Sahel',
          }),
        }),
      );
      expect(new URL(page.url()).pathname).toBe(`/organisations/${organisationId}`);
      await page.goto(`${t!.url}/admin/audit?organisationId=${organisationId}&lang=${lang}`);
      await atBothWidths(page, axe, `tour-${lang}-audit-merged`, `audit after merge (${lang})`);
    });

    step('the focal point’s members and delegation pages, in the other language', async () => {
      const { page } = focal;
      for (const path of ['members', 'delegation']) {
        const url = `${t!.url}/organisations/${organisationId}/${path}?lang=${other.lang}`;
        expect([path, (await page.goto(url))?.status()]).toEqual([path, 200]);
        await atBothWidths(page, axe, `tour-${other.lang}-${path}`, `${path} (${other.lang})`);
      }
    });
  });
}
