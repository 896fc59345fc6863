import { registerAs } from '@nestjs/config';
import { ConfigError, str } from './env';

export type DatabaseTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string };

export function parseDatabaseUrl(value: string): DatabaseTarget {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new ConfigError('DATABASE_URL sqlite:<path> needs a path');
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  throw new ConfigError(`DATABASE_URL must be sqlite:<path> or postgres://… (got "${value}")`);
}

export const databaseConfig = registerAs('database', () =>
  parseDatabaseUrl(str('DATABASE_URL', 'sqlite:var/convene.sqlite')),
);
