import { FastifyRequest } from 'fastify';
import { SessionStore } from '../src/accounts/session.store';
import { existingSession } from '../src/common/session-on-demand';
import { UserRole } from '../src/accounts/user.entity';
import { participant, publishedConsultation } from './support/consultations';
import { onPostgres } from './support/databases';
import { PASSWORD } from './support/factories';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { sessionCookie, WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('each request pays only for what it uses', () => {
  let t: TestApp;
  let admin: { token: string };
  let consultation: { id: string };
  let member: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  /**
   * What each request carried when it was answered: whether a session had been made or loaded
   * for it (asked first: reading `request.session` makes one), its session and parsed cookies.
   */
  const seen: { url: string; made: boolean; session: unknown; cookies: unknown }[] = [];

  /** Every row of every table, so that any insert, update or delete shows. */
  async function snapshot(): Promise<string> {
    const tables = (
      (await t.dataSource.query(
        onPostgres
          ? `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`
          : `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1`,
      )) as { name: string }[]
    ).map((row) => row.name);
    const contents: Record<string, unknown> = {};
    for (const table of tables)
      contents[table] = await t.dataSource.query(`SELECT * FROM "${table}" ORDER BY 1`);
    return JSON.stringify(contents);
  }

  const sessionRows = async () =>
    Number(
      ((await t.dataSource.query(`SELECT COUNT(*) AS n FROM http_sessions`)) as { n: unknown }[])[0]
        .n,
    );

  beforeAll(async () => {
    t = await createTestApp({
      hooks: (instance) =>
        instance
          // A header Node would refuse at writeHead (outside Latin-1), and one it accepts.
          .addHook('onRequest', (request: FastifyRequest, reply, done) => {
            if (request.url === '/?header=snowman') reply.header('x-test', 'snow\u2603');
            if (request.url === '/?header=latin') reply.header('x-test', 'caf\u00e9');
            done();
          })
          .addHook('onResponse', (request: FastifyRequest, _reply, done) => {
            const made = existingSession(request) !== undefined;
            seen.push({
              url: request.url,
              made,
              session: request.session,
              cookies: request.cookies,
            });
            done();
          }),
    });
    admin = await staffToken(t, UserRole.Admin);
    consultation = await publishedConsultation(t, admin.token);
    member = await focalPointWithOrganisation(t);
  });
  afterAll(() => t.close());

  it('writes nothing to the database for 100 anonymous page views, in every language', async () => {
    const pages = [
      '/',
      `/consultations/${consultation.id}`,
      '/?lang=fr',
      `/consultations/${consultation.id}?lang=fr`,
      '/?lang=es',
      `/consultations/${consultation.id}?lang=es`,
      '/consultations',
    ];
    const before = await snapshot();
    const changesBefore = onPostgres
      ? 0
      : Number(
          ((await t.dataSource.query('SELECT total_changes() AS n')) as { n: unknown }[])[0].n,
        );
    for (let i = 0; i < 100; i++) {
      const page = pages[i % pages.length];
      const answer = await t.http().get(page).expect(200);
      expect(sessionCookie(answer)).toBeUndefined();
      if (page.includes('lang=')) expect(String(answer.headers['set-cookie'])).toMatch(/^lang=/);
    }
    expect(await snapshot()).toBe(before);
    if (!onPostgres) {
      const [{ n }] = (await t.dataSource.query('SELECT total_changes() AS n')) as { n: unknown }[];
      expect(Number(n)).toBe(changesBefore);
    }
  });

  it('makes a session for an anonymous visit only when a page needs one: a form, not a page view', async () => {
    seen.length = 0;
    for (const page of ['/', `/consultations/${consultation.id}`, '/?lang=fr', '/nowhere']) {
      const answer = await t.http().get(page);
      expect(sessionCookie(answer)).toBeUndefined();
    }
    expect(seen.map(({ url, made }) => ({ url, made }))).toEqual(
      ['/', `/consultations/${consultation.id}`, '/?lang=fr', '/nowhere'].map((url) => ({
        url,
        made: false,
      })),
    );
    seen.length = 0;
    const form = await t.http().get('/signin').expect(200);
    expect(seen[0].made).toBe(true);
    expect(sessionCookie(form)).toBeDefined();
    expect(form.text).toMatch(/name="_csrf" value="[^"]+"/);
    // A form posted without the session its token belongs to is still refused.
    const forged = await t
      .http()
      .post('/signin')
      .type('form')
      .send({ email: member.user.email, password: PASSWORD, _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(sessionCookie(forged)).toBeUndefined();
  });

  it('answers a bearer API call without a cookie or a session, even when one is sent', async () => {
    const browser = new WebClient(t);
    const signedIn = await browser.submit('/signin', {
      email: member.user.email,
      password: PASSWORD,
    });
    expect(signedIn.status).toBe(303);
    const cookie = sessionCookie(signedIn)!;
    expect(cookie).toBeDefined();
    const sessionsBefore = await t.dataSource.query(`SELECT * FROM http_sessions ORDER BY 1`);
    const store = jest.spyOn(t.app.get(SessionStore), 'get');
    seen.length = 0;
    for (const call of [
      t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(member.token))
        .send({ organisationId: member.organisation.id, participant: participant() }),
      t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(member.token))
        .set('Cookie', cookie)
        .send({ organisationId: member.organisation.id, participant: participant() }),
    ]) {
      const answer = await call;
      expect(answer.status).toBe(201);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    const me = await t.http().get('/api/v1/me').set(auth(member.token)).expect(200);
    expect(me.headers['set-cookie']).toBeUndefined();
    expect(me.headers['content-security-policy']).toContain("default-src 'self'");
    expect(await t.dataSource.query(`SELECT * FROM http_sessions ORDER BY 1`)).toEqual(
      sessionsBefore,
    );
    // No session was loaded, created or signed, and no cookie parsed.
    expect(store).not.toHaveBeenCalled();
    store.mockRestore();
    expect(seen).toHaveLength(3);
    for (const request of seen) expect(request).toMatchObject({ session: null, cookies: null });
  });

  it('still asks a session-cookie API call that changes something for its CSRF token', async () => {
    const browser = new WebClient(t);
    await browser.submit('/signin', { email: member.user.email, password: PASSWORD });
    const sessions = await sessionRows();
    const refused = await browser.agent
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .send({ organisationId: member.organisation.id, participant: participant() });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CSRF_INVALID');
    seen.length = 0;
    const me = await browser.agent.get('/api/v1/me').expect(200);
    expect(me.body.email).toBe(member.user.email);
    expect(seen[0].session).not.toBeNull();
    expect(await sessionRows()).toBe(sessions);
  });

  it('checks the reply headers cheaply and still refuses one Node would throw on', async () => {
    const refused = await t.http().get('/?header=snowman');
    expect(refused.status).toBe(500);
    expect(refused.headers['x-test']).toBeUndefined();
    const latin = await t.http().get('/?header=latin').buffer(true);
    expect(latin.status).toBe(200);
    expect(latin.headers['x-test']).toMatch(/^caf/);
  });

  it('computes the security headers once, and lets the API docs alone use inline styles', async () => {
    const page = await t.http().get('/').expect(200);
    const docs = await t.http().get('/api/docs').redirects(1);
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
  });
});
