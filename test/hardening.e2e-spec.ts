import { Logger } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import net from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { Organisation } from '../src/organisations/organisation.entity';
import { User } from '../src/accounts/user.entity';
import { PASSWORD, tokenFor, userFactory } from './support/factories';
import { focalPointWithOrganisation, organisationFactory, REQUEST } from './support/organisations';
import { pdfBytes } from './support/pdf';
import { BASE_URL, createTestApp, TestApp } from './support/test-app';
import { csrfIn, sessionCookie, WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Every byte percent-encoded, so that any string (lone surrogates too) can go in a query. */
function percentEncoded(value: string): string {
  return [...Buffer.from(value)]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');
}

/** What any field refuses once CR became LF: C0 controls but tab and line breaks, and DEL. */
const refused = (text: string) =>
  [...text].some((char) => (char < ' ' && !'\t\n\r'.includes(char)) || char === '\u007f');

function expectLocal(location: string | undefined): void {
  expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  expect(new URL(location!, BASE_URL).origin).toBe(BASE_URL);
}

/** 50 hostile `next` values, the same on every run. */
function randomNextValues(): string[] {
  let seed = 9;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const starts = [
    '/',
    '//',
    '/\\',
    '\\\\',
    'https://evil.example',
    '//evil.example',
    '/..//evil.example',
    ' /',
    '/%2F',
    'javascript:',
    '',
  ];
  const pieces = [
    'a',
    'Z',
    '.',
    '..',
    '/',
    '\\',
    '?',
    '#',
    '&',
    '=',
    '%',
    '%zz',
    '%E3%80',
    ' ',
    '\r',
    '\n',
    '\r\n',
    '\t',
    '\u0000',
    '\u007f',
    '\u0085',
    '\u3002',
    '\uff0f',
    '\u2028',
    '\ud800',
    '\udfff',
    '\ud83d\ude00',
    'é',
    'evil.example',
    '@',
    ':',
    '"',
    '<',
    '>',
    '`',
    '{',
    '}',
  ];
  return Array.from(
    { length: 50 },
    () =>
      pick(starts) +
      Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(pieces)).join(''),
  );
}

/** Writes an oversized JSON body as fast as the socket takes it; notes the status line and any write error. */
function oversizedPost(
  url: string,
  size: number,
  token?: string,
): Promise<{ statusLine: string; error?: string }> {
  return new Promise((resolve) => {
    let received = '';
    let error: string | undefined;
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => {
      const authorization = token ? `Authorization: Bearer ${token}\r\n` : '';
      socket.write(
        `POST /api/v1/organisations HTTP/1.1\r\nHost: convene.test\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n${authorization}\r\n`,
      );
      const chunk = Buffer.alloc(256 * 1024, 'a');
      let sent = 0;
      const write = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', write);
        }
      };
      write();
    });
    socket.on('data', (data: Buffer) => (received += data.toString()));
    socket.on(
      'error',
      (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message),
    );
    socket.on('close', () => resolve({ statusLine: received.split('\r\n')[0], error }));
  });
}

describe('HTTP hardening', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('redirects', () => {
    const crashing = [
      '/%E3%80%82x',
      '/%E3%80%82evil.example',
      '/%C3%A9t%C3%A9',
      '/%0D%0ASet-Cookie:%20x=1',
      '/%ED%A0%80',
      '/%FF%FE',
    ];

    it('sends a signed-in user to a local, encoded path for any ?next=, and the server lives', async () => {
      const user = await userFactory(t);
      const browser = new WebClient(t);
      await browser.submit('/signin', { email: user.email, password: PASSWORD });
      const values = [
        ...crashing.map((encoded) => ({ encoded, refused: false })),
        ...randomNextValues().map((next) => ({
          encoded: percentEncoded(next),
          refused: refused(next),
        })),
      ];
      expect(values.filter((value) => value.refused).length).toBeGreaterThan(5);
      for (const { encoded, refused } of values) {
        const response = await browser.get(`/signin?next=${encoded}`);
        if (refused) {
          // Control characters other than tab and line breaks are refused in any query string.
          expect(response.status).toBe(400);
          expect(response.text).toContain('next: ');
        } else {
          expect(response.status).toBe(303);
          expectLocal(response.headers.location);
        }
      }
      expect((await browser.get('/signin?next=/%E3%80%82x')).headers.location).toBe('/%E3%80%82x');
      expect((await browser.get('/signin?next=/account%3Ftab%3Dtokens')).headers.location).toBe(
        '/account?tab=tokens',
      );
      await t.http().get('/health').expect(200);
      await browser.get('/account').expect(200);
    });

    it('signs in through a hostile next link and lands on a local path', async () => {
      const user = await userFactory(t);
      for (const next of [
        '/\u3002x',
        '/caf\u00e9',
        '/a\ud800',
        '//evil.example',
        '/\\evil.example',
        'https://evil.example',
        '/ok\r\nSet-Cookie: x=1',
        '/..//evil.example',
      ]) {
        const browser = new WebClient(t);
        const form = await browser.get('/signin').expect(200);
        const body = `_csrf=${encodeURIComponent(csrfIn(form.text))}&email=${encodeURIComponent(user.email)}&password=${encodeURIComponent(PASSWORD)}&next=${percentEncoded(next)}`;
        const response = await browser.agent.post('/signin').type('form').send(body);
        expect(response.status).toBe(303);
        expectLocal(response.headers.location);
      }
      await t.http().get('/health').expect(200);
    });

    it('sends a visitor to sign-in with the page as an encoded next', async () => {
      const response = await t.http().get('/account?x=%E3%80%82');
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/signin?next=%2Faccount%3Fx%3D%25E3%2580%2582');
    });
  });

  describe('a fault in any reply hook', () => {
    let faulty: TestApp;

    beforeAll(async () => {
      const faulted = new WeakSet<object>();
      const once = (request: FastifyRequest, name: string) => {
        if (request.headers['x-fault'] !== name || faulted.has(request.raw)) return false;
        faulted.add(request.raw);
        return true;
      };
      faulty = await createTestApp({
        database: t.database,
        hooks: (instance) => {
          instance.addHook('onRequest', async (request) => {
            if (once(request, 'onRequest')) throw new Error('injected onRequest fault');
          });
          instance.addHook('preHandler', async (request) => {
            if (once(request, 'preHandler')) throw new Error('injected preHandler fault');
          });
          instance.addHook('preSerialization', async (request, _reply, payload) =>
            once(request, 'serialisation') ? { unserialisable: BigInt(1) } : payload,
          );
          instance.addHook('onSend', async (request, _reply, payload) => {
            if (once(request, 'onSend')) throw new Error('injected onSend fault');
            return payload;
          });
          // What crashed the process: a header Node refuses, then a callback-style hook (the session's).
          instance.addHook('onSend', (request, reply, payload, done) => {
            if (once(request, 'header')) reply.header('x-echo', '/\u3002x');
            done(null, payload);
          });
        },
      });
    });
    afterAll(() => faulty.close());

    it.each(['onRequest', 'preHandler', 'serialisation', 'onSend', 'header'])(
      '%s: answers 500 and serves the next request',
      async (fault) => {
        const api = await faulty.http().get('/health').set('x-fault', fault).timeout(5000);
        expect(api.status).toBe(500);
        expect(api.headers['x-echo']).toBeUndefined();
        if (fault !== 'serialisation') {
          const page = await faulty.http().get('/signin').set('x-fault', fault).timeout(5000);
          expect(page.status).toBe(500);
          expect(page.headers['content-type']).toContain('text/html');
        }
        await faulty.http().get('/health').expect(200, { status: 'ok' });
      },
    );

    it('answers 500 for a signed-in page whose session is saved after the fault', async () => {
      const user = await userFactory(faulty);
      const browser = new WebClient(faulty);
      await browser.submit('/signin', { email: user.email, password: PASSWORD });
      const response = await browser.get('/account').set('x-fault', 'header').timeout(5000);
      expect(response.status).toBe(500);
      await browser.get('/account').expect(200);
    });
  });

  describe('bad input', () => {
    it('refuses JSON nested 10,000 deep with a 400, before anything recurses', async () => {
      const body = `{"name":${'['.repeat(10_000)}${']'.repeat(10_000)},"email":"deep@example.org","password":"a long enough passphrase"}`;
      const response = await t
        .http()
        .post('/api/v1/accounts')
        .set('Content-Type', 'application/json')
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        message: 'The request nests objects or lists too deeply.',
      });
      expect(await t.dataSource.getRepository(User).countBy({ email: 'deep@example.org' })).toBe(0);
      const user = await userFactory(t);
      const token = await tokenFor(t, user);
      const deep = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(token))
        .send({ ...organisationFactory(), extra: JSON.parse('['.repeat(65) + ']'.repeat(65)) });
      expect(deep.status).toBe(400);
      await t.http().get('/health').expect(200);
    });

    describe('NUL and other control characters in JSON, forms and query strings are refused, and change nothing', () => {
      let token: string;
      let organisationId: string;
      let organisations: number;

      beforeAll(async () => {
        const focal = await focalPointWithOrganisation(t);
        token = focal.token;
        organisationId = focal.organisation.id;
        organisations = await t.dataSource.getRepository(Organisation).count();
      });

      it('refuses a NUL in a JSON body, naming the field', async () => {
        const nul = await t
          .http()
          .post('/api/v1/organisations')
          .set(auth(token))
          .send(organisationFactory({ name: 'Nul\u0000Org' }));
        expect(nul.status).toBe(400);
        expect(nul.body.message).toEqual([expect.stringMatching(/^name: .*control characters/)]);
      });

      it('refuses an escape character in an edit, naming the field', async () => {
        const patch = await t
          .http()
          .patch(`/api/v1/organisations/${organisationId}`)
          .set(auth(token))
          .send({ description: 'escape \u001b[31m red' });
        expect(patch.status).toBe(400);
        expect(patch.body.message).toEqual([expect.stringMatching(/^description: /)]);
      });

      it('refuses DEL in a request for accreditation, naming the field', async () => {
        const request = await t
          .http()
          .post(`/api/v1/organisations/${organisationId}/accreditation-requests`)
          .set(auth(token))
          .send({ ...REQUEST, motivation: 'del\u007f' });
        expect(request.status).toBe(400);
        expect(request.body.message).toEqual([expect.stringMatching(/^motivation: /)]);
      });

      it('refuses a NUL in a sign-up through the API, and creates no account', async () => {
        const signUp = await t.http().post('/api/v1/accounts').send({
          email: 'nul@example.org',
          password: 'a long enough passphrase',
          name: 'A\u0000',
        });
        expect(signUp.status).toBe(400);
        expect(await t.dataSource.getRepository(User).countBy({ email: 'nul@example.org' })).toBe(
          0,
        );
      });

      it('refuses a NUL in a query string with 400, naming the parameter on the API and as a page on a page', async () => {
        const search = await t.http().get('/api/v1/organisations?q=a%00b');
        expect(search.status).toBe(400);
        expect(search.body.message).toEqual([expect.stringMatching(/^q: /)]);
        const page = await t.http().get('/observers?q=a%00b');
        expect(page.status).toBe(400);
        expect(page.headers['content-type']).toContain('text/html');
      });

      it('re-shows a sign-up form with a NUL as an error of its field, the input kept, and creates no account', async () => {
        const browser = new WebClient(t);
        const form = await browser.submit('/signup', {
          name: 'Nul\u0000Person',
          email: 'nulform@example.org',
          password: 'a long enough passphrase',
        });
        expect(form.status).toBe(400);
        expect(form.text).toContain('class="error-summary"');
        expect(form.text).toContain('href="#field-name"');
        expect(form.text).toContain('value="nulform@example.org"');
        expect(
          await t.dataSource.getRepository(User).countBy({ email: 'nulform@example.org' }),
        ).toBe(0);
      });

      it('re-shows a profile form with a bell character as an error of its field', async () => {
        const member = new WebClient(t);
        await member.submit('/signin', { email: (await userFactory(t)).email, password: PASSWORD });
        const profile = await member.submit('/organisations/new', {
          name: 'Bell\u0007Org',
          country: 'SN',
          type: 'ngo',
          flagsShown: 'true',
        });
        expect(profile.status).toBe(400);
        expect(profile.text).toContain('href="#field-name"');
      });

      it('has created and changed no organisation, and the app still answers', async () => {
        expect(await t.dataSource.getRepository(Organisation).count()).toBe(organisations);
        expect(
          (await t.dataSource.getRepository(Organisation).findOneByOrFail({ id: organisationId }))
            .description,
        ).not.toContain('escape');
        await t.http().get('/health').expect(200);
      });
    });

    it('stores CRLF and lone CR as LF, and keeps tabs, from the API and from a textarea', async () => {
      const { token } = await focalPointWithOrganisation(t);
      const created = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(token))
        .send(organisationFactory({ description: 'one\r\ntwo\rthree\n\tfour' }))
        .expect(201);
      expect(created.body.description).toBe('one\ntwo\nthree\n\tfour');
      expect(
        (await t.dataSource.getRepository(Organisation).findOneByOrFail({ id: created.body.id }))
          .description,
      ).toBe('one\ntwo\nthree\n\tfour');

      const member = new WebClient(t);
      await member.submit('/signin', { email: (await userFactory(t)).email, password: PASSWORD });
      const name = `Textarea Network ${Date.now()}`;
      const saved = await member.submit('/organisations/new', {
        name,
        country: 'SN',
        type: 'ngo',
        flagsShown: 'true',
        description: 'first line\r\nsecond line',
      });
      expect(saved.status).toBe(303);
      expect(
        (await t.dataSource.getRepository(Organisation).findOneByOrFail({ name })).description,
      ).toBe('first line\nsecond line');
    });

    it('re-shows the profile form when its name is emptied, instead of a 500, and keeps the name', async () => {
      const { user, organisation } = await focalPointWithOrganisation(t);
      const focalPoint = new WebClient(t);
      await focalPoint.submit('/signin', { email: user.email, password: PASSWORD });
      const answer = await focalPoint.submit(`/organisations/${organisation.id}`, {
        name: '',
        acronym: '',
        country: 'SN',
        type: 'ngo',
      });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('id="field-name-error"');
      expect(
        (await t.dataSource.getRepository(Organisation).findOneByOrFail({ id: organisation.id }))
          .name,
      ).toBe(organisation.name);
    });

    it('answers a body over the limit with a 413, with or without a valid token', async () => {
      const { token, organisation } = await focalPointWithOrganisation(t);
      for (const headers of [auth(token), {}]) {
        const json = await t
          .http()
          .post('/api/v1/organisations')
          .set(headers)
          .send({ name: 'x'.repeat(2 * 1024 * 1024) });
        expect(json.status).toBe(413);
        expect(json.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      }
      const request = await t
        .http()
        .post(`/api/v1/organisations/${organisation.id}/accreditation-requests`)
        .set(auth(token))
        .send(REQUEST)
        .expect(201);
      const upload = await t
        .http()
        .post(`/api/v1/accreditation-requests/${request.body.id}/documents`)
        .set(auth(token))
        .field('kind', 'statutes')
        .attach('file', Buffer.concat([pdfBytes(), Buffer.alloc(11 * 1024 * 1024, 32)]), 'big.pdf');
      expect(upload.status).toBe(413);
      expect(upload.body.statusCode).toBe(413);
    });

    it('lets a client finish sending an oversized body and read the 413, never a reset connection', async () => {
      const live = await createTestApp({ database: t.database, listen: true });
      try {
        const token = await tokenFor(live, await userFactory(live));
        for (const credentials of [token, undefined]) {
          const answer = await oversizedPost(live.url, 4 * 1024 * 1024, credentials);
          expect(answer).toEqual({
            statusLine: 'HTTP/1.1 413 Payload Too Large',
            error: undefined,
          });
        }
        await live.http().get('/health').expect(200);
      } finally {
        await live.close();
      }
    });
  });

  describe('API answers and languages', () => {
    it('marks every JSON answer no-store, errors included', async () => {
      const user = await userFactory(t);
      const token = await tokenFor(t, user);
      for (const response of [
        await t.http().get('/api/v1/consultations'),
        await t.http().get('/api/v1/me').set(auth(token)),
        await t.http().get('/api/v1/me'),
        await t.http().get('/api/v1/consultations/00000000-0000-4000-8000-000000000000'),
      ]) {
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    it('switches the pages with ?lang= but never the account language that mail uses', async () => {
      const user = await userFactory(t, { locale: 'en' });
      const browser = new WebClient(t);
      await browser.submit('/signin', { email: user.email, password: PASSWORD });
      expect((await browser.get('/account?lang=fr').expect(200)).text).toContain(
        '<html lang="fr">',
      );
      expect((await browser.get('/account').expect(200)).text).toContain('<html lang="fr">');
      const token = await tokenFor(t, user);
      await t.http().get('/api/v1/me?lang=es').set(auth(token)).expect(200);
      expect((await t.dataSource.getRepository(User).findOneByOrFail({ id: user.id })).locale).toBe(
        'en',
      );
    });
  });
});

describe('production and the base URL scheme', () => {
  // Production refuses to start without a badge signing key.
  const badgeKey = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  const production = (baseUrl: string, extra: Record<string, string> = {}) => ({
    env: { NODE_ENV: 'production', APP_BASE_URL: baseUrl, BADGE_SIGNING_KEY: badgeKey, ...extra },
  });
  const warnings = (spy: jest.SpyInstance) =>
    spy.mock.calls.filter(([message]) => String(message).includes('APP_BASE_URL'));

  it('works over plain http: the form posts, no Secure cookie, no HSTS, and one warning at boot', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const t = await createTestApp(production('http://convene.example'));
    try {
      expect(warnings(warn)).toHaveLength(1);
      const browser = new WebClient(t);
      const form = await browser.get('/signup').expect(200);
      expect(form.headers['strict-transport-security']).toBeUndefined();
      expect(form.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(sessionCookie(form)).toBeDefined();
      expect(String(form.headers['set-cookie'])).not.toMatch(/Secure/i);
      const done = await browser.agent
        .post('/signup')
        .type('form')
        .send({
          _csrf: csrfIn(form.text),
          name: 'Plain Http',
          email: 'plain-http@example.org',
          password: 'a long enough passphrase',
        });
      expect(done.status).toBe(303);
      expect(
        await t.dataSource.getRepository(User).countBy({ email: 'plain-http@example.org' }),
      ).toBe(1);
    } finally {
      await t.close();
      warn.mockRestore();
    }
  });

  it('sends a Secure cookie, HSTS and upgrade-insecure-requests when the base URL is https, without a warning', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const t = await createTestApp(production('https://convene.example', { TRUST_PROXY: 'true' }));
    try {
      expect(warnings(warn)).toHaveLength(0);
      const form = await t.http().get('/signup').set('X-Forwarded-Proto', 'https').expect(200);
      expect(form.headers['strict-transport-security']).toContain('max-age=');
      expect(form.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(String(form.headers['set-cookie'])).toMatch(/convene_session=.*; Secure/);
    } finally {
      await t.close();
      warn.mockRestore();
    }
  });

  it('does not warn for production on http://localhost', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const t = await createTestApp(production('http://localhost:3000'));
    try {
      expect(warnings(warn)).toHaveLength(0);
    } finally {
      await t.close();
      warn.mockRestore();
    }
  });
});
