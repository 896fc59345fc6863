import { Locale } from '../common/roles';
import { knownCountries } from './regions';
import { UN_COUNTRY_NAMES } from './un-country-names';

export const COUNTRY_CODES = knownCountries().sort();

/** The country's name as the UN writes it (M49 short name) in the reader's language. */
export function countryName(code: string, locale: Locale): string {
  return UN_COUNTRY_NAMES[code]?.[locale] ?? code;
}

/** Every country as an option for a select, sorted by its name in the reader's language. */
export function countryOptions(locale: Locale, selected?: string | null) {
  const collator = new Intl.Collator(locale);
  return COUNTRY_CODES.map((code) => ({
    code,
    name: countryName(code, locale),
    selected: code === selected,
  })).sort((a, b) => collator.compare(a.name, b.name));
}
