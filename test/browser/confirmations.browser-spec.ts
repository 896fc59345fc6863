import en from '../../locales/en.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { Consultation } from '../../src/consultations/consultation.entity';
import { publishedConsultation } from '../support/consultations';
import { tokenFor, userFactory } from '../support/factories';
import { TestApp } from '../support/test-app';
import { flash, follow, h1, Journey, message, Person, submit, submitTo } from './support/journey';

const TITLE = 'Consultation to be called off';
const REASON = 'The host country closed its borders.';

describe('actions that cannot be undone ask for a reason and a confirmation, in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let t: TestApp | undefined;
  let admin: { user: User; person: Person } | undefined;
  let consultationId = '';

  beforeAll(async () => {
    ({ app: t } = await journey.start());
    const user = await userFactory(t, { role: UserRole.Admin, name: 'Ada Admin' });
    consultationId = (await publishedConsultation(t, await tokenFor(t, user), { title: TITLE })).id;
    admin = { user, person: await journey.newPerson('admin') };
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
  });

  step('the admin signs in and opens the consultations', async () => {
    await journey.signIn(admin!.person, admin!.user);
    const { page } = admin!.person;
    await page.goto(`${t!.url}/admin/consultations`);
    await axe.audit(page, 'admin consultations');
  });

  step('"Cancel" leads to a confirmation step, not to the cancellation', async () => {
    const { page } = admin!.person;
    const row = page.getByRole('row').filter({ hasText: TITLE });
    await follow(
      page,
      row.getByRole('link', { name: en.admin.consultations.cancel, exact: true }),
      `/admin/consultations/${consultationId}/cancel`,
    );
    await expect(h1(page)).resolves.toBe(en.admin.consultations.confirm_cancel_title);
    await axe.audit(page, 'confirm cancellation');
  });

  step(
    'submitting without a reason or the tick re-shows the form and cancels nothing',
    async () => {
      const { page } = admin!.person;
      const response = await submit(
        page,
        page.getByRole('button', { name: en.admin.consultations.confirm_cancel_submit }),
      );
      expect(response.status()).toBe(400);
      await expect(
        page.getByRole('link', { name: en.errors.reason_required }).count(),
      ).resolves.toBe(1);
      await expect(
        page.getByRole('link', { name: en.errors.confirm_irreversible }).count(),
      ).resolves.toBe(1);
      await axe.audit(page, 'confirm cancellation with errors');
      const stored = await t!.dataSource
        .getRepository(Consultation)
        .findOneByOrFail({ id: consultationId });
      expect(stored.status).toBe('published');
    },
  );

  step('with the reason and the tick, the consultation is cancelled', async () => {
    const { page } = admin!.person;
    await page.getByLabel(en.irreversible.reason, { exact: true }).fill(REASON);
    await page.getByLabel(en.irreversible.understood, { exact: true }).check();
    await submitTo(
      page,
      page.getByRole('button', { name: en.admin.consultations.confirm_cancel_submit }),
      '/admin/consultations',
    );
    await flash(page, message(en.admin.consultations.done_cancel)).waitFor();
    const stored = await t!.dataSource
      .getRepository(Consultation)
      .findOneByOrFail({ id: consultationId });
    expect(stored.status).toBe('cancelled');
  });

  step('the users page asks for a reason and the tick beside "Disable"', async () => {
    const { page } = admin!.person;
    await userFactory(t!, { name: 'Bo Member' });
    await page.goto(`${t!.url}/admin/users`);
    const row = page.getByRole('row').filter({ hasText: 'Bo Member' });
    await expect(
      row.getByLabel(message(en.admin.users.disable_reason, { name: 'Bo Member' })).count(),
    ).resolves.toBe(1);
    await axe.audit(page, 'admin users');
  });

  step('no serious accessibility finding, no console error', async () => {
    journey.expectClean([
      'admin consultations',
      'confirm cancellation',
      'confirm cancellation with errors',
      'admin users',
    ]);
  });
});
