import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config';
import { COUNT_PARAMS, keysOf, pluralCategory, t } from './i18n';
import { LANGUAGE_TAGS, LOCALES, Locale } from './roles';

/**
 * Every message, in every language, rendered with sample values: no placeholder left, no
 * translation missing, every plural form the language's rules call for (as Node's Intl has
 * them: French "one" covers 0 and 1, French and Spanish "many" covers 1 000 000).
 */
const SAMPLE_COUNTS = [0, 1, 2, 5, 21, 1_000_000];

/** Counts set after a label or a preposition that no word agrees with: no plural forms. */
const NO_AGREEMENT = new Set([
  'home.seats_left', // Seats left: 3
  'consultations.seats_summary', // Seats left: 3 of 10; on the waiting list: 2
  'staff.participants.balance', // … 4 of 11 confirmed participants (36%), up from 3 of 10 (30%).
  'funding.balance',
  'participation.bar_value', // 3 (38%) · 1 funded (25%): numbers given as text
]);

const counts = new Set<string>(COUNT_PARAMS);
const PLURAL_FORM = /^(.+)_(zero|one|two|few|many)$/;

const keys = Object.fromEntries(LOCALES.map((l) => [l, new Set(keysOf(l))])) as Record<
  Locale,
  Set<string>
>;
const isForm = (locale: Locale, key: string) => {
  const match = PLURAL_FORM.exec(key);
  return match !== null && keys[locale].has(match[1]);
};
const messages = (locale: Locale) => [...keys[locale]].filter((key) => !isForm(locale, key));
const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
/** The message as written (without params, t() neither picks a form nor fills anything in). */
const text = (locale: Locale, key: string) => t(locale, key);
const countOf = (key: string) => COUNT_PARAMS.find((name) => text('en', key).includes(`{${name}}`));

describe('messages', () => {
  const english = messages('en');

  it('exist in every language, and no language has one English lacks', () => {
    for (const locale of LOCALES) expect([locale, messages(locale)]).toEqual([locale, english]);
  });

  it('name in every language the placeholders the English names', () => {
    for (const key of english) {
      for (const locale of LOCALES) {
        expect([locale, key, placeholders(text(locale, key))]).toEqual([
          locale,
          key,
          placeholders(text('en', key)),
        ]);
      }
    }
  });

  it('have plural forms only of counting messages, in categories the language has', () => {
    for (const locale of LOCALES) {
      const categories = new Intl.PluralRules(LANGUAGE_TAGS[locale]).resolvedOptions()
        .pluralCategories as string[];
      for (const key of [...keys[locale]].filter((k) => isForm(locale, k))) {
        const [, base, category] = PLURAL_FORM.exec(key)!;
        expect([locale, key, categories.includes(category)]).toEqual([locale, key, true]);
        expect([key, countOf(base)]).toEqual([key, expect.any(String)]);
        expect([key, NO_AGREEMENT.has(base)]).toEqual([key, false]);
        // A form may leave the count out ("One other organisation"), never add a placeholder.
        const extra = placeholders(text(locale, key)).filter(
          (p) => !placeholders(text(locale, base)).includes(p),
        );
        expect([locale, key, extra]).toEqual([locale, key, []]);
      }
    }
  });

  it('have every plural form the language needs for 0, 1, 2, 5, 21 and 1 000 000', () => {
    const missing: string[] = [];
    for (const key of english.filter((k) => countOf(k) && !NO_AGREEMENT.has(k))) {
      for (const locale of LOCALES) {
        for (const n of SAMPLE_COUNTS) {
          const category = pluralCategory(locale, n);
          if (category !== 'other' && !keys[locale].has(`${key}_${category}`))
            missing.push(`${locale} ${key}_${category} (${n})`);
        }
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it('render in every language with sample values, leaving no placeholder', () => {
    const left: string[] = [];
    for (const key of english) {
      const names = placeholders(text('en', key)).map((p) => p.slice(1, -1));
      for (const locale of LOCALES) {
        for (const n of SAMPLE_COUNTS) {
          const params = Object.fromEntries(
            names.map((name) => [name, counts.has(name) ? n : `‹${name}›`]),
          );
          const rendered = t(locale, key, params);
          // A leftover {name}, or ICU syntax ({count, plural, …}) this catalogue does not speak.
          if (/\{\w+(\}|,)/.test(rendered)) left.push(`${locale} ${key}: ${rendered}`);
          for (const name of names.filter((name) => !counts.has(name))) {
            if (!rendered.includes(`‹${name}›`)) left.push(`${locale} ${key} drops {${name}}`);
          }
        }
      }
    }
    expect(left).toEqual([]);
  });

  it('write numbers as the language does', () => {
    expect(t('en', 'directory.count', { total: 1_000_000 })).toBe('1,000,000 organisations');
    expect(t('fr', 'directory.count', { total: 1_000_000 })).toBe(
      '1\u202f000\u202f000 d’organisations',
    );
    expect(t('es', 'directory.count', { total: 1_000_000 })).toBe('1.000.000 de organizaciones');
    expect(t('es', 'directory.count', { total: 2235 })).toBe('2235 organizaciones');
    expect(t('fr', 'staff.queue.days', { days: 0 })).toBe('0 jour');
    expect(t('es', 'participation.summary', { confirmed: 5, funded: 1 })).toBe(
      '5 participantes confirmados, 1 de ellos con financiación de viajes.',
    );
  });
});

describe('French typography', () => {
  // Code quoted in a message keeps its own punctuation.
  const CODE = /Authorization: Bearer/g;

  it('puts a narrow no-break space before : ; ? ! % » and after «', () => {
    const wrong: string[] = [];
    for (const key of keysOf('fr')) {
      const message = text('fr', key).replace(CODE, '');
      if (/[ \u00a0][:;?!%»]|«[ \u00a0]|[^\s\u202f][:;!?»%](\s|$)|«[^\u202f]/u.test(message))
        wrong.push(`${key}: ${message}`);
    }
    expect(wrong).toEqual([]);
  });

  it('is kept where a template puts a mark after a value: the punct helper', () => {
    const views = join(projectRoot, 'views');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.hbs') ? [path] : [];
      });
    const marks = files(views).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /\}\}[:;!]|\}\}\?(\s|$|<)/.test(line))
        .map((line) => `${file.slice(views.length + 1)}: ${line.trim()}`),
    );
    expect(marks).toEqual([]);
  });
});
