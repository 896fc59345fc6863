import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import { Locale } from '../accounts/user.entity';
import { knownCountries } from './regions';

countries.registerLocale(en);
countries.registerLocale(fr);
countries.registerLocale(es);

export const COUNTRY_CODES = knownCountries().sort();

/** Where the short name is ambiguous or odd ("Congo" twice, "UK"), the official one is used. */
const OFFICIAL_NAME = new Set(['CD', 'CG', 'KR', 'GB']);

/** The name people look for in a list: "China", not "People's Republic of China". */
export function countryName(code: string, locale: Locale): string {
  const select = OFFICIAL_NAME.has(code) ? 'official' : 'alias';
  return countries.getName(code, locale, { select }) ?? countries.getName(code, locale) ?? code;
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
