import { registerAs } from '@nestjs/config';
import { ConfigError, int, str } from './env';

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export function parseDatabaseUrl(value: string): DatabaseTarget {
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new ConfigError('DATABASE_URL sqlite:<path> needs a path');
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  // The value may carry a password: the message names only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0];
  throw new ConfigError(
    `DATABASE_URL must be sqlite:<path> or postgres://… (got ${scheme ? `a "${scheme}" URL` : 'something else'}; the value is not shown)`,
  );
}

/** Bounds that keep every request from waiting forever on the database (503 once exceeded). */
export interface DatabaseLimits {
  /** PostgreSQL connections per app instance. */
  poolMax: number;
  /** How long a request waits for a pool connection. */
  acquireTimeoutMs: number;
  /** How long one statement may run (PostgreSQL). */
  statementTimeoutMs: number;
  /** How long a statement waits for a row lock (PostgreSQL) or the write lock (SQLite's busy_timeout). */
  lockTimeoutMs: number;
  /** How long a transaction may sit idle before PostgreSQL ends it and frees its locks. */
  idleInTransactionTimeoutMs: number;
}

export type DatabaseSettings = DatabaseTarget & { limits: DatabaseLimits };

export function databaseLimits(): DatabaseLimits {
  return {
    poolMax: int('DATABASE_POOL_MAX', 10, 1, 1000),
    acquireTimeoutMs: int('DATABASE_ACQUIRE_TIMEOUT_MS', 5000, 100, 600000),
    statementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 30000, 100, 3600000),
    lockTimeoutMs: int('DATABASE_LOCK_TIMEOUT_MS', 5000, 100, 600000),
    idleInTransactionTimeoutMs: int('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30000, 100, 3600000),
  };
}

export const databaseConfig = registerAs('database', (): DatabaseSettings => ({
  ...parseDatabaseUrl(str('DATABASE_URL', 'sqlite:var/convene.sqlite')),
  limits: databaseLimits(),
}));
