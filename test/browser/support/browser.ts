import { existsSync } from 'node:fs';
import { Browser, BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); nothing here downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium with a fresh, empty profile (launch() makes a new user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: run "apt-get update && apt-get install -y chromium" (or set CHROMIUM_PATH).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /**
   * Console errors, uncaught page errors and failed sub-resources (stylesheets, images…) seen so
   * far; CSP violations show up here too. Documents are left to the test, which checks their status
   * (a form re-shown with 400 is expected).
   */
  problems: string[];
}

/** A new context and page, with short action timeouts and every console error collected. */
export async function openPage(
  browser: Browser,
  options: { locale?: string } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: options.locale ?? 'en-GB',
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    // Chromium's "Failed to load resource" carries no URL; the response listener below reports those.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && response.request().resourceType() !== 'document') {
      problems.push(
        `${response.status()} for ${response.request().resourceType()} ${response.url()} (on ${page.url()})`,
      );
    }
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? 'unknown';
    // ERR_ABORTED is Chromium cancelling a request itself, e.g. the favicon of a page the journey
    // has already left by submitting a form; a server that fails answers with a status or drops
    // the connection (ERR_EMPTY_RESPONSE, ERR_CONNECTION_*), and those are still reported.
    if (error === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} (${error})`);
  });
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  return { context, page, problems };
}
