import en from '../../locales/en.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { Registration } from '../../src/registrations/registration.entity';
import { participant, publishedConsultation } from '../support/consultations';
import { userFactory } from '../support/factories';
import { focalPointWithOrganisation, staffToken } from '../support/organisations';
import { TestApp } from '../support/test-app';
import { auth, expectLang, h1Text, Journey, message, Person, screenshot } from './support/journey';

const HOUR = 3_600_000;
const TITLE = 'Annual consultation at the door';
const NAMES = ['Amina Yusuf', 'Bruno Sánchez', 'Chloé Martin'];

describe('checking people in at the door by badge scan, online and offline, in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let t: TestApp | undefined;
  let consultationId = '';
  let organisationName = '';
  const seats: { id: string; name: string; code: string }[] = [];
  let reviewerUser: User | undefined;
  let reviewer: Person | undefined;
  /** Each POST /api/v1/check-ins the page made, by the code it carried. */
  const posted = new Map<string, number>();

  beforeAll(async () => {
    ({ app: t } = await journey.start());
    const admin = await staffToken(t, UserRole.Admin);
    const now = Date.now();
    const consultation = await publishedConsultation(t, admin.token, {
      title: TITLE,
      startsAt: new Date(now + 2 * HOUR).toISOString(),
      endsAt: new Date(now + 10 * HOUR).toISOString(),
      registrationClosesAt: new Date(now + HOUR).toISOString(),
      fundingDeadline: new Date(now + HOUR / 2).toISOString(),
      sessions: [],
    });
    consultationId = consultation.id;
    const org = await focalPointWithOrganisation(t, { name: 'Migrant Voices Network' });
    organisationName = org.organisation.name;
    for (const name of NAMES) {
      const created = await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant({ name }) })
        .expect(201);
      expect(created.body.status).toBe('confirmed');
      seats.push({ id: created.body.id, name, code: created.body.checkInCode });
    }
    reviewerUser = await userFactory(t, { name: 'Rita Okafor', role: UserRole.Reviewer });
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
  });

  const checkedInAt = async (id: string) =>
    (await t!.dataSource.getRepository(Registration).findOneByOrFail({ id })).checkedInAt;
  const checkInAudits = (id: string) =>
    t!.dataSource
      .getRepository(AuditEvent)
      .countBy({ entityId: id, action: 'registration.checked_in' });

  /** What a desk scanner does: types the code into the focused field, then Enter. */
  async function wedgeScan(code: string) {
    const { page } = reviewer!;
    await page.keyboard.type(code, { delay: 0 });
    await page.keyboard.press('Enter');
  }

  step('a reviewer opens the check-in page, with the scanner field focused', async () => {
    reviewer = await journey.newPerson('reviewer');
    await journey.signIn(reviewer, reviewerUser!);
    const { page } = reviewer;
    page.on('request', (request) => {
      if (request.method() !== 'POST' || !request.url().endsWith('/api/v1/check-ins')) return;
      const code = (JSON.parse(request.postData() ?? '{}') as { code?: string }).code ?? '';
      posted.set(code, (posted.get(code) ?? 0) + 1);
    });
    const path = `/staff/consultations/${consultationId}/check-in`;
    expect((await page.goto(`${t!.url}${path}`))?.status()).toBe(200);
    await expectLang(page, 'en');
    await expect(h1Text(page)).resolves.toBe(`${en.staff.check_in.title}: ${TITLE}`);
    const field = page.getByLabel(en.staff.check_in.scan_label, { exact: true });
    await expect(field.evaluate((node) => node === document.activeElement)).resolves.toBe(true);
    await axe.audit(page, 'check-in with scanner (before scanning)');
  });

  step('a scanned badge (code + Enter) checks the person in and shows who they are', async () => {
    const { page } = reviewer!;
    await wedgeScan(seats[0].code);
    const result = page.locator('#scan-result');
    await result
      .getByText(
        new RegExp(`^${seats[0].name} is checked in \\(\\d{1,2} \\w+ \\d{4} at \\d{2}:\\d{2}`),
      )
      .waitFor();
    await result.getByText(organisationName, { exact: false }).waitFor();
    expect(await checkedInAt(seats[0].id)).not.toBeNull();
    await expect(
      page.getByLabel(en.staff.check_in.scan_label, { exact: true }).inputValue(),
    ).resolves.toBe('');

    await wedgeScan(seats[0].code);
    await result
      .getByText(
        new RegExp(
          `^${seats[0].name} was already checked in on \\d{1,2} \\w+ \\d{4} at \\d{2}:\\d{2}`,
        ),
      )
      .waitFor();
    await expect(checkInAudits(seats[0].id)).resolves.toBe(1);
    await screenshot(page, 'check-in-scanned.png');
    await axe.audit(page, 'check-in with scanner (after a scan)');
  });

  step('offline, two scans wait in the queue; back online, each is recorded once', async () => {
    const { page, context } = reviewer!;
    await context.setOffline(true);
    const scannedBefore = new Date();
    await wedgeScan(seats[1].code);
    await page.locator('#scan-result').getByText(en.staff.check_in.queued).waitFor();
    await wedgeScan(seats[2].code);
    await page
      .locator('#scan-queue')
      .getByText(message(en.staff.check_in.queue, { waiting: '2' }))
      .waitFor();
    expect(await checkedInAt(seats[1].id)).toBeNull();
    expect(await checkedInAt(seats[2].id)).toBeNull();
    await axe.audit(page, 'check-in with scanner (offline, two queued)');

    await context.setOffline(false);
    await expect(
      page.waitForFunction(() => document.getElementById('scan-queue')?.textContent === ''),
    ).resolves.toBeTruthy();
    for (const seat of seats.slice(1)) {
      const at = await checkedInAt(seat.id);
      expect(at).not.toBeNull();
      // The time of the scan, made offline, not of its delivery.
      expect(at!.getTime()).toBeGreaterThanOrEqual(scannedBefore.getTime() - 1000);
      await expect(checkInAudits(seat.id)).resolves.toBe(1);
      expect(posted.get(seat.code)).toBe(1);
    }
    await page.reload();
    await expect(
      page.evaluate(() =>
        Object.keys(localStorage)
          .filter((k) => k.startsWith('convene.check-in'))
          .map((k) => localStorage.getItem(k)),
      ),
    ).resolves.toEqual(['[]']);
    expect(posted.get(seats[1].code)).toBe(1);
    await axe.audit(page, 'check-in with scanner (back online)');
  });

  step('the staff badges page links the sheets', async () => {
    const { page } = reviewer!;
    const path = `/staff/consultations/${consultationId}/badges`;
    expect((await page.goto(`${t!.url}${path}`))?.status()).toBe(200);
    await expect(h1Text(page)).resolves.toBe(`${en.staff.badges.title}: ${TITLE}`);
    await page
      .getByRole('link', { name: message(en.staff.participants.badges_sheet, { perPage: '8' }) })
      .waitFor();
    await axe.audit(page, 'staff badges');
  });

  step('no serious or critical accessibility finding and no console error', async () => {
    journey.expectClean([
      'staff badges',
      'check-in with scanner (before scanning)',
      'check-in with scanner (after a scan)',
      'check-in with scanner (offline, two queued)',
      'check-in with scanner (back online)',
    ]);
  });
});
