import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { User, UserRole } from '../src/accounts/user.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { selectNumber } from '../src/database/raw-sql';
import { SecondConnectionError } from '../src/database/transactions';
import { createTestDatabase, onPostgres, TestDatabase } from './support/databases';
import { participant, publishedConsultation } from './support/consultations';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

// better-sqlite3 ships no types; the test needs only these two calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (path: string) => {
  exec(sql: string): void;
  close(): void;
};

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
/** No answer may take longer than this: a hung request fails the test instead of the suite. */
const ANSWER_WITHIN_MS = 20_000;

type Org = Awaited<ReturnType<typeof focalPointWithOrganisation>>;

function register(t: TestApp, org: Org, consultationId: string) {
  return t
    .http()
    .post(`/api/v1/consultations/${consultationId}/registrations`)
    .set(auth(org.token))
    .send({ organisationId: org.organisation.id, participant: participant() })
    .timeout(ANSWER_WITHIN_MS);
}

async function seatsHeld(t: TestApp, consultationId: string) {
  const c = await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: consultationId });
  const held = await t.dataSource
    .getRepository('registrations')
    .countBy({ consultationId, status: 'confirmed' });
  const offered = await t.dataSource
    .getRepository('registrations')
    .countBy({ consultationId, status: 'offered' });
  return {
    counters: c.seatsConfirmed + c.seatsOffered,
    rows: held + offered,
    capacity: c.capacity,
  };
}

/**
 * Holds, from outside the app, the database's write lock (SQLite) or on PostgreSQL a consultation's
 * row or a whole table against writes.
 */
async function holdLock(
  database: TestDatabase,
  what: { consultationId: string } | { table: string },
): Promise<() => Promise<void>> {
  if (onPostgres) {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('BEGIN');
    if ('table' in what) await client.query(`LOCK TABLE ${what.table} IN SHARE ROW EXCLUSIVE MODE`);
    else
      await client.query('SELECT id FROM consultations WHERE id = $1 FOR UPDATE', [
        what.consultationId,
      ]);
    return async () => {
      await client.query('COMMIT');
      await client.end();
    };
  }
  const db = new Database(database.url.slice('sqlite:'.length));
  db.exec('BEGIN IMMEDIATE');
  return async () => {
    db.exec('COMMIT');
    db.close();
  };
}

describe('transactions use only their own connection', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a query on the global manager inside a transaction, instead of waiting for a second connection', async () => {
    await expect(
      t.transactions.run(() => t.dataSource.getRepository(User).count()),
    ).rejects.toBeInstanceOf(SecondConnectionError);
    await expect(t.transactions.run(() => t.dataSource.query('SELECT 1'))).rejects.toBeInstanceOf(
      SecondConnectionError,
    );
  });

  it('refuses plain SQL sent through another manager inside a transaction', async () => {
    await expect(
      t.transactions.run(() =>
        selectNumber(t.dataSource.manager, 'SELECT COUNT(*) AS n FROM users'),
      ),
    ).rejects.toBeInstanceOf(SecondConnectionError);
  });

  it('refuses a transaction nested in another', async () => {
    await expect(
      t.transactions.run(() => t.transactions.run(async () => 1)),
    ).rejects.toBeInstanceOf(SecondConnectionError);
  });

  it("lets the transaction's own manager through, and the global one again after the commit", async () => {
    const inside = await t.transactions.run(async (manager) => {
      await manager.count(User);
      return selectNumber(manager, 'SELECT COUNT(*) AS n FROM users');
    });
    expect(inside).toBe(await t.dataSource.getRepository(User).count());
    await t.http().get('/health').expect(200);
  });
});

describe('no request hangs under contention', () => {
  let first: TestApp;
  let second: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    first = await createTestApp();
    second = onPostgres ? await createTestApp({ database: first.database }) : first;
    admin = await staffToken(first, UserRole.Admin);
  });
  afterAll(async () => {
    if (second !== first) await second.close();
    await first.close();
  });

  it('12 parallel cancellations by one member (more than a pool holds) all answer, and /health stays up on both instances', async () => {
    const consultation = await publishedConsultation(first, admin.token, { capacity: 20 });
    const org = await focalPointWithOrganisation(first);
    const registrations = [];
    for (let i = 0; i < 30; i++)
      registrations.push((await register(first, org, consultation.id)).body as { id: string });
    const cancels = registrations
      .slice(0, 12)
      .map((r) =>
        first
          .http()
          .post(`/api/v1/registrations/${r.id}/cancel`)
          .set(auth(org.token))
          .send({})
          .timeout(ANSWER_WITHIN_MS),
      );
    const health = [first, second].map((instance) =>
      instance.http().get('/health').timeout(ANSWER_WITHIN_MS),
    );
    const answers = await Promise.all([...cancels, ...health]);
    expect(answers.slice(0, 12).map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(answers.slice(12).map((r) => r.status)).toEqual([200, 200]);
    const seats = await seatsHeld(first, consultation.id);
    expect(seats.counters).toBe(seats.rows);
    expect(seats.rows).toBeLessThanOrEqual(seats.capacity);
  });

  it('a mixed burst of 30 registrations, cancellations and accepted offers all answer, seats stay within capacity', async () => {
    const consultation = await publishedConsultation(first, admin.token, { capacity: 10 });
    const orgs = await Promise.all([0, 1, 2].map(() => focalPointWithOrganisation(first)));
    const made: { id: string; status: string; org: Org }[] = [];
    for (let i = 0; i < 20; i++) {
      const org = orgs[i % 3];
      const body = (await register(first, org, consultation.id)).body as {
        id: string;
        status: string;
      };
      made.push({ ...body, org });
    }
    const confirmed = made.filter((r) => r.status === 'confirmed');
    const waitlisted = made.filter((r) => r.status === 'waitlisted');
    const burst = [
      ...confirmed
        .slice(0, 10)
        .map(
          (r) => (instance: TestApp) =>
            instance
              .http()
              .post(`/api/v1/registrations/${r.id}/cancel`)
              .set(auth(r.org.token))
              .send({})
              .timeout(ANSWER_WITHIN_MS),
        ),
      ...waitlisted
        .slice(0, 10)
        .map(
          (r) => (instance: TestApp) =>
            instance
              .http()
              .post(`/api/v1/registrations/${r.id}/accept-offer`)
              .set(auth(r.org.token))
              .send({})
              .timeout(ANSWER_WITHIN_MS),
        ),
      ...Array.from(
        { length: 10 },
        (_, i) => (instance: TestApp) => register(instance, orgs[i % 3], consultation.id),
      ),
    ];
    const answers = await Promise.all(burst.map((send, i) => send(i % 2 ? second : first)));
    // Every request answers: done, or a business rule (an offer not made yet); never a 5xx or a hang.
    expect(
      answers
        .filter((r) => ![200, 201, 409].includes(r.status))
        .map((r) => `${r.status} ${JSON.stringify(r.body)}`),
    ).toEqual([]);
    expect(answers.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(200));
    const seats = await seatsHeld(first, consultation.id);
    expect(seats.counters).toBe(seats.rows);
    expect(seats.rows).toBeLessThanOrEqual(seats.capacity);
    await Promise.all(
      [first, second].map((instance) => instance.http().get('/health').expect(200)),
    );
  });

  it('a request that cannot get its lock in time answers 503 with Retry-After, and the app serves on', async () => {
    const consultation = await publishedConsultation(first, admin.token);
    const org = await focalPointWithOrganisation(first);
    const quick = await createTestApp({
      database: first.database,
      env: { DATABASE_LOCK_TIMEOUT_MS: '300' },
    });
    const release = await holdLock(first.database, { consultationId: consultation.id });
    try {
      const started = Date.now();
      const blocked = await register(quick, org, consultation.id);
      expect(blocked.status).toBe(503);
      expect(blocked.headers['retry-after']).toBe('2');
      expect(blocked.body).toMatchObject({
        statusCode: 503,
        message: expect.stringMatching(/try again/),
      });
      expect(Date.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
    } finally {
      await release();
    }
    expect((await register(quick, org, consultation.id)).status).toBe(201);
    await quick.close();
  });
});

(onPostgres ? describe : describe.skip)('a small pool (PostgreSQL)', () => {
  it('two instances with 2 connections each serve a burst of 40 without hanging', async () => {
    const env = { DATABASE_POOL_MAX: '2', DATABASE_ACQUIRE_TIMEOUT_MS: '3000' };
    const first = await createTestApp({ env });
    const second = await createTestApp({ database: first.database, env });
    try {
      const admin = await staffToken(first, UserRole.Admin);
      const consultation = await publishedConsultation(first, admin.token, { capacity: 15 });
      const orgs = await Promise.all([0, 1, 2, 3].map(() => focalPointWithOrganisation(first)));
      const registered = [];
      for (let i = 0; i < 10; i++)
        registered.push({
          ...((await register(first, orgs[i % 4], consultation.id)).body as { id: string }),
          org: orgs[i % 4],
        });
      const burst = [
        ...registered.map((r, i) =>
          (i % 2 ? second : first)
            .http()
            .post(`/api/v1/registrations/${r.id}/cancel`)
            .set(auth(r.org.token))
            .send({}),
        ),
        ...Array.from({ length: 24 }, (_, i) =>
          register(i % 2 ? first : second, orgs[i % 4], consultation.id),
        ),
        ...Array.from({ length: 6 }, (_, i) => (i % 2 ? first : second).http().get('/health')),
      ].map((r) => r.timeout(ANSWER_WITHIN_MS).then((answer) => answer));
      const answers = await Promise.all(burst);
      // Done, or — when a connection could not be had in time — 503 with Retry-After; nothing else.
      for (const answer of answers) {
        expect([200, 201, 503]).toContain(answer.status);
        if (answer.status === 503) expect(answer.headers['retry-after']).toBeDefined();
      }
      expect(answers.filter((r) => r.status !== 503).length).toBeGreaterThan(answers.length / 2);
      await first.http().get('/health').expect(200);
      await second.http().get('/health').expect(200);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SIGTERM', () => {
  const root = join(__dirname, '..');
  let database: TestDatabase;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-if-needed.js')], {
      cwd: root,
      stdio: 'ignore',
    });
  }, 300_000);
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database?.drop();
  });

  it('lets a request in flight finish, then exits', async () => {
    database = await createTestDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [join(root, 'dist', 'main.js')], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        DATABASE_LOCK_TIMEOUT_MS: '10000',
        PORT: String(port),
        HOST: '127.0.0.1',
        APP_BASE_URL: base,
        SEED_DEMO: 'false',
        MAIL_POLL_MS: '0',
        SESSION_SECRET: 'a-session-secret-for-the-sigterm-test-0123456789',
        ADMIN_EMAIL: 'admin@example.org',
        ADMIN_PASSWORD: 'a long admin passphrase for tests',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<string>((resolve) =>
      child!.once('exit', (code, signal) => resolve(`${code ?? signal}`)),
    );
    for (let i = 0; i < 600 && !/is serving/.test(output); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toMatch(/is serving/);

    // An idle keep-alive connection, and the request in flight on another one.
    const idle = new Agent({ keepAlive: true });
    const busy = new Agent({ keepAlive: true });
    await request(base).get('/health').agent(idle).expect(200);
    const token = (
      await request(base)
        .post('/api/v1/tokens')
        .send({ email: 'admin@example.org', password: 'a long admin passphrase for tests' })
        .expect(201)
    ).body.token as string;
    const release = await holdLock(database, { table: 'api_tokens' });
    // A write that waits for the lock held above is in flight when SIGTERM arrives.
    const inFlight = request(base)
      .post('/api/v1/tokens')
      .agent(busy)
      .send({ email: 'admin@example.org', password: 'a long admin passphrase for tests' })
      .timeout(ANSWER_WITHIN_MS);
    const answered = inFlight.then((r) =>
      r.status === 201 ? 201 : `${r.status} ${JSON.stringify(r.body)} ${output}`,
    );
    // Long enough for the request to be read and waiting on the lock (a request that arrives after
    // SIGTERM is answered 503 by Fastify, as a load balancer expects).
    await new Promise((r) => setTimeout(r, 1000));
    child.kill('SIGTERM');
    const signalled = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    await release();
    expect(await answered).toBe(201);
    expect(['0', 'SIGTERM']).toContain(await exited);
    // Well before the 20 s deadline: keep-alive connections did not hold the drain open.
    expect(Date.now() - signalled).toBeLessThan(10_000);
    idle.destroy();
    busy.destroy();
    expect(token).toBeTruthy();
  }, 120_000);
});
