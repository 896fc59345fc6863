import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
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
    expect((await browser.get('/nothing-here').expect(404)).text).toContain('<html lang="en">');

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

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

describe('the host organisation', () => {
  let t: TestApp;
  let mail: MailCatcher;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'convene-host-'));
    writeFileSync(join(dir, 'logo.png'), PNG);
    mail = await new MailCatcher().start();
    t = await createTestApp({
      mail,
      env: {
        HOST_NAME: 'Global Forum on Civil Society',
        HOST_NAME_FR: 'Forum mondial de la société civile',
        HOST_ADDRESS: '17 route des Morillons, 1211 Geneva, Switzerland',
        HOST_CONTACT_EMAIL: 'help@forum.example',
        HOST_LOGO_FILE: join(dir, 'logo.png'),
        PRIVACY_URL: 'https://forum.example/privacy',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names itself in the header and footer of every page, in the page’s language', async () => {
    const page = await t.http().get('/signin?lang=fr').expect(200);
    const header = page.text.slice(page.text.indexOf('<header'), page.text.indexOf('</header>'));
    const footer = page.text.slice(page.text.indexOf('<footer'), page.text.indexOf('</footer>'));
    expect(header).toContain('Forum mondial de la société civile');
    expect(attribute(header, /<img class="brand__logo" src="([^"]+)"/)).toMatch(
      /^\/host-logo\?v=[0-9a-f]{12}$/,
    );
    expect(footer).toContain('Forum mondial de la société civile');
    expect(footer).toContain('17 route des Morillons, 1211 Geneva, Switzerland');
    expect(footer).toContain('href="mailto:help@forum.example"');
    expect(attribute(footer, /<a href="([^"]+)">Déclaration de confidentialité<\/a>/)).toBe(
      'https://forum.example/privacy',
    );
    expect(page.text).not.toContain('Convene réunit');
    const english = await t.http().get('/signin').expect(200);
    expect(english.text).toContain('Global Forum on Civil Society');
    expect(english.text).toContain('<title>Sign in · Global Forum on Civil Society</title>');
  });

  it('serves the logo with its type, and the built-in notice points to the host’s own', async () => {
    const page = await t.http().get('/signin').expect(200);
    const src = attribute(page.text, /<img class="brand__logo" src="([^"]+)"/);
    const logo = await t.http().get(src).buffer(true).expect(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['content-security-policy']).toMatch(/sandbox/);
    expect(Buffer.compare(logo.body as Buffer, PNG)).toBe(0);

    const privacy = await t.http().get('/privacy?lang=fr').expect(200);
    expect(privacy.text).toContain('<a href="https://forum.example/privacy">');
    expect(privacy.text).toContain('href="mailto:help@forum.example"');
  });

  it('names itself at the top and bottom of every mail, HTML and text', async () => {
    await t
      .http()
      .post('/api/v1/accounts')
      .send({ email: 'new@example.org', password: PASSWORD, name: 'Ana', locale: 'fr' })
      .expect(202);
    await t.deliverMail();
    const message = await mail.waitFor('new@example.org');
    for (const body of [message.html, message.text]) {
      expect(body).toContain('Forum mondial de la société civile');
      expect(body).toContain('17 route des Morillons, 1211 Geneva, Switzerland');
      expect(body).toContain('help@forum.example');
      expect(body).toContain('https://forum.example/privacy');
    }
    expect(message.text.trimStart().startsWith('Forum mondial de la société civile')).toBe(true);
    expect(attribute(message.html, /<img src="([^"]+)"/)).toMatch(
      /^http:\/\/convene\.test\/host-logo\?v=[0-9a-f]{12}$/,
    );
    expect(message.html).toContain('href="mailto:help@forum.example"');
  });
});

describe('the host organisation, unconfigured', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: { MAIL_RETENTION_DAYS: '30', SESSION_IDLE_MINUTES: '45', SESSION_ABSOLUTE_HOURS: '1' },
    });
  });
  afterAll(() => t.close());

  it('links the built-in privacy notice, which says what this instance keeps in three languages', async () => {
    const page = await t.http().get('/consultations').expect(200);
    const footer = page.text.slice(page.text.indexOf('<footer'), page.text.indexOf('</footer>'));
    expect(footer).toContain('Convene demo host');
    expect(footer).toContain('<a href="/privacy">Privacy notice</a>');
    expect(footer).not.toContain('mailto:');
    expect(page.text).not.toContain('brand__logo');

    const expected = {
      en: ['Privacy notice', '45 minutes', '1 hour', '30 days', 'passport'],
      fr: ['Déclaration de confidentialité', '45 minutes', '1 heure', '30 jours', 'passeport'],
      es: ['Aviso de privacidad', '45 minutos', '1 hora', '30 días', 'pasaporte'],
    };
    for (const [locale, phrases] of Object.entries(expected)) {
      const privacy = await t.http().get(`/privacy?lang=${locale}`).expect(200);
      expect(privacy.text).toContain(`<html lang="${locale}">`);
      expect(privacy.text).toContain(`<h1>${phrases[0]}</h1>`);
      for (const phrase of phrases) expect(privacy.text).toContain(phrase);
      expect(privacy.text).toContain('Convene demo host');
      expect(privacy.text).not.toMatch(/\{\w+\}/);
    }
  });

  it('answers 404 for the logo when none is configured', async () => {
    await t.http().get('/host-logo').expect(404);
  });
});

describe('the host organisation in production', () => {
  const production = (env: Record<string, string> = {}) => ({
    env: {
      NODE_ENV: 'production',
      APP_BASE_URL: 'https://convene.example',
      SESSION_SECRET: 'a-production-secret-that-is-long-enough-0987654321',
      // Production refuses to start without a badge signing key.
      BADGE_SIGNING_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
      ...env,
    },
  });
  const hostWarnings = (spy: jest.SpyInstance) =>
    spy.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('HOST_'));

  it('warns at boot while the host has no name or help contact of its own, and sends a Secure lang cookie', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const t = await createTestApp(production());
    try {
      expect(hostWarnings(warn)).toEqual([
        expect.stringMatching(/^HOST_NAME and HOST_CONTACT_EMAIL not set/),
      ]);
      const page = await t.http().get('/privacy?lang=es').expect(200);
      expect(cookies(page).find((c) => c.startsWith('lang='))).toMatch(/; Secure/);
    } finally {
      await t.close();
      warn.mockRestore();
    }
    const named = jest.spyOn(Logger.prototype, 'warn');
    const configured = await createTestApp(
      production({ HOST_NAME: 'Forum', HOST_CONTACT_EMAIL: 'help@forum.example' }),
    );
    try {
      expect(hostWarnings(named)).toEqual([]);
    } finally {
      await configured.close();
      named.mockRestore();
    }
  });
});
