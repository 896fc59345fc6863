import request from 'supertest';
import { DataSource } from 'typeorm';
import { User } from '../src/accounts/user.entity';
import { onPostgres } from './support/databases';
import { PASSWORD, userFactory } from './support/factories';
import { MailCatcher } from './support/mail-catcher';
import { createTestApp, TestApp } from './support/test-app';
import { attribute, WebClient } from './support/web-client';

/** Every row of every table, so that a test can show that a request wrote nothing at all. */
async function everyRow(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const tables: { name: string }[] = await dataSource.query(
    onPostgres
      ? `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
  );
  const rows: Record<string, unknown[]> = {};
  for (const { name } of tables.sort((a, b) => a.name.localeCompare(b.name))) {
    rows[name] = await dataSource.query(`SELECT * FROM "${name}"`);
  }
  return rows;
}

const counts = (rows: Record<string, unknown[]>) =>
  Object.fromEntries(Object.entries(rows).map(([table, list]) => [table, list.length]));

function cookies(response: request.Response): string[] {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []);
}

describe('the language of a visit', () => {
  let t: TestApp;
  let mail: MailCatcher;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ env: { SEED_DEMO: 'true' }, mail });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('keeps an anonymous visitor’s ?lang= in a cookie and writes nothing to the database', async () => {
    await userFactory(t);
    const before = await everyRow(t.dataSource);
    expect(counts(before).consultations).toBeGreaterThan(0);

    const browser = new WebClient(t);
    const switched = await browser.get('/?lang=fr').expect(200);
    expect(switched.text).toContain('<html lang="fr">');
    const set = cookies(switched);
    expect(set.some((c) => c.startsWith('convene_session='))).toBe(false);
    const lang = set.find((c) => c.startsWith('lang='));
    expect(lang).toMatch(/^lang=fr;/);
    expect(lang).toMatch(/Path=\//);
    expect(lang).toMatch(/SameSite=Lax/);
    expect(lang).toMatch(/Max-Age=31536000/);

    const home = await browser.get('/').set('Accept-Language', 'es').expect(200);
    expect(home.text).toContain('<html lang="fr">');
    expect(cookies(home)).toEqual([]);
    for (const path of ['/consultations', '/observers?q=forum', '/privacy']) {
      expect((await browser.get(path).expect(200)).text).toContain('<html lang="fr">');
    }

    const after = await everyRow(t.dataSource);
    expect(counts(after)).toEqual(counts(before));
    expect(after).toEqual(before);
  });

  it('puts ?lang= before the cookie, the cookie before the browser, the browser before English', async () => {
    const browser = new WebClient(t);
    expect((await browser.get('/consultations').expect(200)).text).toContain('<html lang="en">');
    const fresh = await browser.get('/consultations').set('Accept-Language', 'es-ES, fr;q=0.5');
    expect(fresh.text).toContain('<html lang="es">');
    await browser.get('/consultations?lang=fr').expect(200);
    const remembered = await browser.get('/consultations').set('Accept-Language', 'es');
    expect(remembered.text).toContain('<html lang="fr">');
    const asked = await browser.get('/consultations?lang=es').expect(200);
    expect(asked.text).toContain('<html lang="es">');
    expect(cookies(asked).find((c) => c.startsWith('lang='))).toMatch(/^lang=es;/);
    expect((await browser.get('/nothing-here').expect(404)).text).toContain('<html lang="es">');
    const ignored = await browser.get('/consultations?lang=xx').expect(200);
    expect(ignored.text).toContain('<html lang="es">');
    expect(cookies(ignored)).toEqual([]);
  });

  it('offers language links that keep the page and its query', async () => {
    const page = await t.http().get('/observers?q=forum&lang=es').expect(200);
    expect(attribute(page.text, /<a href="([^"]+)" lang="fr"/)).toBe('/observers?q=forum&lang=fr');
    expect(attribute(page.text, /<a href="([^"]+)" lang="en"/)).toBe('/observers?q=forum&lang=en');
  });

  it('follows the account after sign-in, switches a signed-in person’s pages, never their mail', async () => {
    const user = await userFactory(t, { locale: 'en' });
    const browser = new WebClient(t);
    await browser.get('/?lang=fr').expect(200);
    const signedIn = await browser.submit('/signin', { email: user.email, password: PASSWORD });
    expect(signedIn.status).toBe(303);
    expect((await browser.get('/account').expect(200)).text).toContain('<html lang="en">');

    expect((await browser.get('/account?lang=es').expect(200)).text).toContain('<html lang="es">');
    const account = await browser.get('/account').expect(200);
    expect(account.text).toContain('<html lang="es">');
    const newPassword = 'another perfectly good passphrase';
    const changed = await browser.submit(
      '/account',
      { currentPassword: PASSWORD, password: newPassword },
      '/account/password',
    );
    expect([changed.status, changed.headers.location]).toEqual([303, '/account']);
    expect((await browser.get('/account').expect(200)).text).toContain('<html lang="es">');
    expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: user.id })).locale).toBe(
      'en',
    );

    await t.deliverMail();
    const message = await mail.waitFor(user.email);
    expect(message.text).toContain(`Hello ${user.name},`);
    expect(message.html).toContain('<html lang="en">');
  });
});
