import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultsEnvFile, projectRoot } from './index';

/**
 * Fills process.env from .env (if present) and then from config/defaults.env, never overriding a
 * variable the environment already sets. Used by entry points outside Nest (migrate, bench).
 */
export function loadDefaults(): void {
  for (const file of [join(projectRoot, '.env'), defaultsEnvFile]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const match = /^\s*([A-Z][A-Z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
      if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
    }
  }
}
