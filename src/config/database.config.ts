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
  // The value may carry a password: the message names only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0];
  throw new ConfigError(`DATABASE_URL must be sqlite:<path> or postgres://… (got ${scheme ? `a "${scheme}" URL` : 'something else'}; the value is not shown)`);
}

export const databaseConfig = registerAs('database', () =>
  parseDatabaseUrl(str('DATABASE_URL', 'sqlite:var/convene.sqlite')),
);
