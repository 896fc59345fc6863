import { isAbsolute, join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { projectRoot } from '../config';
import { DatabaseSettings } from '../config/database.config';
import { entities } from './entities';
import { migrations } from './migrations';

interface SqliteConnection {
  pragma(source: string): unknown;
  function(
    name: string,
    options: { deterministic: boolean },
    fn: (value: unknown) => unknown,
  ): unknown;
}

export function dataSourceOptions(target: DatabaseSettings): DataSourceOptions {
  const common = {
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (target.kind === 'postgres') {
    const { limits } = target;
    return {
      ...common,
      type: 'postgres',
      url: target.url,
      uuidExtension: 'pgcrypto',
      // Every wait is bounded: a request that cannot get a connection or a lock in time fails
      // (503 with Retry-After, see common/exceptions.filter.ts) instead of hanging.
      extra: {
        max: limits.poolMax,
        connectionTimeoutMillis: limits.acquireTimeoutMs,
        statement_timeout: limits.statementTimeoutMs,
        lock_timeout: limits.lockTimeoutMs,
        idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
      },
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: isAbsolute(target.path) ? target.path : join(projectRoot, target.path),
    enableWAL: true,
    timeout: target.limits.lockTimeoutMs,
    prepareDatabase: (db: SqliteConnection) => {
      db.pragma(`busy_timeout = ${target.limits.lockTimeoutMs}`);
      db.pragma('synchronous = NORMAL');
      // SQLite's own LOWER only knows ASCII: "Óscar" must match "óscar", as on PostgreSQL.
      db.function('lower', { deterministic: true }, (value: unknown) =>
        typeof value === 'string' ? value.toLowerCase() : value,
      );
    },
  };
}
