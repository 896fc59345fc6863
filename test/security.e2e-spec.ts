import { randomInt } from 'node:crypto';
import * as passwords from '../src/accounts/passwords';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { UserRole } from '../src/accounts/user.entity';
import { PASSWORD, userFactory } from './support/factories';
import { staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

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
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipient: victim.email, template: 'reset-password' })).toBe(3);
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
    await t.http().post('/api/v1/tokens').set('X-Forwarded-For', '198.51.101.99').send({ email: user.email, password: PASSWORD }).expect(429);
  });

  it('does not count successful sign-ins against the client address', async () => {
    const user = await userFactory(t);
    for (let i = 0; i < 12; i++) {
      await t.http().post('/api/v1/tokens').set('X-Forwarded-For', '198.51.102.1').send({ email: user.email, password: PASSWORD }).expect(201);
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
      const response = await t.http().get(`/api/v1/admin/users?pageSize=100&q=${encodeURIComponent(q)}`).set('Authorization', `Bearer ${admin.token}`).expect(200);
      return (response.body.items as { name: string }[]).map((u) => u.name);
    };
    expect(await search(`${tag} 50%o`)).toEqual([`Percent ${tag} 50%off`]);
    expect(await search(`${tag} a_b`)).toEqual([`Under ${tag} a_b`]);
    expect(await search(`${tag} 50`)).toHaveLength(2);
  });
});
