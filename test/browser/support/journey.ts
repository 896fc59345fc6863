import type { Browser, Locator, Page, Response } from 'playwright-core';
import type { AxeReport } from './axe';
import { formatViolations, runAxe } from './axe';
import { openPage, WatchedPage } from './browser';

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

/** Clicks a link and waits for the page it leads to. */
export async function follow(
  page: Page,
  link: Locator,
  path: string | RegExp | ((url: URL) => boolean),
): Promise<void> {
  const matches =
    typeof path === 'function'
      ? path
      : typeof path === 'string'
        ? (url: URL) => url.pathname === path
        : (url: URL) => path.test(url.pathname);
  await Promise.all([page.waitForURL(matches), link.click()]);
}

/** One person's browser: its own context (cookies), page and collected console problems. */
export interface Person extends WatchedPage {
  label: string;
}

export async function personIn(browser: Browser, label: string): Promise<Person> {
  return { label, ...(await openPage(browser)) };
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
}
