import type { AxeResults, ImpactValue, Result } from 'axe-core';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE_PATH = require.resolve('axe-core');
let axeSource: string | undefined;

/** The impacts that fail a journey; "minor" and "moderate" ones are only reported. */
export const BLOCKING_IMPACTS: ImpactValue[] = ['serious', 'critical'];

export interface AxeReport {
  url: string;
  blocking: Result[];
  others: Result[];
}

/**
 * Puts axe-core in the current document. `page.addScriptTag({ path })` adds an inline <script>,
 * which the app's Content-Security-Policy (`script-src 'self'`) rightly blocks; evaluating the
 * source through the DevTools protocol is not subject to the page's CSP, so the journey still runs
 * with the app's real headers (no `bypassCSP`).
 */
async function injectAxe(page: Page): Promise<void> {
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe === 'object',
  );
  if (loaded) return;
  axeSource ??= readFileSync(AXE_SOURCE_PATH, 'utf8');
  await page.evaluate(axeSource);
}

/** Runs axe-core on the page as it is now. */
export async function runAxe(page: Page): Promise<AxeReport> {
  await injectAxe(page);
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (options: object) => Promise<AxeResults> } }).axe.run({
      resultTypes: ['violations'],
    }),
  );
  const blocking = results.violations.filter(
    (v) => v.impact && BLOCKING_IMPACTS.includes(v.impact),
  );
  const others = results.violations.filter((v) => !blocking.includes(v));
  return { url: page.url(), blocking, others };
}

/** One line per violation and one indented line per offending node, for a readable failure. */
export function formatViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map(
        (node) =>
          `    - ${node.target.join(' ')}: ${(node.failureSummary ?? node.html)
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean)
            .join(' / ')}`,
      );
      return [`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`, ...nodes].join('\n');
    })
    .join('\n');
}

/** Fails with every serious or critical violation spelled out; returns the report for the rest. */
export async function expectNoSeriousA11yViolations(
  page: Page,
  label = page.url(),
): Promise<AxeReport> {
  const report = await runAxe(page);
  if (report.blocking.length) {
    throw new Error(
      `axe-core found ${report.blocking.length} serious/critical violation(s) on ${label} (${report.url}):\n${formatViolations(report.blocking)}`,
    );
  }
  return report;
}
