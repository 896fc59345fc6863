import { generateKeyPairSync } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance } from 'fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { Transactions } from '../../src/database/transactions';
import { MailWorker } from '../../src/mail/mail.worker';
import { createTestDatabase, TestDatabase } from './databases';
import { MailCatcher } from './mail-catcher';
import { contractInUse, OpenApiDocument, useContract, watchClient } from './api-contract';

export const BASE_URL = 'http://convene.test';

export interface TestAppOptions {
  /** Extra environment for this app (e.g. limits). */
  env?: Record<string, string>;
  /** Share another test app's database instead of creating a fresh one. */
  database?: TestDatabase;
  /** Deliver mail to this SMTP server; without one, mail goes to .eml files. */
  mail?: MailCatcher;
  /** Listen on a real port (for browsers); otherwise supertest drives the server. */
  listen?: boolean;
  /** Adds Fastify hooks before the app's own (to inject faults). */
  hooks?: (instance: FastifyInstance) => void;
}

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  agent: () => ReturnType<typeof request.agent>;
  dataSource: DataSource;
  transactions: Transactions;
  worker: MailWorker;
  clock: Clock;
  database: TestDatabase;
  mailDir: string;
  url: string;
  /** Sends all due mail now, as the worker's interval would. */
  deliverMail: () => Promise<number>;
  close: () => Promise<void>;
}

const originalEnv = { ...process.env };

/** One data-encryption key per test run (shared by its apps, so they read each other's rows). */
const TEST_DATA_KEYS = `test:${randomBytes(32).toString('base64')}`;

/**
 * The real AppModule, configured exactly as main.ts does, on a fresh migrated database (SQLite, or
 * PostgreSQL when the suite's DATABASE_URL says so). Teardown drops the database.
 */
/** One Ed25519 key for every test app of this process, as one key serves every instance. */
const TEST_BADGE_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'der' })
  .toString('base64');

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const mailDir = mkdtempSync(join(tmpdir(), 'convene-mail-'));
  // Uploads of a test database never share the project's var/uploads (its start-up sweep would
  // take the developer's files for orphans).
  const uploadDir = mkdtempSync(join(tmpdir(), 'convene-uploads-'));
  process.env = {
    ...originalEnv,
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    APP_BASE_URL: BASE_URL,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-1234567890',
    // Keys production requires from configuration; a test in production mode gets them too.
    BADGE_SIGNING_KEY: TEST_BADGE_KEY,
    SEED_DEMO: 'false',
    MAIL_POLL_MS: '0',
    REMINDERS_INTERVAL_MS: '0',
    MAIL_DIR: mailDir,
    UPLOAD_DIR: uploadDir,
    MAIL_RETRY_BASE_MS: '10',
    SMTP_URL: options.mail?.url ?? '',
    DATA_ENCRYPTION_KEYS: TEST_DATA_KEYS,
    ...options.env,
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), {
    logger: ['error', 'warn'],
  });
  options.hooks?.(app.getHttpAdapter().getInstance());
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  let url = '';
  if (options.listen) {
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    url = url.replace('[::1]', '127.0.0.1');
  }
  if (!contractInUse()) {
    const docs = await request(app.getHttpServer()).get('/api/docs-json');
    if (docs.status === 200) useContract(docs.body as OpenApiDocument);
  }
  const worker = app.get(MailWorker);
  return {
    app,
    http: () => watchClient(request(app.getHttpServer())),
    agent: () => watchClient(request.agent(app.getHttpServer())),
    dataSource: app.get(DataSource),
    transactions: app.get(Transactions),
    worker,
    clock: app.get(Clock),
    database,
    mailDir,
    url,
    deliverMail: () => worker.drain(),
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
      rmSync(mailDir, { recursive: true, force: true });
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}
