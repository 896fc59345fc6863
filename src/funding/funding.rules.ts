import { awardAboveCap, awardAboveRequest } from './funding.errors';

/** The most one application may be awarded: what it asked for, within the per-application cap. */
export function awardCeiling(requestedMinor: number, capMinor: number | null): number {
  return capMinor === null ? requestedMinor : Math.min(capMinor, requestedMinor);
}

/**
 * What an award gives: the ceiling unless the reviewer names an amount, which may be less (a
 * partial award) but never more than was asked for, nor more than the cap.
 */
export function awardAmount(
  requestedMinor: number,
  capMinor: number | null,
  chosenMinor?: number,
): number {
  const ceiling = awardCeiling(requestedMinor, capMinor);
  if (chosenMinor === undefined) return ceiling;
  if (chosenMinor > requestedMinor) throw awardAboveRequest();
  if (chosenMinor > ceiling) throw awardAboveCap();
  return chosenMinor;
}

/** What the applications awaiting a decision would cost if each were awarded its ceiling. */
export function awaitingTotal(
  applications: { requestedMinor: number }[],
  capMinor: number | null,
): number {
  return applications.reduce((sum, a) => sum + awardCeiling(a.requestedMinor, capMinor), 0);
}

/**
 * The regional balance staff read beside each application: how many awards its region holds
 * among all awards, now and if this one were awarded too.
 */
export function regionalBalance(awardedRegions: string[]) {
  const byRegion = new Map<string, number>();
  for (const region of awardedRegions) byRegion.set(region, (byRegion.get(region) ?? 0) + 1);
  return (region: string) => {
    const before = byRegion.get(region) ?? 0;
    return { before, after: before + 1, total: awardedRegions.length + 1 };
  };
}

/** The field problems of an application that the consultation's currency and claimable kinds of cost do not allow. */
export function unclaimable(
  input: { currency: string; lines: { kind: string }[] },
  currency: string,
  claimableKinds: readonly string[],
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  if (input.currency !== currency) problems.currency = ['errors.currency_mismatch'];
  input.lines.forEach((line, i) => {
    if (!claimableKinds.includes(line.kind))
      problems[`lines.${i}.kind`] = ['errors.cost_kind_not_claimable'];
  });
  return problems;
}
