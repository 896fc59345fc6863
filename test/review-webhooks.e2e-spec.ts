import { UserRole } from '../src/accounts/user.entity';
import { WebhookEndpoint } from '../src/webhooks/webhook-endpoint.entity';
import { staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Review: webhook addresses an attacker would try, and how the secret is kept. */
describe('review: webhooks', () => {
  let t: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_POLL_MS: '0' } });
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  it.each([
    'http://127.1/hook',
    'http://0x7f000001/hook',
    'http://2130706433/hook',
    'http://0177.0.0.1/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[0:0:0:0:0:ffff:7f00:1]/hook',
    'http://[::ffff:169.254.169.254]/latest/meta-data',
    'http://localhost./hook',
    'http://LOCALHOST/hook',
    'http://[fe80::1%25eth0]/hook',
    'http://0.0.0.0/hook',
    'http://[::]/hook',
  ])('refuses %s (400, nothing stored)', async (url) => {
    const answer = await t
      .http()
      .post('/api/v1/admin/webhooks')
      .set(auth(admin.token))
      .send({ url, events: ['registration.created'] });
    expect(answer.status).toBe(400);
    expect(await t.dataSource.getRepository(WebhookEndpoint).countBy({ url })).toBe(0);
  });

  it('does not keep the signing secret in clear in the database (the field cipher exists)', async () => {
    const created = await t
      .http()
      .post('/api/v1/admin/webhooks')
      .set(auth(admin.token))
      .send({ url: 'https://93.184.216.34/hook', events: ['registration.created'] })
      .expect(201);
    const row = await t.dataSource
      .getRepository(WebhookEndpoint)
      .findOneByOrFail({ id: created.body.id });
    expect(row.secret).not.toBe(created.body.secret);
  });
});
