import { LANGUAGE_TAGS, Locale } from './roles';

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

const numberFormats = new Map<Locale, Intl.NumberFormat>();

function amountFormat(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(LANGUAGE_TAGS[locale], {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    numberFormats.set(locale, format);
  }
  return format;
}

/**
 * An amount as a reader of `locale` writes it, the currency's code after it in every language:
 * `2,235.50 USD`, `2 235,50 USD` (French groups with a narrow no-break space, U+202F, as CLDR
 * says), `2235,50 USD` (Spanish groups only from five digits). A no-break space (U+00A0) keeps
 * the code on the amount's line. Every page and mail shows money through this; the API and CSV
 * exports keep the machine-readable `2235.50`.
 */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  // The decimal string, not a float, goes to Intl: it formats it exactly.
  const amount = amountFormat(locale).format(fromMinor(minor) as unknown as number);
  return `${amount}\u00a0${currency}`;
}

/** `formatMoney` for an amount already written as a decimal string ("600.00", as mail carries). */
export function formatAmount(amount: string, currency: string, locale: Locale): string {
  return formatMoney(toMinor(amount), currency, locale);
}
