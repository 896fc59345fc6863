import es from '../../locales/es.json';
import fr from '../../locales/fr.json';
import { linkIn, MailCatcher } from '../support/mail-catcher';
import { BASE_URL, TestApp } from '../support/test-app';
import { formatViolations } from './support/axe';
import {
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
} from './support/journey';

describe('accounts in a real browser', () => {
  const journey = new Journey();
  const { axe } = journey;
  let mail: MailCatcher | undefined;
  let t: TestApp | undefined;
  let watched: Person | undefined;

  beforeAll(async () => {
    ({ mail, app: t } = await journey.start());
  });

  afterAll(async () => {
    await journey.stop();
    const minor = axe.reports.filter(({ report }) => report.others.length);
    if (minor.length) {
      console.log(
        `axe-core: minor/moderate violations (not failing the test):\n${minor.map(({ label, report }) => `${label}:\n${formatViolations(report.others)}`).join('\n')}`,
      );
    }
  });

  it('signs up in French, follows the emailed link, signs in and switches to Spanish', async () => {
    const app = t!;
    watched = await journey.newPerson('Camille Martin');
    const { page } = watched;
    const name = 'Camille Martin';
    const email = `camille.martin.${Date.now()}@example.org`;
    const password = 'des haricots verts au printemps';

    // Home page, in French through ?lang=fr (the browser itself asks for English).
    const home = await page.goto(`${app.url}/?lang=fr`);
    expect(home?.status()).toBe(200);
    await expectLang(page, 'fr');
    const languages = page.locator('nav.languages');
    await expect(languages.locator('a[aria-current="true"]').textContent()).resolves.toBe(
      'Français',
    );
    await screenshot(page, 'home.png');
    await axe.audit(page, 'home (fr, signed out)');

    // The sign-up link in the header.
    const mainNav = page.getByRole('navigation', { name: fr.app.main_nav });
    await follow(page, mainNav.getByRole('link', { name: fr.nav.signup, exact: true }), '/signup');
    await expectLang(page, 'fr');
    await expect(h1Text(page)).resolves.toBe(fr.signup.title);
    const signupForm = page.locator('form[action="/signup"]');
    await expect(
      signupForm.getByLabel(fr.signup.locale, { exact: true }).inputValue(),
    ).resolves.toBe('fr');
    await axe.audit(page, 'sign-up form (fr)');

    // A password that is too short: the form comes back with an error summary and keeps the rest.
    await signupForm.getByLabel(fr.signup.name, { exact: true }).fill(name);
    await signupForm.getByLabel(fr.signup.email, { exact: true }).fill(email);
    await signupForm.getByLabel(fr.signup.password, { exact: true }).fill('trop court');
    const rejected = await submit(
      page,
      signupForm.getByRole('button', { name: fr.signup.submit, exact: true }),
    );
    expect(rejected.status()).toBe(400);
    expect(pathOf(page)).toBe('/signup');
    const summary = page.locator('.error-summary[role="alert"]');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain(fr.form.error_summary);
    await expect(
      summary.getByRole('link', { name: fr.errors.password_length }).getAttribute('href'),
    ).resolves.toBe('#field-password');
    const again = page.locator('form[action="/signup"]');
    await expect(again.locator('.error-message').allTextContents()).resolves.toEqual([
      fr.errors.password_length,
    ]);
    await expect(
      again.getByLabel(fr.signup.password, { exact: true }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await expect(again.getByLabel(fr.signup.name, { exact: true }).inputValue()).resolves.toBe(
      name,
    );
    await expect(again.getByLabel(fr.signup.email, { exact: true }).inputValue()).resolves.toBe(
      email,
    );
    await expect(again.getByLabel(fr.signup.password, { exact: true }).inputValue()).resolves.toBe(
      '',
    );
    await expect(again.getByLabel(fr.signup.locale, { exact: true }).inputValue()).resolves.toBe(
      'fr',
    );
    await axe.audit(page, 'sign-up form with errors (fr)');

    // A good password: off to the sign-in page with the "check your email" message.
    await again.getByLabel(fr.signup.password, { exact: true }).fill(password);
    await submitTo(
      page,
      again.getByRole('button', { name: fr.signup.submit, exact: true }),
      '/signin',
    );
    await expectLang(page, 'fr');
    await flash(page, message(fr.signup.check_email, { email })).waitFor();
    await axe.audit(page, 'sign-in after sign-up (fr)');

    // The confirmation email is in French; its link verifies the address.
    await app.deliverMail();
    const verification = await mail!.waitFor(email);
    expect(verification.subject).toBe(fr.emails['verify-email'].subject);
    const { url: link } = linkIn(verification, '/verify-email');
    expect(link.origin).toBe(BASE_URL);
    const verified = await page.goto(onTestServer(link, app.url));
    expect(verified?.status()).toBe(200);
    expect(verified?.request().redirectedFrom()?.url()).toContain('/verify-email?token=');
    await page.waitForURL((url) => url.pathname === '/signin');
    await expectLang(page, 'fr');
    await flash(page, fr.verify.done).waitFor();
    await axe.audit(page, 'sign-in after verification (fr)');

    // Sign in with the French form.
    const signinForm = page.locator('form[action="/signin"]');
    await signinForm.getByLabel(fr.signin.email, { exact: true }).fill(email);
    await signinForm.getByLabel(fr.signin.password, { exact: true }).fill(password);
    await submitTo(
      page,
      signinForm.getByRole('button', { name: fr.signin.submit, exact: true }),
      '/',
    );
    await expectLang(page, 'fr');
    const accountLink = page
      .getByRole('navigation', { name: fr.app.main_nav })
      .getByRole('link', { name: fr.nav.account, exact: true });
    await accountLink.waitFor();
    await page.getByRole('button', { name: fr.nav.signout, exact: true }).waitFor();
    await expect(
      page.getByRole('link', { name: fr.nav.signup, exact: true }).count(),
    ).resolves.toBe(0);
    await axe.audit(page, 'home (fr, signed in)');

    // The account page, in French; switch the language to Spanish and save.
    await follow(page, accountLink, '/account');
    await expect(h1Text(page)).resolves.toBe(fr.account.title);
    const profile = page.locator('form[action="/account"]');
    await expect(profile.getByLabel(fr.account.name, { exact: true }).inputValue()).resolves.toBe(
      name,
    );
    const language = profile.getByLabel(fr.account.locale, { exact: true });
    await expect(language.inputValue()).resolves.toBe('fr');
    await axe.audit(page, 'account (fr)');

    await language.selectOption({ label: 'Español' });
    await submitTo(
      page,
      profile.getByRole('button', { name: fr.account.save, exact: true }),
      '/account',
    );
    await expectLang(page, 'es');
    await flash(page, es.account.saved).waitFor();
    await expect(h1Text(page)).resolves.toBe(es.account.title);
    const spanishNav = page.getByRole('navigation', { name: es.app.main_nav });
    await spanishNav.getByRole('link', { name: es.nav.account, exact: true }).waitFor();
    await spanishNav.getByRole('button', { name: es.nav.signout, exact: true }).waitFor();
    await expect(
      page
        .getByRole('navigation', { name: es.app.language })
        .locator('a[aria-current="true"]')
        .textContent(),
    ).resolves.toBe('Español');
    await expect(
      page
        .locator('form[action="/account"]')
        .getByLabel(es.account.locale, { exact: true })
        .inputValue(),
    ).resolves.toBe('es');
    await screenshot(page, 'account.png');
    await axe.audit(page, 'account after saving Spanish (es)');

    // The choice is remembered: the page is still Spanish without ?lang.
    await page.goto(`${app.url}/account`);
    await expectLang(page, 'es');
    await expect(page.getByRole('status').count()).resolves.toBe(0);

    // No serious or critical accessibility problem on any page of the journey.
    axe.expectNoBlocking();
    expect(axe.reports).toHaveLength(8);
    expect(watched.problems).toEqual([]);
  });
});
