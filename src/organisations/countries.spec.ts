import { LOCALES, Locale } from '../common/roles';
import { COUNTRY_CODES, countryName, countryOptions } from './countries';
import { knownCountries } from './regions';
import { UN_COUNTRY_NAMES } from './un-country-names';

describe('country names as the UN writes them', () => {
  it('names every code an organisation may use, in English, French and Spanish', () => {
    expect(COUNTRY_CODES).toEqual([...knownCountries()].sort());
    const missing = COUNTRY_CODES.flatMap((code) =>
      LOCALES.filter((locale) => !UN_COUNTRY_NAMES[code]?.[locale]?.trim()).map(
        (locale) => `${code}/${locale}`,
      ),
    );
    expect(missing).toEqual([]);
  });

  it('names nothing that is not in the list', () => {
    expect(Object.keys(UN_COUNTRY_NAMES).sort()).toEqual(COUNTRY_CODES);
  });

  it('writes names one way: no stray spaces, straight apostrophes', () => {
    const names = Object.values(UN_COUNTRY_NAMES).flatMap((n) => LOCALES.map((l) => n[l]));
    expect(names.filter((name) => name !== name.trim() || /\s{2}|’/.test(name))).toEqual([]);
  });

  it.each<[string, Locale, string]>([
    ['TR', 'en', 'Türkiye'],
    ['TR', 'fr', 'Türkiye'],
    ['TR', 'es', 'Türkiye'],
    ['IR', 'en', 'Iran (Islamic Republic of)'],
    ['IR', 'fr', "Iran (République islamique d')"],
    ['IR', 'es', 'Irán (República Islámica del)'],
    ['NL', 'en', 'Netherlands (Kingdom of the)'],
    ['NL', 'fr', 'Pays-Bas (Royaume des)'],
    ['NL', 'es', 'Países Bajos (Reino de los)'],
    ['RU', 'en', 'Russian Federation'],
    ['RU', 'fr', 'Fédération de Russie'],
    ['RU', 'es', 'Federación de Rusia'],
    ['VN', 'en', 'Viet Nam'],
    ['VN', 'fr', 'Viet Nam'],
    ['VN', 'es', 'Viet Nam'],
    ['BO', 'fr', 'Bolivie (État plurinational de)'],
    ['BO', 'es', 'Bolivia (Estado Plurinacional de)'],
    ['TZ', 'fr', 'République-Unie de Tanzanie'],
    ['TZ', 'es', 'República Unida de Tanzanía'],
    ['FM', 'fr', 'Micronésie (États fédérés de)'],
    ['GB', 'en', 'United Kingdom of Great Britain and Northern Ireland'],
    ['US', 'fr', "États-Unis d'Amérique"],
    ['KR', 'en', 'Republic of Korea'],
    ['KP', 'en', "Democratic People's Republic of Korea"],
    ['CI', 'en', "Côte d'Ivoire"],
    ['VA', 'en', 'Holy See'],
    ['PS', 'es', 'Estado de Palestina'],
    ['HK', 'en', 'China, Hong Kong Special Administrative Region'],
    ['HK', 'fr', 'Chine, région administrative spéciale de Hong Kong'],
    ['HK', 'es', 'China, región administrativa especial de Hong Kong'],
    ['XK', 'fr', 'Kosovo'],
  ])('%s in %s is %s', (code, locale, name) => {
    expect(countryName(code, locale)).toBe(name);
  });

  it('shows an unknown code as itself', () => {
    expect(countryName('QQ', 'fr')).toBe('QQ');
  });

  describe.each(LOCALES)('the options in %s', (locale) => {
    const names = countryOptions(locale).map((option) => option.name);

    it('hold every code once, sorted as the language sorts', () => {
      expect(names).toHaveLength(COUNTRY_CODES.length);
      expect(names).toEqual([...names].sort(new Intl.Collator(locale).compare));
    });

    it('sort accented names with their letter, not after Z', () => {
      expect(names.at(-1)).toBe('Zimbabwe');
      const neighbours = (name: string) =>
        names.slice(names.indexOf(name) - 1, names.indexOf(name) + 2);
      expect(neighbours("Côte d'Ivoire")).toEqual(
        {
          en: ['Costa Rica', "Côte d'Ivoire", 'Croatia'],
          fr: ['Costa Rica', "Côte d'Ivoire", 'Croatie'],
          es: ['Costa Rica', "Côte d'Ivoire", 'Croacia'],
        }[locale],
      );
      expect(neighbours('Türkiye')).toEqual(
        {
          en: ['Tunisia', 'Türkiye', 'Turkmenistan'],
          fr: ['Tunisie', 'Türkiye', 'Turkménistan'],
          es: ['Túnez', 'Türkiye', 'Turkmenistán'],
        }[locale],
      );
    });
  });

  it('sorts French É with E and Spanish Ch with C', () => {
    const fr = countryOptions('fr').map((option) => option.name);
    expect(fr.slice(fr.indexOf('Égypte'), fr.indexOf('Égypte') + 4)).toEqual([
      'Égypte',
      'El Salvador',
      'Émirats arabes unis',
      'Équateur',
    ]);
    const es = countryOptions('es').map((option) => option.name);
    expect(es.slice(es.indexOf('Chad'), es.indexOf('Chad') + 3)).toEqual([
      'Chad',
      'Chequia',
      'Chile',
    ]);
  });

  it('marks the selected country', () => {
    expect(countryOptions('es', 'NL').filter((option) => option.selected)).toEqual([
      { code: 'NL', name: 'Países Bajos (Reino de los)', selected: true },
    ]);
  });
});
