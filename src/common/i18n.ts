import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGE_TAGS, LOCALES, Locale } from './roles';
import { projectRoot } from '../config';

type Messages = { [key: string]: string | Messages };

const catalogues: Record<Locale, Messages> = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    JSON.parse(readFileSync(join(projectRoot, 'locales', `${locale}.json`), 'utf8')) as Messages,
  ]),
) as Record<Locale, Messages>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/**
 * The parameters that count something, in the order one is chosen to pick a message's plural form
 * (the first present as a number). A message takes one count that words agree with; a second count
 * in the same message is written so that nothing agrees with it ("Checked in: 3 of …").
 */
export const COUNT_PARAMS = [
  'count',
  'total',
  'confirmed',
  'capacity',
  'days',
  'hours',
  'minutes',
  'limit',
  'max',
  'available',
  'waitlisted',
  'funded',
  'checkedIn',
] as const;

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** The plural category the language's rules (CLDR, as Node's Intl has them) give a number. */
export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(LANGUAGE_TAGS[locale])));
  return rules.select(count);
}

/** A number as the language writes it: 1,000,000 / 1 000 000 / 1.000.000. */
export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(LANGUAGE_TAGS[locale])));
  return format.format(value);
}

const percentFormats = new Map<Locale, Intl.NumberFormat>();

/** A share as the language writes a percentage, whole numbers: "38%", "38 %" (French). */
export function formatPercent(locale: Locale, part: number, whole: number): string {
  let format = percentFormats.get(locale);
  if (!format)
    percentFormats.set(
      locale,
      (format = new Intl.NumberFormat(LANGUAGE_TAGS[locale], {
        style: 'percent',
        maximumFractionDigits: 0,
      })),
    );
  return format.format(whole > 0 ? part / whole : 0);
}

/**
 * The parameters of a "balance would change" sentence: one more of `total` goes to a group that
 * has `before` of them now (`{before} of {totalBefore} ({beforeShare})` → `{after} of {total}`).
 */
export function shareChange(locale: Locale, before: number, totalBefore: number) {
  return {
    before,
    totalBefore,
    beforeShare: formatPercent(locale, before, totalBefore),
    after: before + 1,
    total: totalBefore + 1,
    afterShare: formatPercent(locale, before + 1, totalBefore + 1),
  };
}

/**
 * `key_one`, `key_many` (`key_zero`, `key_two`, `key_few`) where the language's plural rules put
 * the count in that category and the catalogue has the form; `key` itself is the "other" form.
 */
function pluralKey(locale: Locale, key: string, params: Record<string, unknown>): string {
  const name = COUNT_PARAMS.find((p) => typeof params[p] === 'number');
  if (!name) return key;
  const category = pluralCategory(locale, params[name] as number);
  if (category === 'other') return key;
  const form = `${key}_${category}`;
  return lookup(catalogues[locale], form) !== undefined ? form : key;
}

/**
 * Translates `key`, replacing `{name}` with params (numbers written as the language writes them);
 * falls back to English, then to the key.
 */
export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const language = lookup(catalogues[locale], key) === undefined ? 'en' : locale;
  const template = lookup(catalogues[language], pluralKey(language, key, params)) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(language, value) : String(value);
  });
}

const NO_BREAK_BEFORE = new Set([':', ';', '?', '!']);

/**
 * A mark a template puts after a value (`{{title}}{{punct ":"}} …`): French sets a narrow
 * no-break space (U+202F) before `:` `;` `?` `!`, as its messages do.
 */
export function punctuation(locale: Locale, mark: string): string {
  return locale === 'fr' && NO_BREAK_BEFORE.has(mark) ? `\u202f${mark}` : mark;
}

/** Every key path of a catalogue, for the test that keeps the three languages complete. */
export function keysOf(locale: Locale): string[] {
  const keys: string[] = [];
  const walk = (node: Messages, prefix: string) => {
    for (const [name, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (typeof value === 'string') keys.push(path);
      else walk(value, path);
    }
  };
  walk(catalogues[locale], '');
  return keys.sort();
}

/** Picks the best of our locales from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  return ranked.find((entry) => isLocale(entry.lang))?.lang as Locale | undefined;
}
