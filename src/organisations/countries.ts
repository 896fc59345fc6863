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

export function countryName(code: string, locale: Locale): string {
  return countries.getName(code, locale) ?? code;
}

/** Every country as an option for a select, sorted by its name in the reader's language. */
export function countryOptions(locale: Locale, selected?: string | null) {
  const collator = new Intl.Collator(locale);
  return COUNTRY_CODES.map((code) => ({ code, name: countryName(code, locale), selected: code === selected })).sort((a, b) =>
    collator.compare(a.name, b.name),
  );
}
