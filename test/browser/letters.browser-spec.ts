import { readFileSync } from 'node:fs';
import en from '../../locales/en.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { issueParticipantToken } from '../../src/registrations/participant-links';
import { participant, publishedConsultation } from '../support/consultations';
import { userFactory } from '../support/factories';
import { focalPointWithOrganisation } from '../support/organisations';
import { pdfQrCodes, pdfText } from '../support/pdf-text';
import { BASE_URL, TestApp } from '../support/test-app';
import { auth, flash, h1, Journey, message, Person, submit, submitTo } from './support/journey';

/**
 * A visa letter, end to end in Chromium: the participant asks for it from their own link (no
 * account), a reviewer issues it from the staff queue, the participant downloads the PDF, and a
 * visitor checks its code on /letters/verify; axe-core audits every page on the way.
 */

const DELEGATE = 'Awa Ndiaye';
const PASSPORT_NAME = 'AWA NDIAYE';
const DAY = 24 * 3_600_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('visa letters in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let t: TestApp | undefined;
  let consultation = { id: '', title: '' };
  let startsAt = 0;
  let token = '';
  let reviewer: User | undefined;
  let participantPerson: Person | undefined;
  let pdfCode = '';

  beforeAll(async () => {
    ({ app: t } = await journey.start());
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
  });

  step(
    'setup through the API: a confirmed registration that needs a visa letter, and its link',
    async () => {
      const admin = await userFactory(t!, { role: UserRole.Admin });
      const adminToken = (
        await t!
          .http()
          .post('/api/v1/tokens')
          .send({ email: admin.email, password: 'a perfectly good passphrase' })
      ).body.token as string;
      consultation = await publishedConsultation(t!, adminToken);
      startsAt = Date.parse(
        (await t!.http().get(`/api/v1/consultations/${consultation.id}`)).body.startsAt,
      );
      const org = await focalPointWithOrganisation(t!, { country: 'SN' });
      const registration = await t!
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({
          organisationId: org.organisation.id,
          participant: participant({ name: DELEGATE, nationality: 'SN', needsVisaLetter: true }),
        })
        .expect(201);
      expect(registration.body.status).toBe('confirmed');
      token = await t!.transactions.run((manager) =>
        issueParticipantToken(manager, registration.body.id),
      );
      reviewer = await userFactory(t!, { role: UserRole.Reviewer });
    },
  );

  step('the participant asks for the letter from their own link', async () => {
    participantPerson = await journey.newPerson('participant');
    const { page } = participantPerson;
    const response = await page.goto(`${t!.url}/my-registration/letter?token=${token}`);
    expect(response?.status()).toBe(200);
    await expect(h1(page)).resolves.toBe(en.letters.request_title);
    await axe.audit(page, 'letter request form');

    await page.getByLabel(en.letters.passport_name, { exact: true }).fill(PASSPORT_NAME);
    await page.getByLabel(en.letters.date_of_birth, { exact: true }).fill('1990-05-17');
    await page.getByLabel(en.letters.nationality, { exact: true }).selectOption('SN');
    await page.getByLabel(en.letters.passport_number, { exact: true }).fill('A01234567');
    await page
      .getByLabel(en.letters.passport_expiry, { exact: true })
      .fill(day(startsAt + 400 * DAY));
    await page.getByLabel(en.letters.consulate_city, { exact: true }).fill('Dakar');
    await page.getByLabel(en.letters.consulate_country, { exact: true }).selectOption('SN');
    // First too early an arrival: the form comes back with the window in words.
    await page.getByLabel(en.letters.arrival_date, { exact: true }).fill(day(startsAt - 40 * DAY));
    await page.getByLabel(en.letters.departure_date, { exact: true }).fill(day(startsAt + 2 * DAY));
    const refused = await submit(
      page,
      page.getByRole('button', { name: en.letters.submit, exact: true }),
    );
    expect(refused.status()).toBe(400);
    await page
      .getByRole('alert')
      .getByText(/The arrival date must be between/)
      .waitFor();
    await axe.audit(page, 'letter request form with the error summary');

    await page.getByLabel(en.letters.date_of_birth, { exact: true }).fill('1990-05-17');
    await page.getByLabel(en.letters.passport_number, { exact: true }).fill('A01234567');
    await page.getByLabel(en.letters.arrival_date, { exact: true }).fill(day(startsAt - DAY));
    await submitTo(
      page,
      page.getByRole('button', { name: en.letters.submit, exact: true }),
      '/my-registration/letter',
    );
    await flash(page, en.letters.requested).waitFor();
    await page.getByText(en.letter_status.requested).waitFor();
    await axe.audit(page, 'letter requested');
  });

  step('a reviewer issues it from the staff queue', async () => {
    const person = await journey.newPerson('reviewer');
    await journey.signIn(person, reviewer!);
    const { page } = person;
    expect(
      (
        await page.goto(`${t!.url}/staff/consultations/${consultation.id}/letters?status=requested`)
      )?.status(),
    ).toBe(200);
    await axe.audit(page, '/staff/consultations/:id/letters');
    const card = page.getByRole('listitem').filter({ hasText: PASSPORT_NAME });
    await expect(card.getByText('••••••567').count()).resolves.toBe(1);
    await submitTo(
      page,
      card.getByRole('button', { name: en.letters.issue, exact: true }),
      `/staff/consultations/${consultation.id}/letters`,
    );
    await flash(page, en.letters.done_issue).waitFor();
    await axe.audit(page, '/staff/consultations/:id/letters (issued)');
  });

  step('the participant downloads the letter', async () => {
    const { page } = participantPerson!;
    await page.goto(`${t!.url}/my-registration/letter?token=${token}`);
    await page
      .getByRole('region', { name: en.letters.status_heading })
      .getByText(en.letter_status.issued, { exact: true })
      .waitFor();
    await axe.audit(page, 'letter issued');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: en.letters.download }).click(),
    ]);
    const pdf = readFileSync((await download.path())!);
    expect((await pdfText(pdf)).text.replace(/\s+/g, ' ')).toContain(PASSPORT_NAME);
    const [qr] = await pdfQrCodes(pdf);
    expect(qr.startsWith(`${BASE_URL}/letters/verify?code=`)).toBe(true);
    pdfCode = new URL(qr).searchParams.get('code')!;
  });

  step('a visitor checks the code on /letters/verify', async () => {
    const { page } = await journey.newPerson('consulate');
    expect((await page.goto(`${t!.url}/letters/verify`))?.status()).toBe(200);
    await axe.audit(page, '/letters/verify');
    await page.getByLabel(en.letters.verify_code, { exact: true }).fill(pdfCode.toLowerCase());
    await Promise.all([
      page.waitForURL((url) => url.searchParams.has('code')),
      page.getByRole('button', { name: en.letters.verify_submit, exact: true }).click(),
    ]);
    await page.getByRole('heading', { name: en.letters.verify_valid }).waitFor();
    await page.getByText(PASSPORT_NAME).waitFor();
    await page.getByText('••••••567').waitFor();
    await axe.audit(page, '/letters/verify (valid)');
    expect(message(en.letters.verify_valid)).toBe('This letter is valid');
  });

  step('no serious or critical accessibility problem, and no console error', async () => {
    journey.expectClean([
      'letter request form',
      'letter request form with the error summary',
      'letter requested',
      '/staff/consultations/:id/letters',
      '/staff/consultations/:id/letters (issued)',
      'letter issued',
      '/letters/verify',
      '/letters/verify (valid)',
    ]);
  });
});
