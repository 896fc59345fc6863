import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import en from '../../locales/en.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { userFactory } from '../support/factories';
import { linkIn, MailCatcher } from '../support/mail-catcher';
import { pdfBytes } from '../support/pdf';
import { BASE_URL, TestApp } from '../support/test-app';
import {
  fact,
  flash,
  follow,
  h1,
  Journey,
  message,
  onTestServer,
  pathOf,
  Person,
  screenshot,
  atBothWidths,
  submit,
  submitTo,
  UUID,
} from './support/journey';

const ORGANISATION = 'Baobab Solidarity Network';
const ACRONYM = 'BSN';
const MOTIVATION =
  'We want to bring the voices of migrant workers in the Sahel to the annual consultations.';
const ACTIVITIES =
  'Legal aid for returning migrants, research on labour migration corridors, and training.';
const QUESTION = 'What was your annual budget last year, and who funds you?';
const ANSWER = 'About 40,000 EUR, from membership fees and two foundations.';
const APPROVAL = 'Welcome: your work on labour migration fits the consultations well.';

describe('organisation accreditation in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let mail: MailCatcher | undefined;
  let t: TestApp | undefined;
  let uploads: string | undefined;
  let pdfPath = '';

  let focal: { user: User; person: Person } | undefined;
  let colleague: { user: User; person: Person } | undefined;
  let reviewer: { user: User; person: Person } | undefined;
  let organisationId = '';
  let requestId = '';

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), 'convene-uploads-'));
    pdfPath = join(uploads, 'statutes.pdf');
    writeFileSync(pdfPath, pdfBytes('Statutes of the Baobab Solidarity Network'));
    ({ mail, app: t } = await journey.start({ UPLOAD_DIR: join(uploads, 'store') }));
  });

  afterAll(async () => {
    await journey.stop();
    if (uploads) rmSync(uploads, { recursive: true, force: true });
    axe.print();
  });

  /** Submits a form of the accreditation page, which comes back with the flash message `done`. */
  async function submitOnAccreditationPage(
    page: Page,
    button: Locator,
    done: string,
  ): Promise<void> {
    await submitTo(page, button, `/organisations/${organisationId}/accreditation`);
    await flash(page, done).waitFor();
  }

  /** The reviewer picks `choice` in the decision form, gives `reason`, and lands on `path`. */
  async function decide(
    page: Page,
    choice: string,
    reason: string,
    path: string,
    done: string,
  ): Promise<void> {
    const decision = page.getByRole('region', { name: en.staff.review.decision_heading });
    await decision.getByRole('radio', { name: choice, exact: true }).check();
    await decision.getByLabel(en.staff.review.reason, { exact: true }).fill(reason);
    await submitTo(
      page,
      decision.getByRole('button', { name: en.staff.review.submit, exact: true }),
      path,
    );
    await flash(page, done).waitFor();
  }

  /** The text `status` in the region of the organisation's accreditation request. */
  function requestStatus(page: Page, status: string): Locator {
    return page.getByRole('region', { name: en.accreditation.request_heading }).getByText(status);
  }

  /** The entry of the request's history that records `event`. */
  function historyEntry(page: Page, event: string): Locator {
    return page
      .getByRole('region', { name: en.accreditation.history_heading })
      .getByRole('listitem')
      .filter({ hasText: event });
  }

  /** The directory page shows one result: this organisation, with the search kept in the box. */
  async function expectListed(page: Page): Promise<void> {
    await flash(page, message(en.directory.count_one, { total: '1' })).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: ORGANISATION });
    await expect(
      card.getByRole('link', { name: ORGANISATION, exact: true }).getAttribute('href'),
    ).resolves.toBe(`/organisations/${organisationId}`);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Senegal');
    expect(text).toContain(en.regions.africa);
    expect(text).toContain(en.organisation_types.migrant_association);
    expect(text).toContain(en.thematic_areas.labour_migration);
    expect(text).toContain(message(en.organisations.observer_since, { date: '' }).trim());
    await expect(
      page.getByRole('search').getByLabel(en.directory.search, { exact: true }).inputValue(),
    ).resolves.toBe('baobab');
  }

  step('the focal point signs in and creates the organisation', async () => {
    const user = await userFactory(t!, { name: 'Aminata Diallo' });
    focal = { user, person: await journey.newPerson('focal point') };
    const { page } = focal.person;
    await journey.signIn(focal.person, user);
    await axe.audit(page, 'home (focal point, no organisation yet)');
    await page.getByText(en.home.no_organisations).waitFor();

    await follow(
      page,
      page.getByRole('main').getByRole('link', { name: en.home.create_organisation }),
      '/organisations/new',
    );
    await expect(h1(page)).resolves.toBe(en.organisations.new_title);
    await axe.audit(page, '/organisations/new');

    // Submitting the empty form shows the error summary and marks the fields.
    const create = () =>
      page.getByRole('button', { name: en.organisations.submit_create, exact: true });
    const rejected = await submit(page, create());
    expect(rejected.status()).toBe(400);
    expect(pathOf(page)).toBe('/organisations/new');
    const summary = page.locator('.error-summary[role="alert"]');
    await summary.waitFor();
    await expect(summary.getByRole('heading').textContent()).resolves.toBe(en.form.error_summary);
    for (const [text, anchor] of [
      [en.errors.organisation_name, '#field-name'],
      [en.errors.country_invalid, '#field-country'],
      [en.errors.organisation_type_invalid, '#field-type'],
    ]) {
      await expect(
        summary.getByRole('link', { name: text, exact: true }).getAttribute('href'),
      ).resolves.toBe(anchor);
    }
    await expect(
      page.getByLabel(en.organisations.name, { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await axe.audit(page, '/organisations/new with the error summary');

    // The real thing, filled in by label as a person would.
    await page.getByLabel(en.organisations.name, { exact: true }).fill(ORGANISATION);
    await page.getByLabel(`${en.organisations.acronym} (${en.form.optional})`).fill(ACRONYM);
    await page
      .getByLabel(en.organisations.country, { exact: true })
      .selectOption({ label: 'Senegal' });
    await page
      .getByLabel(en.organisations.type, { exact: true })
      .selectOption({ label: en.organisation_types.migrant_association });
    await page
      .getByRole('group', { name: en.organisations.thematic_areas })
      .getByLabel(en.thematic_areas.labour_migration, { exact: true })
      .check();
    await page
      .getByRole('group', { name: en.organisations.led_by })
      .getByLabel(en.organisations.migrant_led, { exact: true })
      .check();
    await submitTo(page, create(), new RegExp(`^/organisations/${UUID}$`));
    organisationId = new URL(page.url()).pathname.split('/')[2];

    await flash(page, message(en.organisations.created, { name: ORGANISATION })).waitFor();
    await expect(h1(page)).resolves.toBe(`${ORGANISATION} (${ACRONYM})`);
    const facts = page.locator('dl.facts').first();
    await expect(fact(facts, en.organisations.country)).resolves.toBe('Senegal');
    await expect(fact(facts, en.organisations.region)).resolves.toBe(en.regions.africa);
    await expect(fact(facts, en.organisations.type)).resolves.toBe(
      en.organisation_types.migrant_association,
    );
    await expect(fact(facts, en.organisations.thematic_areas)).resolves.toBe(
      en.thematic_areas.labour_migration,
    );
    await expect(fact(facts, en.organisations.led_by)).resolves.toBe(en.organisations.migrant_led);
    await expect(page.locator('p.status').textContent()).resolves.toContain(
      en.observer_status.none,
    );
    await axe.audit(page, 'organisation profile (focal point)');
  });

  step('the focal point invites a colleague, who signs in from the email and joins', async () => {
    const { page } = focal!.person;
    const subnav = page.getByRole('navigation', { name: ORGANISATION });
    await follow(
      page,
      subnav.getByRole('link', { name: en.organisations.members_link, exact: true }),
      `/organisations/${organisationId}/members`,
    );
    await expect(h1(page)).resolves.toBe(`${en.organisations.members_title} — ${ORGANISATION}`);
    await expect(page.getByRole('table').getByRole('row').nth(1).textContent()).resolves.toContain(
      focal!.user.email,
    );
    await axe.audit(page, 'members (focal point alone)');

    const colleagueUser = await userFactory(t!, { name: 'Moussa Ndiaye' });
    const invite = page.getByRole('region', { name: en.organisations.invite_heading });
    await invite
      .getByLabel(en.organisations.invite_email, { exact: true })
      .fill(colleagueUser.email);
    await expect(
      invite.getByLabel(en.organisations.invite_role, { exact: true }).inputValue(),
    ).resolves.toBe('member');
    await submitTo(
      page,
      invite.getByRole('button', { name: en.organisations.invite_submit, exact: true }),
      `/organisations/${organisationId}/members`,
    );
    await flash(page, message(en.organisations.invited, { email: colleagueUser.email })).waitFor();
    await page.getByRole('heading', { name: en.organisations.pending_invitations }).waitFor();
    await page.getByRole('listitem').filter({ hasText: colleagueUser.email }).waitFor();
    await axe.audit(page, 'members (invitation pending)');

    // The invitation email, its link pointed at the app under test.
    await t!.deliverMail();
    const invitation = await mail!.waitFor(colleagueUser.email, (m) =>
      m.text.includes('/invitations/accept'),
    );
    expect(invitation.subject).toBe(
      message(en.emails.invitation.subject, {
        inviter: focal!.user.name,
        organisation: ORGANISATION,
      }),
    );
    const { url: link } = linkIn(invitation, '/invitations/accept');
    expect(link.origin).toBe(BASE_URL);

    // The colleague, signed out, opens it in their own browser.
    colleague = { user: colleagueUser, person: await journey.newPerson('colleague') };
    const other = colleague.person.page;
    expect((await other.goto(onTestServer(link, t!.url)))?.status()).toBe(200);
    await expect(h1(other)).resolves.toBe(en.invitations.title);
    await other
      .getByText(
        message(en.invitations.text, {
          organisation: ORGANISATION,
          email: colleagueUser.email,
          role: en.membership_roles.member,
        }),
      )
      .waitFor();
    await axe.audit(other, 'invitation (signed out)');
    const signInLink = other
      .getByRole('main')
      .getByRole('link', { name: en.nav.signin, exact: true });
    const next = new URL((await signInLink.getAttribute('href')) ?? '', t!.url).searchParams.get(
      'next',
    );
    // The way back is the invitation itself (the language of the mail's link is kept in the session).
    expect(next).toBe(
      `${link.pathname}?token=${encodeURIComponent(link.searchParams.get('token') ?? '')}`,
    );
    await follow(
      other,
      signInLink,
      (url) => url.pathname === '/signin' && url.searchParams.has('next'),
    );
    await journey.signInHere(other, colleagueUser, 'colleague, back to the invitation');
    await other.waitForURL((url) => url.pathname + url.search === next);
    await expect(h1(other)).resolves.toBe(en.invitations.title);
    const accept = other.getByRole('button', { name: en.invitations.accept, exact: true });
    await axe.audit(other, 'invitation (signed in)');
    await submitTo(other, accept, `/organisations/${organisationId}`);
    await flash(other, en.invitations.accepted).waitFor();
    await expect(h1(other)).resolves.toBe(`${ORGANISATION} (${ACRONYM})`);
    // A member, not a focal point: the menu of the organisation, but no edit form.
    await other
      .getByRole('navigation', { name: ORGANISATION })
      .getByRole('link', { name: en.organisations.members_link, exact: true })
      .waitFor();
    await expect(other.getByRole('heading', { name: en.organisations.edit }).count()).resolves.toBe(
      0,
    );
    await axe.audit(other, 'organisation profile (colleague, just joined)');

    // The focal point now sees the colleague among the members.
    await page.reload();
    await page.getByRole('row').filter({ hasText: colleagueUser.email }).waitFor();
    await expect(
      page.getByRole('heading', { name: en.organisations.pending_invitations }).count(),
    ).resolves.toBe(0);
  });

  step('the focal point submits the request and uploads the statutes as a PDF', async () => {
    const { page } = focal!.person;
    await follow(
      page,
      page.getByRole('link', { name: ORGANISATION, exact: true }),
      `/organisations/${organisationId}`,
    );
    await follow(
      page,
      page
        .getByRole('navigation', { name: ORGANISATION })
        .getByRole('link', { name: en.organisations.accreditation_link, exact: true }),
      `/organisations/${organisationId}/accreditation`,
    );
    await expect(h1(page)).resolves.toBe(`${en.accreditation.title} — ${ORGANISATION}`);
    await page.getByText(en.accreditation.no_request).waitFor();
    await axe.audit(page, 'accreditation (before submitting)');

    const form = page.getByRole('region', { name: en.accreditation.submit });
    await form.getByLabel(en.accreditation.motivation, { exact: true }).fill(MOTIVATION);
    await form.getByLabel(en.accreditation.activities, { exact: true }).fill(ACTIVITIES);
    await submitOnAccreditationPage(
      page,
      form.getByRole('button', { name: en.accreditation.submit, exact: true }),
      en.accreditation.submitted,
    );
    const yourRequest = page.getByRole('region', { name: en.accreditation.request_heading });
    await yourRequest.getByText(en.request_status.submitted).waitFor();
    await yourRequest.getByText(MOTIVATION).waitFor();
    await page
      .getByRole('region', { name: en.accreditation.documents_heading })
      .getByText(en.accreditation.no_documents)
      .waitFor();
    await expect(
      page.getByRole('heading', { name: en.accreditation.submit }).count(),
    ).resolves.toBe(0);

    const upload = page.getByRole('region', { name: en.accreditation.upload });
    await upload
      .getByLabel(en.accreditation.document_kind, { exact: true })
      .selectOption({ label: en.document_kinds.statutes });
    await upload.getByLabel(en.accreditation.file, { exact: true }).setInputFiles(pdfPath);
    await submitOnAccreditationPage(
      page,
      upload.getByRole('button', { name: en.accreditation.upload, exact: true }),
      en.accreditation.document_added,
    );
    const documents = page.getByRole('region', { name: en.accreditation.documents_heading });
    const item = documents.getByRole('listitem');
    await expect(item.count()).resolves.toBe(1);
    await expect(item.textContent()).resolves.toContain(en.document_kinds.statutes);
    const href = await item
      .getByRole('link', { name: 'statutes.pdf', exact: true })
      .getAttribute('href');
    requestId = new RegExp(`^/api/v1/accreditation-requests/(${UUID})/documents/${UUID}$`).exec(
      href ?? '',
    )![1];
    await page
      .getByRole('region', { name: en.accreditation.history_heading })
      .getByText(en.events.document_added)
      .waitFor();
    await axe.audit(page, 'accreditation (after submitting, with a document)');
  });

  step('a reviewer finds the request in the queue and asks a question', async () => {
    const user = await userFactory(t!, { name: 'Rita Okafor', role: UserRole.Reviewer });
    reviewer = { user, person: await journey.newPerson('reviewer') };
    const { page } = reviewer.person;
    await journey.signIn(reviewer.person, user);
    await axe.audit(page, 'home (reviewer)');
    await follow(
      page,
      page
        .getByRole('navigation', { name: en.app.main_nav })
        .getByRole('link', { name: en.nav.staff, exact: true }),
      '/staff',
    );
    await expect(h1(page)).resolves.toBe(en.dashboard.title);
    await page
      .getByRole('link', {
        name: message(en.dashboard.accreditation.under_week_one, { count: '1' }),
      })
      .waitFor();
    await atBothWidths(page, axe, 'staff-dashboard', '/staff (dashboard)');
    // At phone width the header's links fold behind the Menu button.
    await page.setViewportSize({ width: 360, height: 800 });
    const nav = page.getByRole('navigation', { name: en.app.main_nav });
    const staffLink = nav.getByRole('link', { name: en.nav.staff, exact: true });
    await expect(staffLink.isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: en.app.menu, exact: true }).click();
    await staffLink.waitFor({ state: 'visible' });
    await screenshot(page, 'menu-open-360.png');
    await axe.audit(page, '/staff (menu open, 360 px)');
    await page.setViewportSize({ width: 1280, height: 800 });
    await follow(
      page,
      page.getByRole('link', { name: en.dashboard.accreditation.title, exact: true }),
      '/staff/accreditation',
    );
    await expect(h1(page)).resolves.toBe(en.staff.queue.title);
    await flash(page, message(en.staff.queue.total_one, { total: '1' })).waitFor();
    await axe.audit(page, '/staff/accreditation');

    const open = page.getByRole('link', {
      name: message(en.staff.queue.open, { organisation: ORGANISATION }),
      exact: true,
    });
    await follow(page, open, `/staff/accreditation/${requestId}`);
    await expect(h1(page)).resolves.toBe(`${en.staff.review.title}: ${ORGANISATION}`);
    await page.getByText(MOTIVATION).waitFor();
    await page.getByText(ACTIVITIES).waitFor();
    await page
      .getByRole('region', { name: en.accreditation.documents_heading })
      .getByRole('link', { name: 'statutes.pdf', exact: true })
      .waitFor();
    await axe.audit(page, '/staff/accreditation/:id (submitted)');

    await decide(
      page,
      en.staff.review.request_info,
      QUESTION,
      `/staff/accreditation/${requestId}`,
      en.staff.review.done_request_info,
    );
    await page.getByText(en.request_status.info_requested).waitFor();
    await page.getByText(en.staff.review.decided).waitFor();
    const question = historyEntry(page, en.events.info_requested);
    await question.getByText(QUESTION).waitFor();
    await expect(question.textContent()).resolves.toContain(user.name);
    await axe.audit(page, '/staff/accreditation/:id (question asked)');
  });

  step('the focal point sees the question and answers it', async () => {
    const { page } = focal!.person;
    expect(
      (await page.goto(`${t!.url}/organisations/${organisationId}/accreditation`))?.status(),
    ).toBe(200);
    await requestStatus(page, en.request_status.info_requested).waitFor();
    await historyEntry(page, en.events.info_requested).getByText(QUESTION).waitFor();
    await axe.audit(page, 'accreditation (question to answer)');

    const respond = page.getByRole('region', { name: en.accreditation.respond_heading });
    await respond.getByLabel(en.accreditation.response, { exact: true }).fill(ANSWER);
    await submitOnAccreditationPage(
      page,
      respond.getByRole('button', { name: en.accreditation.respond, exact: true }),
      en.accreditation.responded,
    );
    await requestStatus(page, en.request_status.submitted).waitFor();
    await historyEntry(page, en.events.responded).getByText(ANSWER).waitFor();
    await expect(
      page.getByRole('region', { name: en.accreditation.respond_heading }).count(),
    ).resolves.toBe(0);
    await axe.audit(page, 'accreditation (answer sent)');
  });

  step('the reviewer reads the answer and approves', async () => {
    const { page } = reviewer!.person;
    await follow(
      page,
      page
        .getByRole('navigation', { name: en.app.main_nav })
        .getByRole('link', { name: en.nav.staff, exact: true }),
      '/staff',
    );
    await follow(
      page,
      page.getByRole('link', { name: en.dashboard.accreditation.title, exact: true }),
      '/staff/accreditation',
    );
    await follow(
      page,
      page.getByRole('link', {
        name: message(en.staff.queue.open, { organisation: ORGANISATION }),
        exact: true,
      }),
      `/staff/accreditation/${requestId}`,
    );
    await historyEntry(page, en.events.responded).getByText(ANSWER).waitFor();
    await screenshot(page, 'accreditation-review.png');
    await axe.audit(page, '/staff/accreditation/:id (answered)');

    await decide(
      page,
      en.staff.review.approve,
      APPROVAL,
      '/staff/accreditation',
      en.staff.review.done_approve,
    );
    await page.getByText(en.staff.queue.none).waitFor();
    await axe.audit(page, '/staff/accreditation (empty after approving)');

    // The focal point sees the new status on the profile.
    const own = focal!.person.page;
    expect((await own.goto(`${t!.url}/organisations/${organisationId}`))?.status()).toBe(200);
    await expect(own.locator('p.status').textContent()).resolves.toContain(
      en.observer_status.observer,
    );
  });

  step('anyone finds the organisation in the public directory', async () => {
    const visitor = await journey.newPerson('visitor');
    const { page } = visitor;
    expect((await page.goto(`${t!.url}/observers`))?.status()).toBe(200);
    await expect(h1(page)).resolves.toBe(en.directory.title);
    await flash(page, message(en.directory.count_one, { total: '1' })).waitFor();
    await axe.audit(page, '/observers');

    // A search by a word of the name, as a shared or bookmarked link (the form is the next step).
    expect((await page.goto(`${t!.url}/observers?q=baobab`))?.status()).toBe(200);
    await expectListed(page);
    await screenshot(page, 'observers.png');
    await axe.audit(page, '/observers?q=baobab');

    // And the public profile, without the members' menu.
    const card = page.getByRole('listitem').filter({ hasText: ORGANISATION });
    await follow(
      page,
      card.getByRole('link', { name: ORGANISATION, exact: true }),
      `/organisations/${organisationId}`,
    );
    await expect(h1(page)).resolves.toBe(`${ORGANISATION} (${ACRONYM})`);
    await expect(page.locator('p.status').textContent()).resolves.toContain(
      en.observer_status.observer,
    );
    await expect(page.getByRole('navigation', { name: ORGANISATION }).count()).resolves.toBe(0);
    await axe.audit(page, 'organisation profile (public)');
  });

  step(
    "the directory's search form finds it by a word of the name",
    async () => {
      const { page } = await journey.newPerson('visitor using the search form');
      expect((await page.goto(`${t!.url}/observers`))?.status()).toBe(200);
      const search = page.getByRole('search');
      await search.getByLabel(en.directory.search, { exact: true }).fill('baobab');
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().isNavigationRequest() && new URL(r.url()).pathname === '/observers',
        ),
        page.waitForEvent('load'),
        search.getByRole('button', { name: en.directory.submit, exact: true }).click(),
      ]);
      const url = new URL(page.url());
      expect(url.searchParams.get('q')).toBe('baobab');
      if (response.status() !== 200) {
        throw new Error(
          `GET ${pathOf(page)} answered ${response.status()} instead of the results:\n${await page.getByRole('main').innerText()}`,
        );
      }
      await expectListed(page);
      await axe.audit(page, '/observers searched through the form');
    },
    { blocking: false },
  );

  step('the focal point was emailed the question and the approval', async () => {
    await t!.deliverMail();
    const email = focal!.user.email;
    const question = await mail!.waitFor(
      email,
      (m) =>
        m.subject ===
        message(en.emails['accreditation-question'].subject, { organisation: ORGANISATION }),
    );
    expect(question.text).toContain(QUESTION);
    expect(question.text).toContain(`${BASE_URL}/organisations/${organisationId}/accreditation`);
    const approval = await mail!.waitFor(
      email,
      (m) =>
        m.subject ===
        message(en.emails['accreditation-approved'].subject, { organisation: ORGANISATION }),
    );
    expect(approval.text).toContain(APPROVAL);
    expect(approval.text).toContain(
      message(en.emails['accreditation-approved'].body, { organisation: ORGANISATION }),
    );
  });

  step('no serious or critical accessibility problem, and no console error', async () => {
    journey.expectClean([
      'home (focal point, no organisation yet)',
      '/organisations/new',
      '/organisations/new with the error summary',
      'organisation profile (focal point)',
      'members (focal point alone)',
      'accreditation (before submitting)',
      'accreditation (after submitting, with a document)',
      '/staff/accreditation',
      '/staff/accreditation/:id (submitted)',
      '/observers?q=baobab',
    ]);
  });
});
