/**
 * Money crosses the API as a decimal string with at most two decimals ("850.00") and is kept as
 * integer minor units, so sums are exact: never a float.
 */
export const MONEY_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

export function toMinor(amount: string): number {
  if (!MONEY_PATTERN.test(amount)) throw new RangeError(`not an amount: ${amount}`);
  const [units, decimals = ''] = amount.split('.');
  return Number(units) * 100 + Number(decimals.padEnd(2, '0'));
}

export function fromMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}
