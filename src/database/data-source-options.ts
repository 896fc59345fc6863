import { isAbsolute, join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { projectRoot } from '../config';
import { DatabaseTarget } from '../config/database.config';
import { entities } from './entities';
import { migrations } from './migrations';

interface SqliteConnection {
  pragma(source: string): unknown;
  function(name: string, options: { deterministic: boolean }, fn: (value: unknown) => unknown): unknown;
}

export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (target.kind === 'postgres') {
    return { ...common, type: 'postgres', url: target.url, uuidExtension: 'pgcrypto', extra: { max: 10 } };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: isAbsolute(target.path) ? target.path : join(projectRoot, target.path),
    enableWAL: true,
    timeout: 10000,
    prepareDatabase: (db: SqliteConnection) => {
      db.pragma('busy_timeout = 10000');
      db.pragma('synchronous = NORMAL');
      // SQLite's own LOWER only knows ASCII: "Óscar" must match "óscar", as on PostgreSQL.
      db.function('lower', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
    },
  };
}
