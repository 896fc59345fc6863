import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES } from './roles';
import { projectRoot } from '../config';
import { t } from './i18n';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('flash messages', () => {
  it('that pass no params have no {placeholder} to leave unfilled, in any language', () => {
    const code = sources(join(projectRoot, 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const calls = [...code.matchAll(/flash\(request, \{([^}]*)\}\)/g)]
      .map((m) => m[1])
      .filter((body) => !body.includes('params'));
    const keys = calls.flatMap((body) =>
      [...body.matchAll(/'((?:[a-z_]+\.)+[a-z_]+)'/g)].map((m) => m[1]),
    );
    expect(keys.length).toBeGreaterThan(10);
    const unfilled = keys.flatMap((key) =>
      LOCALES.filter((locale) => /\{\w+\}/.test(t(locale, key))).map(
        (locale) => `${locale}: ${key}`,
      ),
    );
    expect(unfilled).toEqual([]);
  });
});
