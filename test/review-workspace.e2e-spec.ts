import { randomUUID } from 'node:crypto';
import { UserRole } from '../src/accounts/user.entity';
import { ConsultationMessage } from '../src/workspace/consultation-message.entity';
import { publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Review: unbounded or odd input to bulk decisions and staff messages is a 400 that changes nothing. */
describe('review: workspace input bounds', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };
  let consultationId: string;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
    consultationId = (await publishedConsultation(t, admin.token)).id;
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('accepts the same calls when they are well formed (the 400s below are about the input)', async () => {
    const bulk = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations/decisions`)
      .set(auth(admin.token))
      .send({ ids: [randomUUID()], decision: 'approve' });
    expect(bulk.status).toBeLessThan(300);
    const message = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/messages`)
      .set(auth(admin.token))
      .send({ subject: 'Hello', body: 'Text', audience: {}, dryRun: true });
    expect(message.status).toBeLessThan(300);
  });

  it.each([
    ['201 ids', { ids: Array.from({ length: 201 }, () => randomUUID()), decision: 'approve' }],
    ['an id that is an object', { ids: [{ $ne: null }], decision: 'approve' }],
    ['a reason that is an array', { ids: [randomUUID()], decision: 'reject', reason: ['a'] }],
    ['an unknown field', { ids: [randomUUID()], decision: 'approve', status: 'confirmed' }],
  ])('bulk decisions refuse %s with a 400', async (_label, body) => {
    const answer = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations/decisions`)
      .set(auth(admin.token))
      .send(body);
    expect(answer.status).toBe(400);
  });

  it.each([
    ['eleven statuses', { audience: { statuses: Array(11).fill('confirmed') } }],
    ['a nested unknown field', { audience: { statuses: ['confirmed'], where: { a: 1 } } }],
    ['an audience that is a string', { audience: 'everyone' }],
    [
      'a translation in another language',
      { audience: {}, translations: { de: { subject: 'a', body: 'b' } } },
    ],
    ['a body over 20000 characters', { audience: {}, body: 'x'.repeat(20_001) }],
  ])('messages refuse %s with a 400 and send nothing', async (_label, overrides) => {
    const answer = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/messages`)
      .set(auth(admin.token))
      .send({ subject: 'Hello', body: 'Text', ...overrides });
    expect(answer.status).toBe(400);
    expect(await t.dataSource.getRepository(ConsultationMessage).count()).toBe(0);
  });
});
