import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** The database the suite runs against: CI sets DATABASE_URL=postgres://… for the second pass. */
export const suiteDatabaseUrl = process.env.DATABASE_URL ?? '';
export const onPostgres = /^postgres(ql)?:\/\//.test(suiteDatabaseUrl);

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test app: a new PostgreSQL database, or a new SQLite file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (onPostgres) {
    const name = `convene_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new Client({ connectionString: suiteDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(suiteDatabaseUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const client = new Client({ connectionString: suiteDatabaseUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'convene-test-'));
  return {
    url: `sqlite:${join(dir, 'test.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
