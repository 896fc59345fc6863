import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES, Locale } from './roles';
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

/** Translates `key`, replacing `{name}` with params; falls back to English, then to the key. */
const COUNT_PARAMS = ['count', 'total', 'days'];

/** `key_one` is used where the language's plural rules call the count "one". */
function pluralKey(locale: Locale, key: string, params: Record<string, unknown>): string {
  const name = COUNT_PARAMS.find((p) => typeof params[p] === 'number');
  if (!name || new Intl.PluralRules(locale).select(params[name] as number) !== 'one') return key;
  return (lookup(catalogues[locale], `${key}_one`) ?? lookup(catalogues.en, `${key}_one`))
    ? `${key}_one`
    : key;
}

export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const chosen = pluralKey(locale, key, params);
  const template = lookup(catalogues[locale], chosen) ?? lookup(catalogues.en, chosen) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
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
