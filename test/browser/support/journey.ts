import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import en from '../../../locales/en.json';
import type { User } from '../../../src/accounts/user.entity';
import { PASSWORD } from '../../support/factories';
import { MailCatcher } from '../../support/mail-catcher';
import { createTestApp, TestApp } from '../../support/test-app';
import type { AxeReport } from './axe';
import { formatViolations, runAxe } from './axe';
import { launchChromium, openPage, WatchedPage } from './browser';

/** Where the journeys save their full-page screenshots (test/browser/screenshots). */
export const SCREENSHOTS = join(__dirname, '..', 'screenshots');

/** The shape of an id in the app's URLs, for building regular expressions. */
export const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A message catalogue (en, fr, es…); they all have the English one's keys. */
export type Catalogue = typeof en;

/** The header of an API request made with a bearer token. */
export const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A catalogue message with its `{name}` placeholders filled in, as the app's t() does. */
export function message(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** An emailed link (built on APP_BASE_URL) pointed at the app under test, keeping path and query. */
export function onTestServer(link: URL, testUrl: string): string {
  return new URL(link.pathname + link.search, testUrl).toString();
}

/** Path and query of the page's current URL. */
export function pathOf(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** Where a navigation should end: a path, a pattern for the path, or a test of the whole URL. */
export type Destination = string | RegExp | ((url: URL) => boolean);

function matcher(path: Destination): (url: URL) => boolean {
  return typeof path === 'function'
    ? path
    : typeof path === 'string'
      ? (url: URL) => url.pathname === path
      : (url: URL) => path.test(url.pathname);
}

/**
 * Clicks a submit button and waits for the new document: the POST's response (a 303, or the form
 * re-shown with 4xx) and the load of whatever page the browser ends up on.
 */
export async function submit(page: Page, button: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
    ),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response;
}

/** Submits with `button`, expects the POST to answer 303 and waits until the browser is at `path`. */
export async function submitTo(page: Page, button: Locator, path: Destination): Promise<void> {
  const response = await submit(page, button);
  expect(response.status()).toBe(303);
  await page.waitForURL(matcher(path));
}

/** Clicks a link and waits for the page it leads to. */
export async function follow(page: Page, link: Locator, path: Destination): Promise<void> {
  await Promise.all([page.waitForURL(matcher(path)), link.click()]);
}

/** Waits until the document is in `lang` (its <html lang>). */
export async function expectLang(page: Page, lang: string): Promise<void> {
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
}

/** The text of the page's <h1>, exactly as the DOM has it. */
export function h1Text(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

/** The text of the page's <h1>, trimmed ('' when it has none). */
export async function h1(page: Page): Promise<string> {
  return ((await h1Text(page)) ?? '').trim();
}

/** The flash message (role="status") that says `text`. */
export function flash(page: Page, text: string): Locator {
  return page.getByRole('status').filter({ hasText: text });
}

/** The text of the <dd> after the <dt> that says `term`, in a list of facts. */
export async function fact(scope: Locator, term: string): Promise<string | undefined> {
  return (await scope.locator(`dt:text-is("${term}") + dd`).textContent())?.trim();
}

/** A full-page screenshot, saved as SCREENSHOTS/`file`. */
export async function screenshot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, file), fullPage: true });
}

/**
 * The page at 1280 and at 360 px wide: nothing wider than the screen, a screenshot each
 * (`<name>-<width>.png` under `folder`, SCREENSHOTS by default) and an axe-core run each.
 */
export async function atBothWidths(
  page: Page,
  axe: AxeLog,
  name: string,
  label: string,
  folder = SCREENSHOTS,
): Promise<void> {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect([label, width, scrollWidth <= width]).toEqual([label, width, true]);
    await page.screenshot({ path: join(folder, `${name}-${width}.png`), fullPage: true });
    await axe.audit(page, `${label} (${width} px)`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** One person's browser: its own context (cookies), page and collected console problems. */
export interface Person extends WatchedPage {
  label: string;
}

/** A person in a new context of `browser`, whose browser asks for `locale` (en-GB by default). */
export async function personIn(browser: Browser, label: string, locale?: string): Promise<Person> {
  return { label, ...(await openPage(browser, { locale })) };
}

/** Every axe-core run of a journey, labelled, to fail on serious/critical and list the rest. */
export class AxeLog {
  readonly reports: { label: string; report: AxeReport }[] = [];

  async audit(page: Page, label: string): Promise<AxeReport> {
    const report = await runAxe(page);
    this.reports.push({ label, report });
    return report;
  }

  /** Serious/critical violations, one block per page; empty when there are none. */
  blocking(): string {
    return this.reports
      .filter(({ report }) => report.blocking.length)
      .map(({ label, report }) => `${label} (${report.url}):\n${formatViolations(report.blocking)}`)
      .join('\n');
  }

  /** Every violation of any impact, one block per page; empty when there are none. */
  all(): string {
    return this.reports
      .filter(({ report }) => report.blocking.length || report.others.length)
      .map(
        ({ label, report }) =>
          `${label} (${report.url}):\n${formatViolations([...report.blocking, ...report.others])}`,
      )
      .join('\n');
  }

  /** Fails with every serious or critical violation seen on any page audited so far. */
  expectNoBlocking(): void {
    const blocking = this.blocking();
    if (blocking) throw new Error(`axe-core found serious/critical violations:\n${blocking}`);
  }

  /** Prints every violation of any impact (or that there was none) on the pages audited. */
  print(): void {
    const all = this.all();
    console.log(
      all
        ? `axe-core: every violation seen on the ${this.reports.length} pages audited:\n${all}`
        : `axe-core: no violation of any impact on the ${this.reports.length} pages audited`,
    );
  }
}

export interface SignInOptions {
  /** The catalogue the sign-in page is in (English by default). */
  ui?: Catalogue;
  /** Also check that the page's <h1> is the sign-in title. */
  checkTitle?: boolean;
}

/**
 * One journey's app (with its mail catcher), Chromium, the people browsing and the axe-core log;
 * its steps run in order, and once a blocking one fails the later ones say so instead of piling up
 * secondary errors.
 */
export class Journey {
  mail: MailCatcher | undefined;
  app: TestApp | undefined;
  browser: Browser | undefined;
  readonly people: Person[] = [];
  readonly axe = new AxeLog();
  private broken: string | undefined;

  /** For beforeAll: the screenshots folder, the mail catcher, the app (with `env`) and Chromium. */
  async start(env?: Record<string, string>): Promise<{ mail: MailCatcher; app: TestApp }> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const mail = (this.mail = await new MailCatcher().start());
    const app = (this.app = await createTestApp({ mail, listen: true, env }));
    this.browser = await launchChromium();
    return { mail, app };
  }

  /** For afterAll: closes every person's browser, Chromium, the app and the mail catcher. */
  async stop(): Promise<void> {
    for (const person of this.people) await person.context.close();
    await this.browser?.close();
    await this.app?.close();
    await this.mail?.stop();
  }

  /**
   * A test that depends on the earlier ones: once one fails, the rest say so. A step that is not
   * `blocking` leaves the later ones to run when it fails.
   */
  readonly step = (name: string, fn: () => Promise<void>, options = { blocking: true }): void => {
    it(name, async () => {
      if (this.broken) throw new Error(`not run: the step "${this.broken}" failed`);
      try {
        await fn();
      } catch (error) {
        if (options.blocking) this.broken = name;
        throw error;
      }
    });
  };

  /** A browser of its own (a new context), asking for `locale` (en-GB by default). */
  async newPerson(label: string, locale?: string): Promise<Person> {
    const person = await personIn(this.browser!, label, locale);
    this.people.push(person);
    return person;
  }

  /** Signs in through the form on the page the browser is on (/signin, perhaps with ?next=). */
  async signInHere(
    page: Page,
    user: User,
    label: string,
    { ui = en, checkTitle = false }: SignInOptions = {},
  ): Promise<void> {
    expect(new URL(page.url()).pathname).toBe('/signin');
    if (checkTitle) await expect(h1Text(page)).resolves.toBe(ui.signin.title);
    await this.axe.audit(page, `sign-in (${label})`);
    const form = page.locator('form[action="/signin"]');
    await form.getByLabel(ui.signin.email, { exact: true }).fill(user.email);
    await form.getByLabel(ui.signin.password, { exact: true }).fill(PASSWORD);
    const response = await submit(
      page,
      form.getByRole('button', { name: ui.signin.submit, exact: true }),
    );
    expect(response.status()).toBe(303);
  }

  /**
   * Opens /signin, signs in and waits for the home page with the sign-out button; with `lang`, the
   * pages must be in that language. The sign-in page is audited as "sign-in (label)".
   */
  async signIn(
    person: Person,
    user: User,
    options: SignInOptions & { lang?: string; label?: string } = {},
  ): Promise<void> {
    const { page } = person;
    const { lang, label = person.label, ui = en } = options;
    expect((await page.goto(`${this.app!.url}/signin`))?.status()).toBe(200);
    if (lang) await expectLang(page, lang);
    await this.signInHere(page, user, label, options);
    await page.waitForURL((url) => url.pathname === '/');
    if (lang) await expectLang(page, lang);
    await page
      .getByRole('navigation', { name: ui.app.main_nav })
      .getByRole('button', { name: ui.nav.signout, exact: true })
      .waitFor();
  }

  /**
   * The last step: no serious or critical axe-core finding, every `required` page audited, and no
   * console error or failed request in anyone's browser.
   */
  expectClean(required: string[]): void {
    this.axe.expectNoBlocking();
    const audited = this.axe.reports.map(({ label }) => label);
    for (const label of required) {
      expect(audited).toContain(label);
    }
    expect(
      this.people.flatMap((person) => person.problems.map((p) => `${person.label}: ${p}`)),
    ).toEqual([]);
  }
}
