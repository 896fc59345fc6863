import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import es from '../../locales/es.json';
import fr from '../../locales/fr.json';
import { linkIn, MailCatcher } from '../support/mail-catcher';
import { BASE_URL, createTestApp, TestApp } from '../support/test-app';
import { AxeReport, formatViolations, runAxe } from './support/axe';
import { launchChromium, openPage, WatchedPage } from './support/browser';

const SCREENSHOTS = join(__dirname, 'screenshots');

/** A catalogue message with its `{name}` placeholders filled in, as the app's t() does. */
function message(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** An emailed link (built on APP_BASE_URL) pointed at the app under test, keeping path and query. */
function onTestServer(link: URL, testUrl: string): string {
  return new URL(link.pathname + link.search, testUrl).toString();
}

/**
 * Clicks a submit button and waits for the new document: the POST's response (a 303, or the form
 * re-shown with 400) and the load of whatever page the browser ends up on.
 */
async function submit(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
    ),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response;
}

function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

describe('accounts in a real browser', () => {
  let mail: MailCatcher | undefined;
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let watched: WatchedPage | undefined;
  const axeReports: { label: string; report: AxeReport }[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail, listen: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await watched?.context.close();
    await browser?.close();
    await t?.close();
    await mail?.stop();
    const minor = axeReports.filter(({ report }) => report.others.length);
    if (minor.length) {
      console.log(
        `axe-core: minor/moderate violations (not failing the test):\n${minor.map(({ label, report }) => `${label}:\n${formatViolations(report.others)}`).join('\n')}`,
      );
    }
  });

  /** Runs axe-core on the current page; serious/critical findings are asserted at the end. */
  async function audit(page: Page, label: string): Promise<void> {
    axeReports.push({ label, report: await runAxe(page) });
  }

  it('signs up in French, follows the emailed link, signs in and switches to Spanish', async () => {
    const app = t!;
    watched = await openPage(browser!);
    const { page } = watched;
    const name = 'Camille Martin';
    const email = `camille.martin.${Date.now()}@example.org`;
    const password = 'des haricots verts au printemps';

    // Home page, in French through ?lang=fr (the browser itself asks for English).
    const home = await page.goto(`${app.url}/?lang=fr`);
    expect(home?.status()).toBe(200);
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    const languages = page.locator('nav.languages');
    await expect(languages.locator('a[aria-current="true"]').textContent()).resolves.toBe(
      'Français',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'home.png'), fullPage: true });
    await audit(page, 'home (fr, signed out)');

    // The sign-up link in the header.
    const mainNav = page.getByRole('navigation', { name: fr.app.main_nav });
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/signup'),
      mainNav.getByRole('link', { name: fr.nav.signup, exact: true }).click(),
    ]);
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      fr.signup.title,
    );
    const signupForm = page.locator('form[action="/signup"]');
    await expect(
      signupForm.getByLabel(fr.signup.locale, { exact: true }).inputValue(),
    ).resolves.toBe('fr');
    await audit(page, 'sign-up form (fr)');

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
    await audit(page, 'sign-up form with errors (fr)');

    // A good password: off to the sign-in page with the "check your email" message.
    await again.getByLabel(fr.signup.password, { exact: true }).fill(password);
    const accepted = await submit(
      page,
      again.getByRole('button', { name: fr.signup.submit, exact: true }),
    );
    expect(accepted.status()).toBe(303);
    await page.waitForURL((url) => url.pathname === '/signin');
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    await page
      .getByRole('status')
      .filter({ hasText: message(fr.signup.check_email, { email }) })
      .waitFor();
    await audit(page, 'sign-in after sign-up (fr)');

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
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    await page.getByRole('status').filter({ hasText: fr.verify.done }).waitFor();
    await audit(page, 'sign-in after verification (fr)');

    // Sign in with the French form.
    const signinForm = page.locator('form[action="/signin"]');
    await signinForm.getByLabel(fr.signin.email, { exact: true }).fill(email);
    await signinForm.getByLabel(fr.signin.password, { exact: true }).fill(password);
    const signedIn = await submit(
      page,
      signinForm.getByRole('button', { name: fr.signin.submit, exact: true }),
    );
    expect(signedIn.status()).toBe(303);
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
    const accountLink = page
      .getByRole('navigation', { name: fr.app.main_nav })
      .getByRole('link', { name: fr.nav.account, exact: true });
    await accountLink.waitFor();
    await page.getByRole('button', { name: fr.nav.signout, exact: true }).waitFor();
    await expect(
      page.getByRole('link', { name: fr.nav.signup, exact: true }).count(),
    ).resolves.toBe(0);
    await audit(page, 'home (fr, signed in)');

    // The account page, in French; switch the language to Spanish and save.
    await Promise.all([page.waitForURL((url) => url.pathname === '/account'), accountLink.click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      fr.account.title,
    );
    const profile = page.locator('form[action="/account"]');
    await expect(profile.getByLabel(fr.account.name, { exact: true }).inputValue()).resolves.toBe(
      name,
    );
    const language = profile.getByLabel(fr.account.locale, { exact: true });
    await expect(language.inputValue()).resolves.toBe('fr');
    await audit(page, 'account (fr)');

    await language.selectOption({ label: 'Español' });
    const saved = await submit(
      page,
      profile.getByRole('button', { name: fr.account.save, exact: true }),
    );
    expect(saved.status()).toBe(303);
    await page.waitForURL((url) => url.pathname === '/account');
    await page.locator('html[lang="es"]').waitFor({ state: 'attached' });
    await page.getByRole('status').filter({ hasText: es.account.saved }).waitFor();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      es.account.title,
    );
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
    await page.screenshot({ path: join(SCREENSHOTS, 'account.png'), fullPage: true });
    await audit(page, 'account after saving Spanish (es)');

    // The choice is remembered: the page is still Spanish without ?lang.
    await page.goto(`${app.url}/account`);
    await page.locator('html[lang="es"]').waitFor({ state: 'attached' });
    await expect(page.getByRole('status').count()).resolves.toBe(0);

    // No serious or critical accessibility problem on any page of the journey.
    const blocking = axeReports.filter(({ report }) => report.blocking.length);
    if (blocking.length) {
      throw new Error(
        `axe-core found serious/critical violations:\n${blocking.map(({ label, report }) => `${label} (${report.url}):\n${formatViolations(report.blocking)}`).join('\n')}`,
      );
    }
    expect(axeReports).toHaveLength(8);
    expect(watched.problems).toEqual([]);
  });
});
