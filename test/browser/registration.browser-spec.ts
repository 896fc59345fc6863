import type { Locator, Page } from 'playwright-core';
import en from '../../locales/en.json';
import es from '../../locales/es.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { formatDateTime } from '../../src/common/dates';
import { countryName } from '../../src/organisations/countries';
import { Eligibility } from '../../src/consultations/consultation.entity';
import { participant, publishedConsultation } from '../support/consultations';
import { userFactory } from '../support/factories';
import { CaughtMail, MailCatcher } from '../support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from '../support/organisations';
import { BASE_URL, TestApp } from '../support/test-app';
import {
  auth,
  expectLang,
  flash,
  follow,
  h1Text,
  Journey,
  message,
  onTestServer,
  pathOf,
  Person,
  screenshot,
  submit,
  submitTo,
  UUID,
} from './support/journey';

const TITLE = 'Consulta regional sobre migración laboral';
const TIMEZONE = 'Europe/Zurich';
const FIRST = {
  name: 'María José Núñez',
  email: `maria.nunez.${Date.now().toString(36)}@example.org`,
  gender: es.genders.female,
  nationality: countryName('MX', 'es'),
};
const SECOND = {
  name: 'Óscar Ibáñez',
  email: `oscar.ibanez.${Date.now().toString(36)}@example.org`,
  gender: es.genders.male,
  nationality: countryName('CO', 'es'),
};

describe('registering a delegation in Spanish, the waiting list and check-in, in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let mail: MailCatcher | undefined;
  let t: TestApp | undefined;

  let consultationId = '';
  /** The other organisation, holding one of the two seats before the journey starts. */
  let other: { token: string; registrationId: string } | undefined;
  let focal: { user: User; organisationId: string; organisationName: string } | undefined;
  let focalPerson: Person | undefined;
  let firstId = '';
  let secondId = '';
  let reviewer: Person | undefined;

  beforeAll(async () => {
    ({ mail, app: t } = await journey.start({ WAITLIST_OFFER_HOURS: '48' }));

    // An open consultation with two seats, one of them already held by another organisation.
    const admin = await staffToken(t, UserRole.Admin);
    const consultation = await publishedConsultation(t, admin.token, {
      title: TITLE,
      capacity: 2,
      perOrganisationLimit: 5,
      eligibility: Eligibility.Open,
      timezone: TIMEZONE,
    });
    consultationId = consultation.id;
    const holder = await focalPointWithOrganisation(t);
    const held = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations`)
      .set(auth(holder.token))
      .send({ organisationId: holder.organisation.id, participant: participant() })
      .expect(201);
    expect(held.body).toMatchObject({ status: 'confirmed' });
    other = { token: holder.token, registrationId: held.body.id as string };

    const spanish = await focalPointWithOrganisation(t, {}, 'es');
    focal = {
      user: spanish.user,
      organisationId: spanish.organisation.id,
      organisationName: spanish.organisation.name,
    };
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
  });

  /** A delegate's card on the delegation page, found by the heading with their name. */
  function card(page: Page, name: string): Locator {
    return page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });
  }

  async function registrationIdOf(page: Page, name: string): Promise<string> {
    const id = (await card(page, name).getAttribute('id')) ?? '';
    const match = new RegExp(`^registration-(${UUID})$`).exec(id);
    if (!match) throw new Error(`the card of ${name} has no registration id (id="${id}")`);
    return match[1];
  }

  /** From the consultation page, through the "register" button, to the form. */
  async function openRegisterForm(page: Page): Promise<Locator> {
    await follow(
      page,
      page.getByRole('link', { name: es.consultations.register, exact: true }),
      `/consultations/${consultationId}/register`,
    );
    await expectLang(page, 'es');
    await expect(h1Text(page)).resolves.toBe(es.registrations.register_title);
    return page.locator(`form[action="/consultations/${consultationId}/register"]`);
  }

  async function fillDelegate(form: Locator, delegate: typeof FIRST): Promise<void> {
    await expect(
      form
        .getByLabel(es.registrations.organisation, { exact: true })
        .locator('option:checked')
        .textContent(),
    ).resolves.toBe(focal!.organisationName);
    await form.getByLabel(es.registrations.name, { exact: true }).fill(delegate.name);
    await form.getByLabel(es.registrations.email, { exact: true }).fill(delegate.email);
    await form
      .getByLabel(es.registrations.gender, { exact: true })
      .selectOption({ label: delegate.gender });
    await form
      .getByLabel(es.registrations.nationality, { exact: true })
      .selectOption({ label: delegate.nationality });
    await form.getByLabel(es.registrations.needs_visa_letter, { exact: true }).check();
  }

  step('the Spanish focal point signs in and opens the consultation', async () => {
    // A Spanish speaker's browser: the sign-in page is in Spanish before anyone is known.
    focalPerson = await journey.newPerson('focal point (es)', 'es-ES');
    const { page } = focalPerson;
    await journey.signIn(focalPerson, focal!.user, {
      ui: es,
      lang: 'es',
      label: 'focal point, es',
      checkTitle: true,
    });

    expect((await page.goto(`${t!.url}/consultations/${consultationId}`))?.status()).toBe(200);
    await expectLang(page, 'es');
    await expect(h1Text(page)).resolves.toBe(TITLE);
    await page.getByText(es.consultations.registration_open, { exact: true }).waitFor();
    await page
      .getByText(
        message(es.consultations.seats_summary, { available: '1', capacity: '2', waitlisted: '0' }),
      )
      .waitFor();
    await axe.audit(page, 'consultation page (es, one seat left)');
  });

  step('an empty form comes back with the error summary', async () => {
    const { page } = focalPerson!;
    const form = await openRegisterForm(page);
    await axe.audit(page, 'register form (es)');

    const rejected = await submit(
      page,
      form.getByRole('button', { name: es.registrations.submit, exact: true }),
    );
    expect(rejected.status()).toBe(400);
    expect(pathOf(page)).toBe(`/consultations/${consultationId}/register`);
    await expectLang(page, 'es');
    const summary = page.locator('.error-summary[role="alert"]');
    await summary.waitFor();
    await expect(
      summary.getByRole('heading', { name: es.form.error_summary }).count(),
    ).resolves.toBe(1);
    for (const [text, anchor] of [
      [es.errors.participant_name, '#field-name'],
      [es.errors.gender_invalid, '#field-gender'],
      [es.errors.nationality_invalid, '#field-nationality'],
    ]) {
      await expect(
        summary.getByRole('link', { name: text, exact: true }).getAttribute('href'),
      ).resolves.toBe(anchor);
    }
    await expect(summary.locator('a[href="#field-email"]').count()).resolves.toBe(1);
    const again = page.locator(`form[action="/consultations/${consultationId}/register"]`);
    for (const label of [
      es.registrations.name,
      es.registrations.email,
      es.registrations.gender,
      es.registrations.nationality,
    ]) {
      await expect(
        again.getByLabel(label, { exact: true }).getAttribute('aria-invalid'),
      ).resolves.toBe('true');
    }
    await axe.audit(page, 'register form with the error summary (es)');
  });

  step('the first delegate gets the last seat', async () => {
    const { page } = focalPerson!;
    const form = page.locator(`form[action="/consultations/${consultationId}/register"]`);
    await fillDelegate(form, FIRST);
    await submitTo(
      page,
      form.getByRole('button', { name: es.registrations.submit, exact: true }),
      `/organisations/${focal!.organisationId}/delegation`,
    );
    await expectLang(page, 'es');
    await flash(page, message(es.registrations.created_confirmed, { name: FIRST.name })).waitFor();
    await expect(h1Text(page)).resolves.toBe(
      `${es.registrations.delegation_title} — ${focal!.organisationName}`,
    );
    await expect(card(page, FIRST.name).textContent()).resolves.toContain(
      es.registration_status.confirmed,
    );
    firstId = await registrationIdOf(page, FIRST.name);
    await axe.audit(page, 'delegation (es, one confirmed)');
  });

  step('the second delegate goes to the waiting list, number 1', async () => {
    const { page } = focalPerson!;
    // Back to the consultation through the link on the card: no seat left now.
    await follow(
      page,
      // The delegation page groups its cards under each consultation's title.
      page
        .getByRole('heading', { level: 2, name: TITLE })
        .getByRole('link', { name: TITLE, exact: true }),
      `/consultations/${consultationId}`,
    );
    await page
      .getByText(
        message(es.consultations.seats_summary, { available: '0', capacity: '2', waitlisted: '0' }),
      )
      .waitFor();
    const form = await openRegisterForm(page);
    await fillDelegate(form, SECOND);
    await submitTo(
      page,
      form.getByRole('button', { name: es.registrations.submit, exact: true }),
      `/organisations/${focal!.organisationId}/delegation`,
    );
    await flash(
      page,
      message(es.registrations.created_waitlisted, { name: SECOND.name, position: '1' }),
    ).waitFor();
    const waiting = card(page, SECOND.name);
    await waiting.getByText(es.registration_status.waitlisted, { exact: true }).waitFor();
    await expect(waiting.textContent()).resolves.toContain(
      message(es.registrations.waitlist_position, { position: '1' }),
    );
    await expect(card(page, FIRST.name).textContent()).resolves.toContain(
      es.registration_status.confirmed,
    );
    secondId = await registrationIdOf(page, SECOND.name);
    expect(secondId).not.toBe(firstId);
    await axe.audit(page, 'delegation (es, with a waitlisted delegate)');
  });

  step('the other organisation cancels its registration, which frees a seat', async () => {
    await t!
      .http()
      .post(`/api/v1/registrations/${other!.registrationId}/cancel`)
      .set(auth(other!.token))
      .expect(200);
  });

  let offerLink: URL | undefined;

  step('the focal point is emailed the offer, in Spanish, with a link to accept it', async () => {
    await t!.deliverMail();
    const subject = message(es.emails.registration.offered.subject, {
      participant: SECOND.name,
      consultation: TITLE,
    });
    const offer = await mail!.waitFor(focal!.user.email, (m) => m.subject === subject);
    await mail!.waitFor(SECOND.email, (m) => m.subject === subject);
    expect(offer.text).toContain(es.emails.registration.offered.action);
    const match = new RegExp(
      `https?://\\S*/organisations/${focal!.organisationId}/delegation\\?offer=${UUID}`,
    ).exec(offer.text);
    if (!match) throw new Error(`no accept link in the offer mail:\n${offer.text}`);
    offerLink = new URL(match[0]);
    expect(offerLink.origin).toBe(BASE_URL);
    expect(offerLink.searchParams.get('offer')).toBe(secondId);
  });

  step('the emailed link, opened signed out, leads through sign-in to the offer', async () => {
    // Another browser (English by default), as when the mail is read on another device.
    const person = await journey.newPerson('focal point opening the offer link');
    const { page } = person;
    const opened = await page.goto(onTestServer(offerLink!, t!.url));
    expect(opened?.status()).toBe(200);
    const signInUrl = new URL(page.url());
    expect(signInUrl.pathname).toBe('/signin');
    const expectedNext = `/organisations/${focal!.organisationId}/delegation?offer=${secondId}`;
    expect(signInUrl.searchParams.get('next')).toBe(expectedNext);
    await expectLang(page, 'en');
    await expect(
      page.locator('form[action="/signin"] input[name="next"]').inputValue(),
    ).resolves.toBe(expectedNext);
    await journey.signInHere(page, focal!.user, 'from the offer link, with next', {
      checkTitle: true,
    });

    // Back on the delegation page, now in the account's language, with the offer highlighted.
    await page.waitForURL(
      (url) =>
        url.pathname === `/organisations/${focal!.organisationId}/delegation` &&
        url.searchParams.get('offer') === secondId,
    );
    await expectLang(page, 'es');
    const offered = card(page, SECOND.name);
    await expect(offered.getAttribute('id')).resolves.toBe(`registration-${secondId}`);
    await expect(offered.getAttribute('class')).resolves.toMatch(/\bcard--highlighted\b/);
    await expect(card(page, FIRST.name).getAttribute('class')).resolves.not.toMatch(
      /card--highlighted/,
    );
    await offered.getByText(es.registration_status.offered, { exact: true }).waitFor();
    const until = es.registrations.offer_until.split('{date}')[0];
    await expect(offered.textContent()).resolves.toContain(until);
    await screenshot(page, 'delegation-offer.png');
    await axe.audit(page, 'delegation (es, with the offer highlighted)');

    const accept = offered.getByRole('button', {
      name: message(es.registrations.accept_offer, { name: SECOND.name }),
      exact: true,
    });
    await submitTo(page, accept, `/organisations/${focal!.organisationId}/delegation`);
    await flash(page, es.registrations.offer_accepted).waitFor();
    const confirmed = card(page, SECOND.name);
    await confirmed.getByText(es.registration_status.confirmed, { exact: true }).waitFor();
    await expect(
      confirmed
        .getByRole('button', {
          name: message(es.registrations.accept_offer, { name: SECOND.name }),
        })
        .count(),
    ).resolves.toBe(0);
    await axe.audit(page, 'delegation (es, offer accepted)');
  });

  step('a reviewer checks the first delegate in', async () => {
    const user = await userFactory(t!, { name: 'Rita Okafor', role: UserRole.Reviewer });
    reviewer = await journey.newPerson('reviewer');
    const { page } = reviewer;
    expect((await page.goto(`${t!.url}/signin`))?.status()).toBe(200);
    await journey.signInHere(page, user, 'reviewer', { checkTitle: true });
    await page.waitForURL((url) => url.pathname === '/');

    const checkInPath = `/staff/consultations/${consultationId}/check-in`;
    expect((await page.goto(`${t!.url}${checkInPath}`))?.status()).toBe(200);
    await expectLang(page, 'en');
    await expect(h1Text(page)).resolves.toBe(`${en.staff.check_in.title}: ${TITLE}`);
    await flash(
      page,
      message(en.staff.check_in.summary, { checkedIn: '0', confirmed: '2' }),
    ).waitFor();
    await axe.audit(page, 'check-in (before searching)');

    const search = page.getByRole('search');
    await search.getByLabel(en.staff.check_in.search, { exact: true }).fill(FIRST.name);
    await Promise.all([
      page.waitForURL(
        (url) => url.pathname === checkInPath && url.searchParams.get('q') === FIRST.name,
      ),
      search.getByRole('button', { name: en.staff.check_in.submit, exact: true }).click(),
    ]);
    const match = page.getByRole('listitem').filter({ hasText: FIRST.name });
    await expect(match.count()).resolves.toBe(1);
    await expect(match.textContent()).resolves.toContain(focal!.organisationName);
    await axe.audit(page, 'check-in (after searching)');

    const before = formatDateTime(new Date(), 'en', TIMEZONE);
    const checkedIn = await submit(
      page,
      match.getByRole('button', {
        name: message(en.staff.check_in.check_in, { name: FIRST.name }),
        exact: true,
      }),
    );
    const after = formatDateTime(new Date(), 'en', TIMEZONE);
    expect(checkedIn.status()).toBe(303);
    await page.waitForURL(
      (url) => url.pathname === checkInPath && url.searchParams.get('q') === FIRST.name,
    );
    await flash(page, en.staff.check_in.done).waitFor();
    await flash(
      page,
      message(en.staff.check_in.summary, { checkedIn: '1', confirmed: '2' }),
    ).waitFor();
    const time = await page
      .getByRole('listitem')
      .filter({ hasText: FIRST.name })
      .locator('.status')
      .textContent();
    expect([
      message(en.registrations.checked_in_at, { time: before }),
      message(en.registrations.checked_in_at, { time: after }),
    ]).toContain(time?.trim());
    await expect(
      page
        .getByRole('button', { name: message(en.staff.check_in.check_in, { name: FIRST.name }) })
        .count(),
    ).resolves.toBe(0);
    await screenshot(page, 'check-in.png');
    await axe.audit(page, 'check-in (after checking in)');
  });

  step('the participants list shows both delegates confirmed', async () => {
    const { page } = reviewer!;
    expect(
      (await page.goto(`${t!.url}/staff/consultations/${consultationId}/participants`))?.status(),
    ).toBe(200);
    await expect(h1Text(page)).resolves.toBe(`${en.staff.participants.title}: ${TITLE}`);
    const table = page.getByRole('table', { name: en.staff.participants.title });
    for (const delegate of [FIRST, SECOND]) {
      const row = table.getByRole('row').filter({ hasText: delegate.email });
      await expect(row.count()).resolves.toBe(1);
      const cells = row.getByRole('cell');
      await expect(cells.nth(0).textContent()).resolves.toContain(delegate.name);
      await expect(cells.nth(1).textContent()).resolves.toContain(focal!.organisationName);
      await expect(cells.nth(2).textContent()).resolves.toContain(en.registration_status.confirmed);
      // After the 'Registered' column.
      await expect(cells.nth(4).textContent()).resolves.toContain(en.staff.participants.visa);
    }
    await expect(
      table
        .getByRole('row')
        .filter({ hasText: FIRST.email })
        .getByRole('cell')
        .nth(2)
        .textContent(),
    ).resolves.toContain(message(en.registrations.checked_in_at, { time: '' }).trim());
    await screenshot(page, 'participants.png');
    await axe.audit(page, 'participants');
  });

  step('the first delegate was emailed a confirmation with a calendar invitation', async () => {
    await t!.deliverMail();
    const subject = message(es.emails.registration.confirmed.subject, {
      participant: FIRST.name,
      consultation: TITLE,
    });
    const confirmation: CaughtMail = await mail!.waitFor(FIRST.email, (m) => m.subject === subject);
    const invite = confirmation.parsed.attachments.find((a) =>
      a.contentType.startsWith('text/calendar'),
    );
    expect(invite).toBeDefined();
    const ics = invite!.content.toString('utf8');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain(`UID:registration-${firstId}@convene`);
    expect(ics).toContain(`DTSTART;TZID=${TIMEZONE}:`);
    // The second delegate was told of the waiting list first, then of the confirmed seat.
    await mail!.waitFor(
      SECOND.email,
      (m) =>
        m.subject ===
        message(es.emails.registration.waitlisted.subject, {
          participant: SECOND.name,
          consultation: TITLE,
        }),
    );
    await mail!.waitFor(
      SECOND.email,
      (m) =>
        m.subject ===
        message(es.emails.registration.confirmed.subject, {
          participant: SECOND.name,
          consultation: TITLE,
        }),
    );
  });

  step(
    'the check-in search finds a name that starts with an accented capital',
    async () => {
      const { page } = reviewer!;
      const path = `/staff/consultations/${consultationId}/check-in`;
      expect(
        (await page.goto(`${t!.url}${path}?q=${encodeURIComponent(SECOND.name)}`))?.status(),
      ).toBe(200);
      const found = await page.getByRole('listitem').filter({ hasText: SECOND.name }).count();
      if (found !== 1) {
        throw new Error(
          `searching "${SECOND.name}" on ${path} found ${found} match(es):\n${await page.getByRole('main').innerText()}`,
        );
      }
    },
    { blocking: false },
  );

  step('no serious or critical accessibility problem, and no console error', async () => {
    journey.expectClean([
      'sign-in (focal point, es)',
      'consultation page (es, one seat left)',
      'register form (es)',
      'register form with the error summary (es)',
      'delegation (es, with a waitlisted delegate)',
      'sign-in (from the offer link, with next)',
      'delegation (es, with the offer highlighted)',
      'check-in (before searching)',
      'check-in (after searching)',
      'participants',
    ]);
  });
});
