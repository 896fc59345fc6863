import type { AxeResults, ImpactValue, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE_PATH = require.resolve('axe-core');

/** The impacts that fail a journey; "minor" and "moderate" ones are only reported. */
export const BLOCKING_IMPACTS: ImpactValue[] = ['serious', 'critical'];

export interface AxeReport {
  url: string;
  blocking: Result[];
  others: Result[];
}

/** Runs axe-core on the page as it is now (injecting it if this document does not have it yet). */
export async function runAxe(page: Page): Promise<AxeReport> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.addScriptTag({ path: AXE_SOURCE_PATH });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: { run: (options: object) => Promise<AxeResults> } }).axe.run({ resultTypes: ['violations'] }),
  );
  const blocking = results.violations.filter((v) => v.impact && BLOCKING_IMPACTS.includes(v.impact));
  const others = results.violations.filter((v) => !blocking.includes(v));
  return { url: page.url(), blocking, others };
}

/** One line per violation and one indented line per offending node, for a readable failure. */
export function formatViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((node) => `    - ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s*\n\s*/g, ' ') ?? node.html}`);
      return [`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`, ...nodes].join('\n');
    })
    .join('\n');
}

/** Fails with every serious or critical violation spelled out; returns the report for the rest. */
export async function expectNoSeriousA11yViolations(page: Page, label = page.url()): Promise<AxeReport> {
  const report = await runAxe(page);
  if (report.blocking.length) {
    throw new Error(`axe-core found ${report.blocking.length} serious/critical violation(s) on ${label} (${report.url}):\n${formatViolations(report.blocking)}`);
  }
  return report;
}
