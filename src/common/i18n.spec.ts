import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config';
import { keysOf, localeFromAcceptLanguage, t } from './i18n';

function files(dir: string, ending: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ending) : path.endsWith(ending) ? [path] : [];
  });
}

describe('translations', () => {
  it('exist for every key a template or the code names', () => {
    const known = new Set(keysOf('en'));
    const views = files(join(projectRoot, 'views'), '.hbs')
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const code = files(join(projectRoot, 'src'), '.ts')
      .filter((f) => !f.endsWith('.spec.ts'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const named = [
      ...[...views.matchAll(/\{\{t "([\w.-]+)"/g)].map((m) => m[1]),
      ...[...views.matchAll(/(?:label|hint)="([\w.-]+)"/g)]
        .map((m) => m[1])
        .filter((k) => k.includes('.')),
      ...[
        ...code.matchAll(
          /'((?:errors|signup|signin|verify|forgot|reset|account|admin|home)\.[\w.]+)'/g,
        ),
      ].map((m) => m[1]),
    ];
    expect(named.length).toBeGreaterThan(50);
    expect(named.filter((key) => !known.has(key))).toEqual([]);
  });

  it('fill placeholders and fall back to English', () => {
    expect(t('fr', 'home.seats_left', { count: 3 })).toMatch(/3/);
    expect(t('es', 'no.such.key')).toBe('no.such.key');
  });

  it('choose a language from Accept-Language', () => {
    expect(localeFromAcceptLanguage('de-CH, fr;q=0.8, en;q=0.5')).toBe('fr');
    expect(localeFromAcceptLanguage('es-419')).toBe('es');
    expect(localeFromAcceptLanguage('de')).toBeUndefined();
  });
});

describe('plurals', () => {
  it('use the form of the category the language puts the count in', () => {
    expect(t('en', 'directory.count', { total: 1 })).toBe('1 organisation');
    expect(t('en', 'directory.count', { total: 2 })).toBe('2 organisations');
    expect(t('fr', 'staff.queue.days', { days: 0 })).toBe('0 jour');
    expect(t('es', 'staff.queue.days', { days: 0 })).toBe('0 días');
    expect(t('fr', 'staff.queue.days', { days: 1_000_000 })).toBe('1\u202f000\u202f000 de jours');
    expect(t('en', 'staff.queue.days', { days: 1_000_000 })).toBe('1,000,000 days');
  });
});
