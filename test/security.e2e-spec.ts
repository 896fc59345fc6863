import { randomInt } from 'node:crypto';
import { Like } from 'typeorm';
import * as passwords from '../src/accounts/passwords';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { ApiToken } from '../src/accounts/api-token.entity';
import { User, UserRole } from '../src/accounts/user.entity';
import { ObserverStatus, Organisation } from '../src/organisations/organisation.entity';
import { PASSWORD, tokenFor, userFactory } from './support/factories';
import {
  focalPointWithOrganisation,
  organisationFactory,
  staffToken,
} from './support/organisations';
import { WebClient } from './support/web-client';
import { createTestApp, TestApp } from './support/test-app';

async function verifyStoredPassword(
  t: TestApp,
  userId: string,
  password: string,
): Promise<boolean> {
  const user = await t.dataSource.getRepository(User).findOneByOrFail({ id: userId });
  return passwords.verifyPassword(user.passwordHash, password);
}

const forgedAddress = () => `203.0.113.${randomInt(1, 255)}`;

describe('security: client addresses and rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        TRUST_PROXY: 'true',
        SIGNIN_MAX_FAILURES_PER_ACCOUNT: '5',
        SIGNIN_MAX_FAILURES_PER_ADDRESS: '8',
        RESET_MAX_PER_ADDRESS: '3',
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('counts a 194-character email like any other, and keeps no email or address in the buckets', async () => {
    const email = `${'l'.repeat(60)}@${'a'.repeat(60)}.${'b'.repeat(60)}.example.org`;
    const user = await userFactory(t, { email });
    await t
      .http()
      .post('/api/v1/tokens')
      .send({ email: user.email, password: PASSWORD })
      .expect(201);
    await t
      .http()
      .post('/api/v1/tokens')
      .send({ email: user.email, password: 'not the password' })
      .expect(401);
    const keys: { key: string }[] = await t.dataSource.query(
      'SELECT "key" FROM rate_limit_buckets',
    );
    expect(keys.length).toBeGreaterThan(0);
    for (const { key } of keys) expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('with TRUST_PROXY=true counts the address the nearest proxy appended, whatever the client wrote before it', async () => {
    const real = '198.51.100.7';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await t
        .http()
        .post('/api/v1/tokens')
        .set('X-Forwarded-For', `${forgedAddress()}, ${forgedAddress()}, ${real}`)
        .send({ email: `nobody${i}@example.org`, password: 'wrong password here' });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array(8).fill(401), 429, 429]);
    // Another client behind the same proxy has its own bucket.
    await t
      .http()
      .post('/api/v1/tokens')
      .set('X-Forwarded-For', `${real}, 198.51.100.8`)
      .send({ email: 'nobody@example.org', password: 'wrong password here' })
      .expect(401);
  });

  it('sends a victim no more reset mails than the limit, however the requests forge their address', async () => {
    const victim = await userFactory(t);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await t
        .http()
        .post('/api/v1/password-resets')
        .set('X-Forwarded-For', `${forgedAddress()}, 198.51.100.20`)
        .send({ email: victim.email });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429, 429]);
    expect(
      await t.dataSource
        .getRepository(OutboxMessage)
        .countBy({ recipient: victim.email, template: 'reset-password' }),
    ).toBe(3);
  });

  it('evaluates at most the limit of 40 concurrent wrong passwords, and none past it', async () => {
    const user = await userFactory(t);
    const verify = jest.spyOn(passwords, 'verifyPassword');
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t
          .http()
          .post('/api/v1/tokens')
          .set('X-Forwarded-For', `198.51.101.${i + 1}`)
          .send({ email: user.email, password: `wrong password number ${i}` }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect(verify).toHaveBeenCalledTimes(5);
    // Still refused with the right password until the window ends.
    await t
      .http()
      .post('/api/v1/tokens')
      .set('X-Forwarded-For', '198.51.101.99')
      .send({ email: user.email, password: PASSWORD })
      .expect(429);
  });

  it('does not count successful sign-ins against the client address', async () => {
    const user = await userFactory(t);
    for (let i = 0; i < 12; i++) {
      await t
        .http()
        .post('/api/v1/tokens')
        .set('X-Forwarded-For', '198.51.102.1')
        .send({ email: user.email, password: PASSWORD })
        .expect(201);
    }
  });

  it('takes % and _ literally in the admin user search', async () => {
    const admin = await staffToken(t, UserRole.Admin);
    const tag = Date.now().toString(36);
    await userFactory(t, { name: `Percent ${tag} 50%off` });
    await userFactory(t, { name: `Percent ${tag} 50xoff` });
    await userFactory(t, { name: `Under ${tag} a_b` });
    await userFactory(t, { name: `Under ${tag} axb` });
    const search = async (q: string) => {
      const response = await t
        .http()
        .get(`/api/v1/admin/users?pageSize=100&q=${encodeURIComponent(q)}`)
        .set('Authorization', `Bearer ${admin.token}`)
        .expect(200);
      return (response.body.items as { name: string }[]).map((u) => u.name);
    };
    expect(await search(`${tag} 50%o`)).toEqual([`Percent ${tag} 50%off`]);
    expect(await search(`${tag} a_b`)).toEqual([`Under ${tag} a_b`]);
    expect(await search(`${tag} 50`)).toHaveLength(2);
  });
});

describe('security: API tokens', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const DAY = 86_400_000;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('issues tokens with an expiry (365 days by default) and a scope (write by default), refusing bad values', async () => {
    const user = await userFactory(t);
    const plain = await t
      .http()
      .post('/api/v1/tokens')
      .send({ email: user.email, password: PASSWORD })
      .expect(201);
    expect(plain.body).toEqual(
      expect.objectContaining({ token: expect.stringMatching(/^cvn_/), scope: 'write' }),
    );
    expect(
      Math.abs(Date.parse(plain.body.expiresAt) - (t.clock.now().getTime() + 365 * DAY)),
    ).toBeLessThan(60_000);
    const read = await t
      .http()
      .post('/api/v1/tokens')
      .send({ email: user.email, password: PASSWORD, scope: 'read', expiresInDays: 30 })
      .expect(201);
    expect(read.body.scope).toBe('read');
    expect(
      Math.abs(Date.parse(read.body.expiresAt) - (t.clock.now().getTime() + 30 * DAY)),
    ).toBeLessThan(60_000);

    const before = await t.dataSource.getRepository(ApiToken).countBy({ userId: user.id });
    for (const bad of [
      { expiresInDays: 0 },
      { expiresInDays: 3651 },
      { expiresInDays: 1.5 },
      { expiresInDays: 'soon' },
      { scope: 'admin' },
    ]) {
      const response = await t
        .http()
        .post('/api/v1/tokens')
        .send({ email: user.email, password: PASSWORD, ...bad })
        .expect(400);
      expect((response.body.message as string[]).join(' ')).toContain(Object.keys(bad)[0]);
    }
    expect(await t.dataSource.getRepository(ApiToken).countBy({ userId: user.id })).toBe(before);
  });

  describe('a read token reads and is refused, with 403, anything that changes data; a write token works', () => {
    let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let readToken: string;

    beforeAll(async () => {
      focal = await focalPointWithOrganisation(t);
      const read = await t
        .http()
        .post('/api/v1/tokens')
        .send({ email: focal.user.email, password: PASSWORD, scope: 'read' })
        .expect(201);
      readToken = read.body.token as string;
    });

    it('reads with a read token', async () => {
      await t.http().get('/api/v1/me').set(auth(readToken)).expect(200);
      await t
        .http()
        .get(`/api/v1/organisations/${focal.organisation.id}`)
        .set(auth(readToken))
        .expect(200);
    });

    it('refuses a read token a creation with 403 TOKEN_READ_ONLY', async () => {
      const refused = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(readToken))
        .send(organisationFactory())
        .expect(403);
      expect(refused.body.code).toBe('TOKEN_READ_ONLY');
    });

    it('refuses a read token an edit or a removal with 403, and changes nothing', async () => {
      await t
        .http()
        .patch(`/api/v1/organisations/${focal.organisation.id}`)
        .set(auth(readToken))
        .send({ description: 'changed by a read token' })
        .expect(403);
      await t
        .http()
        .delete(`/api/v1/organisations/${focal.organisation.id}/members/${focal.user.id}`)
        .set(auth(readToken))
        .expect(403);
      const unchanged = await t.dataSource
        .getRepository(Organisation)
        .findOneByOrFail({ id: focal.organisation.id });
      expect(unchanged.description).not.toBe('changed by a read token');
    });

    it('edits and creates with a write token', async () => {
      await t
        .http()
        .patch(`/api/v1/organisations/${focal.organisation.id}`)
        .set(auth(focal.token))
        .send({ description: 'changed by a write token' })
        .expect(200);
      await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(focal.token))
        .send(organisationFactory())
        .expect(201);
    });
  });

  describe('a password change ends the other sessions and the API tokens, unless keepTokens', () => {
    let user: Awaited<ReturnType<typeof userFactory>>;
    let browser: WebClient;
    let elsewhere: WebClient;
    const changePassword = (fields: Record<string, string>) =>
      browser.submit('/account', fields, '/account/password');

    beforeAll(async () => {
      user = await userFactory(t);
      browser = new WebClient(t);
      await browser.submit('/signin', { email: user.email, password: PASSWORD });
      elsewhere = new WebClient(t);
      await elsewhere.submit('/signin', { email: user.email, password: PASSWORD });
    });

    it('ends the other sessions and every API token, and keeps the session that changed it', async () => {
      const first = await tokenFor(t, user);
      expect(
        (await changePassword({ currentPassword: PASSWORD, password: 'a new long passphrase' }))
          .status,
      ).toBe(303);
      await browser.get('/account').expect(200);
      expect((await elsewhere.get('/account')).status).toBe(303);
      await t.http().get('/api/v1/me').set(auth(first)).expect(401);
    });

    it('offers on the account page to keep the API tokens', async () => {
      const page = await browser.get('/account').expect(200);
      expect(page.text).toContain('name="keepTokens"');
    });

    it('keeps the API tokens when asked, and still ends the other sessions', async () => {
      const kept = await tokenFor(t, user, 'a new long passphrase');
      await elsewhere.submit('/signin', { email: user.email, password: 'a new long passphrase' });
      expect(
        (
          await changePassword({
            currentPassword: 'a new long passphrase',
            password: 'a third long passphrase',
            keepTokens: 'true',
          })
        ).status,
      ).toBe(303);
      await t.http().get('/api/v1/me').set(auth(kept)).expect(200);
      expect((await elsewhere.get('/account')).status).toBe(303);
      await browser.get('/account').expect(200);
    });
  });

  it('limits guesses of the current password on the password form as sign-ins are limited', async () => {
    const user = await userFactory(t);
    const browser = new WebClient(t);
    await browser.submit('/signin', { email: user.email, password: PASSWORD });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await browser.submit(
        '/account',
        { currentPassword: `guess number ${i}`, password: 'a new long passphrase' },
        '/account/password',
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const blocked = await browser.submit(
      '/account',
      { currentPassword: PASSWORD, password: 'a new long passphrase' },
      '/account/password',
    );
    expect(blocked.status).toBe(429);
    expect(await verifyStoredPassword(t, user.id, PASSWORD)).toBe(true);
  });

  it('lists tokens with their scope and expiry on the account page, and creates read tokens there', async () => {
    const user = await userFactory(t);
    const browser = new WebClient(t);
    await browser.submit('/signin', { email: user.email, password: PASSWORD });
    expect(
      (
        await browser.submit(
          '/account',
          { label: 'dashboard', scope: 'read', expiresInDays: '7' },
          '/account/tokens',
        )
      ).status,
    ).toBe(303);
    const page = await browser.get('/account').expect(200);
    const token = /data-testid="new-token">([^<]+)</.exec(page.text)?.[1];
    expect(page.text).toContain('Read only');
    expect(page.text).toContain('Expires');
    const saved = await t.dataSource.getRepository(ApiToken).findOneByOrFail({ userId: user.id });
    expect(saved.scope).toBe('read');
    expect(Math.abs(saved.expiresAt.getTime() - (t.clock.now().getTime() + 7 * DAY))).toBeLessThan(
      60_000,
    );
    await t
      .http()
      .post('/api/v1/organisations')
      .set(auth(token!))
      .send(organisationFactory())
      .expect(403);
    const bad = await browser.submit(
      '/account',
      { label: 'forever', expiresInDays: '99999' },
      '/account/tokens',
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#field-expiresInDays"');
  });

  it('refuses an expired token with 401', async () => {
    const user = await userFactory(t);
    const response = await t
      .http()
      .post('/api/v1/tokens')
      .send({ email: user.email, password: PASSWORD, expiresInDays: 1 })
      .expect(201);
    await t.http().get('/api/v1/me').set(auth(response.body.token)).expect(200);
    t.clock.advance(DAY + 60_000);
    await t.http().get('/api/v1/me').set(auth(response.body.token)).expect(401);
  });
});

describe('security: invitations are rate-limited', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const invite = (token: string, organisationId: string, email: string) =>
    t
      .http()
      .post(`/api/v1/organisations/${organisationId}/invitations`)
      .set(auth(token))
      .send({ email, role: 'member' });

  beforeAll(async () => {
    t = await createTestApp({
      env: { INVITATIONS_MAX_PER_ORGANISATION: '5', INVITATIONS_MAX_PER_RECIPIENT: '2' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After once an organisation has sent its invitations for the window, and sends no more', async () => {
    const { token, organisation } = await focalPointWithOrganisation(t);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => invite(token, organisation.id, `flood${i}@example.org`)),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(7).fill(429)]);
    const refused = responses.find((r) => r.status === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    const mails = await t.dataSource
      .getRepository(OutboxMessage)
      .countBy({ template: 'invitation', recipient: Like('flood%@example.org') });
    expect(mails).toBe(5);
  });

  it('limits the invitations one organisation sends to one address, without blocking other organisations', async () => {
    const victim = `victim-${Date.now()}@example.org`;
    const [flooder, own] = await Promise.all([1, 2].map(() => focalPointWithOrganisation(t)));
    await invite(flooder.token, flooder.organisation.id, victim).expect(201);
    await invite(flooder.token, flooder.organisation.id, victim).expect(201);
    const refused = await invite(flooder.token, flooder.organisation.id, victim).expect(429);
    expect(refused.body.message).toMatch(/address has received too many invitations/);
    // A stranger's flood does not stop the person's own organisation from inviting them.
    await invite(own.token, own.organisation.id, victim).expect(201);
    // The refused invitation did not use up the sender's own allowance.
    await invite(flooder.token, flooder.organisation.id, `else-${Date.now()}@example.org`).expect(
      201,
    );
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipient: victim })).toBe(3);
  });

  it('limits the invitations one account sends, however many organisations it creates', async () => {
    const { token, organisation } = await focalPointWithOrganisation(t);
    const second = await t
      .http()
      .post('/api/v1/organisations')
      .set(auth(token))
      .send(organisationFactory())
      .expect(201);
    for (let i = 0; i < 5; i++)
      await invite(token, organisation.id, `sender${i}-${organisation.id}@example.org`).expect(201);
    const refused = await invite(
      token,
      second.body.id,
      `sender-more-${second.body.id}@example.org`,
    );
    expect(refused.status).toBe(429);
    expect(refused.body.message).toMatch(/too many invitations/);
  });

  it('shows the limit as an error on the members page', async () => {
    const { user, token, organisation } = await focalPointWithOrganisation(t);
    for (let i = 0; i < 5; i++)
      await invite(token, organisation.id, `page${i}-${organisation.id}@example.org`).expect(201);
    const browser = new WebClient(t);
    await browser.submit('/signin', { email: user.email, password: PASSWORD });
    const page = await browser.submit(
      `/organisations/${organisation.id}/members`,
      { email: 'one-more@example.org', role: 'member' },
      `/organisations/${organisation.id}/invitations`,
    );
    expect(page.status).toBe(429);
    expect(page.text).toContain('This organisation has sent too many invitations for now.');
    expect(page.text).toContain('value="one-more@example.org"');
  });
});

describe('security: the duplicate warning names only organisations the user may read', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('observers are shown in full and the others only counted, on the API and the page; staff see all', () => {
    const tag = Date.now().toString(36).toUpperCase();
    const attempt = { name: `Public Alliance ${tag}`, acronym: `HA${tag}`, country: 'KE' };
    let hidden: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let observer: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let outsider: Awaited<ReturnType<typeof userFactory>>;

    beforeAll(async () => {
      hidden = await focalPointWithOrganisation(t, {
        name: `Hidden Alliance ${tag}`,
        acronym: `HA${tag}`,
        country: 'KE',
      });
      observer = await focalPointWithOrganisation(t, {
        name: `Public Alliance ${tag}`,
        acronym: `PA${tag}`,
        country: 'KE',
      });
      await t.dataSource
        .getRepository(Organisation)
        .update({ id: observer.organisation.id }, { observerStatus: ObserverStatus.Observer });
      outsider = await userFactory(t);
    });

    it('names the observer to an outsider and only counts the organisation it may not read', async () => {
      const outsiderToken = await tokenFor(t, outsider);
      const warned = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(outsiderToken))
        .send(organisationFactory(attempt))
        .expect(409);
      expect(warned.body).toMatchObject({
        code: 'POSSIBLE_DUPLICATE',
        similarExists: true,
        similarCount: 2,
      });
      expect(warned.body.duplicates).toEqual([
        {
          id: observer.organisation.id,
          name: `Public Alliance ${tag}`,
          acronym: `PA${tag}`,
          country: 'KE',
        },
      ]);
      expect(JSON.stringify(warned.body)).not.toContain(hidden.organisation.id);
      expect(JSON.stringify(warned.body)).not.toContain('Hidden Alliance');
    });

    it('names an organisation to its own members, who may read it', async () => {
      const own = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(hidden.token))
        .send(organisationFactory(attempt))
        .expect(409);
      expect(own.body.duplicates.map((d: { id: string }) => d.id).sort()).toEqual(
        [hidden.organisation.id, observer.organisation.id].sort(),
      );
    });

    it('names every similar organisation to staff', async () => {
      const reviewer = await staffToken(t);
      const staff = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(reviewer.token))
        .send(organisationFactory(attempt))
        .expect(409);
      expect(staff.body.duplicates).toHaveLength(2);
    });

    it('names only the observer on the outsider’s profile form, and counts the other', async () => {
      const browser = new WebClient(t);
      await browser.submit('/signin', { email: outsider.email, password: PASSWORD });
      // A form posts text: the factory's number, list and boolean are replaced by their form spellings.
      const page = await browser.submit('/organisations/new', {
        ...(organisationFactory(attempt) as unknown as Record<string, string>),
        foundedYear: '2005',
        thematicAreas: 'health',
        migrantLed: 'true',
      });
      expect(page.status).toBe(409);
      expect(page.text).toContain(`Public Alliance ${tag} (PA${tag})`);
      expect(page.text).toContain('One other organisation with a similar name or acronym');
      expect(page.text).not.toContain('Hidden Alliance');
      expect(page.text).not.toContain(`HA${tag} (`);
    });

    it('warns the same way on the profile page when a rename takes another acronym', async () => {
      const focalPoint = new WebClient(t);
      await focalPoint.submit('/signin', { email: observer.user.email, password: PASSWORD });
      const profile = `/organisations/${observer.organisation.id}`;
      const renamed = await focalPoint.submit(profile, { acronym: `HA${tag}` });
      expect(renamed.status).toBe(409);
      expect(renamed.text).toContain('One other organisation with a similar name or acronym');
      expect(renamed.text).not.toContain('Hidden Alliance');
      expect(renamed.text).not.toContain('class="error-summary"');
      expect(renamed.text).toContain(`value="HA${tag}"`);
    });
  });
});

describe('security: configuration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses to boot with a first admin password that fails the policy, without showing it, and creates no admin', async () => {
    const email = `first-admin-${Date.now()}@example.org`;
    await expect(
      createTestApp({
        database: t.database,
        env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: 'password1234' },
      }),
    ).rejects.toThrow(/^ADMIN_PASSWORD is too common and easy to guess; its value is not shown$/);
    expect(await t.dataSource.getRepository(User).countBy({ email })).toBe(0);
    const booted = await createTestApp({
      database: t.database,
      env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: 'a perfectly good passphrase' },
    });
    try {
      expect(await booted.dataSource.getRepository(User).findOneByOrFail({ email })).toMatchObject({
        role: UserRole.Admin,
      });
    } finally {
      await booted.close();
    }
  });
});
