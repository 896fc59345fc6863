import { DataSource } from 'typeorm';
import { PASSWORD, userFactory } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { dataSourceOptions } from '../src/database/data-source-options';
import { databaseLimits, parseDatabaseUrl } from '../src/config/database.config';
import { createTestDatabase } from './support/databases';

describe('the platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(() => t.close());

  it('answers /health when the database answers', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
  });

  it('serves the OpenAPI description and its documentation page', async () => {
    const spec = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/accounts',
        '/api/v1/tokens',
        '/api/v1/me',
        '/api/v1/password-resets',
        '/health',
      ]),
    );
    const page = await t.http().get('/api/docs').expect(200);
    expect(page.text).toContain('swagger');
  });

  it('seeds the 2013 consultation on an empty database and shows it on the home page', async () => {
    const home = await t.http().get('/').expect(200);
    expect(home.text).toContain('Migrants and Development');
    expect(home.text).toContain('Geneva');
    const sessions = await t.dataSource.query(
      `SELECT s.title FROM consultation_sessions s JOIN consultations c ON c.id = s."consultationId"
       WHERE c.status = 'published' ORDER BY s."startsAt"`,
    );
    expect(sessions.map((s: { title: string }) => s.title)).toEqual([
      'HLD and the integration of migration into the post-2015 development agenda',
      "Migrants' rights",
      'Migrants and crises',
    ]);
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM organisations');
    expect(Number(count)).toBeGreaterThanOrEqual(3);
  });

  it('seeds 2013 as held, its three action points followed up by the next consultation', async () => {
    const [next] = await t.dataSource.query(
      `SELECT id FROM consultations WHERE status = 'published'`,
    );
    const followUp = await t.http().get(`/api/v1/consultations/${next.id}/follow-up`).expect(200);
    expect(followUp.body.earlier.map((p: { reference: string }) => p.reference)).toEqual([
      '2013-AP1',
      '2013-AP3',
    ]);
  });

  it('does not seed twice', async () => {
    const again = await createTestApp({ database: t.database, env: { SEED_DEMO: 'true' } });
    await again.close();
    const [{ count }] = await t.dataSource.query('SELECT COUNT(*) AS count FROM consultations');
    expect(Number(count)).toBe(2);
  });

  it('sends security headers on pages', async () => {
    const response = await t.http().get('/signin').expect(200);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('same-origin');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('serves static assets', async () => {
    const css = await t.http().get('/static/css/app.css').expect(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('answers unknown API paths with the JSON error shape and unknown pages with an HTML page', async () => {
    const api = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    const page = await t.http().get('/nothing-here?lang=fr').expect(404);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('answers an id that is not a UUID with a 400 naming the parameter', async () => {
    const api = await t.http().get('/api/v1/consultations/not-a-uuid').expect(400);
    expect(api.body.message).toEqual(['id: This is not a valid identifier.']);
    const page = await t.http().get('/consultations/not-a-uuid?lang=es').expect(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('Este identificador no es válido.');
  });

  it('answers malformed JSON or a body of another type with 400', async () => {
    const malformed = await t
      .http()
      .post('/api/v1/accounts')
      .set('Content-Type', 'application/json')
      .send('{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.statusCode).toBe(400);
    const wrongType = await t
      .http()
      .post('/api/v1/accounts')
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(wrongType.status).toBe(400);
  });

  it('answers a body over the limit with 413', async () => {
    const response = await t
      .http()
      .post('/api/v1/accounts')
      .send({ email: 'big@example.org', password: 'x'.repeat(2 * 1024 * 1024), name: 'Big' });
    expect(response.status).toBe(413);
    expect(response.body.statusCode).toBe(413);
  });

  it('counts failed sign-ins across app instances, in the database', async () => {
    const user = await userFactory(t);
    const env = { SIGNIN_MAX_FAILURES_PER_ACCOUNT: '4' };
    const first = await createTestApp({ database: t.database, env });
    const second = await createTestApp({ database: t.database, env });
    try {
      for (const instance of [first, second, first, second]) {
        await instance
          .http()
          .post('/api/v1/tokens')
          .send({ email: user.email, password: 'wrong password!' })
          .expect(401);
      }
      await first
        .http()
        .post('/api/v1/tokens')
        .send({ email: user.email, password: PASSWORD })
        .expect(429);
      await second
        .http()
        .post('/api/v1/tokens')
        .send({ email: user.email, password: PASSWORD })
        .expect(429);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('limits sign-ups and reset requests per client address', async () => {
    const limited = await createTestApp({
      env: { SIGNUP_MAX_PER_ADDRESS: '2', RESET_MAX_PER_ADDRESS: '2' },
    });
    try {
      for (let i = 0; i < 2; i++) {
        await limited
          .http()
          .post('/api/v1/accounts')
          .send({ email: `n${i}@example.org`, password: 'a good long passphrase', name: 'N' })
          .expect(202);
        await limited
          .http()
          .post('/api/v1/password-resets')
          .send({ email: `n${i}@example.org` })
          .expect(202);
      }
      const signUp = await limited
        .http()
        .post('/api/v1/accounts')
        .send({ email: 'n3@example.org', password: 'a good long passphrase', name: 'N' });
      expect(signUp.status).toBe(429);
      expect(signUp.headers['retry-after']).toBeDefined();
      await limited
        .http()
        .post('/api/v1/password-resets')
        .send({ email: 'n3@example.org' })
        .expect(429);
    } finally {
      await limited.close();
    }
  });
});

describe('the migrations', () => {
  it('build the schema from empty, and take it down again', async () => {
    const database = await createTestDatabase();
    const dataSource = new DataSource(
      dataSourceOptions({ ...parseDatabaseUrl(database.url), limits: databaseLimits() }),
    );
    try {
      await dataSource.initialize();
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied.length).toBeGreaterThan(0);
      const runner = dataSource.createQueryRunner();
      for (const table of [
        'users',
        'api_tokens',
        'account_tokens',
        'http_sessions',
        'rate_limit_buckets',
        'outbox_messages',
        'audit_events',
        'organisations',
        'memberships',
        'consultations',
        'consultation_sessions',
      ]) {
        expect(await runner.hasTable(table)).toBe(true);
      }
      expect(await dataSource.showMigrations()).toBe(false);
      for (let i = 0; i < applied.length; i++)
        await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await runner.hasTable('users')).toBe(false);
      await runner.release();
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });

  it('enforce the seat invariant in the schema itself', async () => {
    const t = await createTestApp({ env: { SEED_DEMO: 'true' } });
    try {
      await expect(
        t.transactions.run((manager) =>
          manager.query('UPDATE consultations SET "seatsConfirmed" = "capacity" + 1'),
        ),
      ).rejects.toThrow(/CHECK|constraint/i);
    } finally {
      await t.close();
    }
  });
});
