import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserRole } from '../src/accounts/user.entity';
import { MailKind, OutboxMessage, OutboxStatus } from '../src/mail/outbox-message.entity';
import { OutboxService } from '../src/mail/outbox.service';
import { OutboxRetention1764547200000 } from '../src/database/migrations/1764547200000-OutboxRetention';
import { participant, publishedConsultation } from './support/consultations';
import { onPostgres } from './support/databases';
import { PASSWORD, userFactory } from './support/factories';
import { linkIn, MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { csrfIn, WebClient } from './support/web-client';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

function queue(t: TestApp, to: string, kind?: MailKind) {
  return t.transactions.run((manager) =>
    t.app.get(OutboxService).enqueue(manager, {
      to,
      template: 'password-changed',
      locale: 'en',
      kind,
      payload: { name: 'Ana', resetUrl: 'http://convene.test/forgot-password' },
    }),
  );
}

function messagesTo(t: TestApp, recipient: string): Promise<OutboxMessage[]> {
  return t.dataSource
    .getRepository(OutboxMessage)
    .find({ where: { recipient }, order: { createdAt: 'ASC' } });
}

/** The stored row as the database holds it, without TypeORM in between. */
async function rawRow(
  t: TestApp,
  recipient: string,
): Promise<{ payload: string; lastError: string | null }> {
  const rows: { payload: string; lastError: string | null }[] = await t.dataSource.query(
    `SELECT payload, "lastError" FROM outbox_messages WHERE recipient = ${onPostgres ? '$1' : '?'}`,
    [recipient],
  );
  return rows[0];
}

async function failWith550(t: TestApp, mail: MailCatcher, to: string): Promise<OutboxMessage> {
  mail.refuseNext(550);
  await queue(t, to);
  await t.deliverMail();
  const [message] = await messagesTo(t, to);
  expect(message.status).toBe(OutboxStatus.Failed);
  return message;
}

describe('an SMTP outage longer than the retry schedule', () => {
  let mail: MailCatcher;
  let t: TestApp;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail, env: { MAIL_RETRY_BASE_MS: String(MINUTE) } });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('keeps retrying for days, at most an hour apart, and delivers every message once the server is back', async () => {
    await mail.stop();
    const recipients = ['outage-1@example.org', 'outage-2@example.org', 'outage-3@example.org'];
    for (const to of recipients) await queue(t, to);
    await t.deliverMail();
    for (let hour = 0; hour < 4 * 24; hour++) {
      t.clock.advance(HOUR);
      await t.deliverMail();
    }
    for (const to of recipients) {
      const [waiting] = await messagesTo(t, to);
      expect(waiting.status).toBe(OutboxStatus.Queued);
      expect(waiting.attempts).toBeGreaterThan(90);
      expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(waiting.nextAttemptAt.getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(HOUR);
    }
    mail = await new MailCatcher().start(mail.port);
    t.clock.advance(HOUR);
    await t.deliverMail();
    await t.deliverMail();
    for (const to of recipients) {
      expect(mail.to(to)).toHaveLength(1);
      expect((await messagesTo(t, to))[0]).toMatchObject({
        status: OutboxStatus.Sent,
        lastError: null,
      });
    }
  });
});

describe('failed mail and requeueing', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string; user: { id: string; email: string } };
  let member: { token: string };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({
      mail,
      env: { MAIL_RETRY_BASE_MS: String(MINUTE), MAIL_RETRY_FOR_HOURS: '3' },
    });
    admin = await staffToken(t, UserRole.Admin);
    member = await staffToken(t, UserRole.Reviewer);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('fails a temporary failure only after MAIL_RETRY_FOR_HOURS, and an admin requeues it', async () => {
    await mail.stop();
    await queue(t, 'long-gone@example.org');
    await t.deliverMail();
    t.clock.advance(2 * HOUR);
    await t.deliverMail();
    expect((await messagesTo(t, 'long-gone@example.org'))[0].status).toBe(OutboxStatus.Queued);
    t.clock.advance(2 * HOUR);
    await t.deliverMail();
    const [failed] = await messagesTo(t, 'long-gone@example.org');
    expect(failed.status).toBe(OutboxStatus.Failed);
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);

    mail = await new MailCatcher().start(mail.port);
    await t.deliverMail();
    expect(mail.to('long-gone@example.org')).toHaveLength(0);
    const requeued = await t
      .http()
      .post(`/api/v1/admin/outbox/${failed.id}/requeue`)
      .set(auth(admin.token))
      .expect(200);
    expect(requeued.body).toMatchObject({ id: failed.id, status: 'queued', attempts: 0 });
    await t.deliverMail();
    expect(mail.to('long-gone@example.org')).toHaveLength(1);

    const audit = await t
      .http()
      .get(`/api/v1/admin/audit?entity=outbox_message&entityId=${failed.id}`)
      .set(auth(admin.token))
      .expect(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'outbox.requeued',
        actor: expect.objectContaining({ id: admin.user.id }),
      }),
    ]);
  });

  describe('every failed message requeued at once, by admins only; other messages are refused', () => {
    let failed: OutboxMessage[];

    beforeAll(async () => {
      failed = [];
      for (const to of ['all-1@example.org', 'all-2@example.org'])
        failed.push(await failWith550(t, mail, to));
    });

    it('refuses anyone but an admin the requeueing of one message or all (403)', async () => {
      await t
        .http()
        .post('/api/v1/admin/outbox/requeue-failed')
        .set(auth(member.token))
        .expect(403);
      await t
        .http()
        .post(`/api/v1/admin/outbox/${failed[0].id}/requeue`)
        .set(auth(member.token))
        .expect(403);
    });

    it('answers 400 to an id that is not one, and 404 to one that does not exist', async () => {
      await t
        .http()
        .post('/api/v1/admin/outbox/not-a-uuid/requeue')
        .set(auth(admin.token))
        .expect(400);
      await t
        .http()
        .post('/api/v1/admin/outbox/00000000-0000-4000-8000-000000000000/requeue')
        .set(auth(admin.token))
        .expect(404);
    });

    it('refuses to requeue a message that has not failed (409 INVALID_TRANSITION)', async () => {
      const [sent] = await messagesTo(t, 'long-gone@example.org');
      const notFailed = await t
        .http()
        .post(`/api/v1/admin/outbox/${sent.id}/requeue`)
        .set(auth(admin.token))
        .expect(409);
      expect(notFailed.body.code).toBe('INVALID_TRANSITION');
    });

    it('sends nothing for a refused requeue', () => {
      expect(mail.to('all-1@example.org')).toHaveLength(0);
    });

    it('requeues every failed message, says how many, and each is delivered once', async () => {
      const all = await t
        .http()
        .post('/api/v1/admin/outbox/requeue-failed')
        .set(auth(admin.token))
        .expect(200);
      expect(all.body).toEqual({ count: 2 });
      await t.deliverMail();
      expect(mail.to('all-1@example.org')).toHaveLength(1);
      expect(mail.to('all-2@example.org')).toHaveLength(1);
    });

    it('audits the requeueing of each message', async () => {
      const audit = await t
        .http()
        .get('/api/v1/admin/audit?entity=outbox_message&pageSize=100')
        .set(auth(admin.token))
        .expect(200);
      const audited = (audit.body.items as { entityId: string; action: string }[])
        .filter((e) => e.action === 'outbox.requeued')
        .map((e) => e.entityId);
      expect(audited).toEqual(expect.arrayContaining(failed.map((m) => m.id)));
    });
  });

  describe('buttons on /admin/outbox that requeue one or all, with CSRF and a flash that counts', () => {
    let one: OutboxMessage;
    let browser: WebClient;
    let page: { text: string };

    beforeAll(async () => {
      one = await failWith550(t, mail, 'page-1@example.org');
      await failWith550(t, mail, 'page-2@example.org');
      await failWith550(t, mail, 'page-3@example.org');
      browser = new WebClient(t);
      await browser.submit('/signin', { email: admin.user.email, password: PASSWORD });
    });

    it('shows a button for each failed message and one for all', async () => {
      page = await browser.get('/admin/outbox?status=failed').expect(200);
      expect(page.text).toContain(`action="/admin/outbox/${one.id}/requeue"`);
      expect(page.text).toContain('action="/admin/outbox/requeue-failed"');
    });

    it('refuses a requeue without its CSRF token (403), and the message stays failed', async () => {
      expect(
        (await browser.agent.post(`/admin/outbox/${one.id}/requeue`).type('form').send({})).status,
      ).toBe(403);
      expect((await messagesTo(t, 'page-1@example.org'))[0].status).toBe(OutboxStatus.Failed);
    });

    it('requeues one message, and says so in a flash', async () => {
      const single = await browser.agent
        .post(`/admin/outbox/${one.id}/requeue`)
        .type('form')
        .send({ _csrf: csrfIn(page.text) });
      expect(single.status).toBe(303);
      expect(single.headers.location).toBe('/admin/outbox');
      expect((await browser.get('/admin/outbox')).text).toContain('1 message queued again.');
      expect((await messagesTo(t, 'page-1@example.org'))[0].status).toBe(OutboxStatus.Queued);
    });

    it('says in a flash that a message no longer failed cannot be sent again', async () => {
      const again = await browser.agent
        .post(`/admin/outbox/${one.id}/requeue`)
        .type('form')
        .send({ _csrf: csrfIn(page.text) });
      expect(again.status).toBe(303);
      expect((await browser.get('/admin/outbox')).text).toContain(
        'Only a failed message can be sent again.',
      );
    });

    it('requeues all the failed messages, counting them in a flash, and each is delivered once', async () => {
      const all = await browser.submit(
        '/admin/outbox?status=failed',
        {},
        '/admin/outbox/requeue-failed',
      );
      expect(all.status).toBe(303);
      expect((await browser.get('/admin/outbox')).text).toContain('2 messages queued again.');
      await t.deliverMail();
      for (const to of ['page-1@example.org', 'page-2@example.org', 'page-3@example.org'])
        expect(mail.to(to)).toHaveLength(1);
    });

    it('refuses the buttons to a reviewer (403)', async () => {
      const reviewer = new WebClient(t);
      const reviewerUser = await userFactory(t, { role: UserRole.Reviewer });
      await reviewer.submit('/signin', { email: reviewerUser.email, password: PASSWORD });
      const home = await reviewer.get('/account').expect(200);
      expect(
        (
          await reviewer.agent
            .post('/admin/outbox/requeue-failed')
            .type('form')
            .send({ _csrf: csrfIn(home.text) })
        ).status,
      ).toBe(403);
    });
  });
});

describe('one-time links in the outbox', () => {
  it('are redacted from the row once sent, while the delivered link still works', async () => {
    const mail = await new MailCatcher().start();
    const t = await createTestApp({ mail });
    try {
      const email = 'redact-me@example.org';
      await t
        .http()
        .post('/api/v1/accounts')
        .send({ email, password: 'migration and development', name: 'Redact Me' })
        .expect(202);
      const admin = await staffToken(t, UserRole.Admin);
      const before = await t
        .http()
        .get('/api/v1/admin/outbox?status=queued')
        .set(auth(admin.token))
        .expect(200);
      const queued = (
        before.body.items as { recipient: string; payload: Record<string, unknown> }[]
      ).find((m) => m.recipient === email)!;
      expect(queued.payload.actionUrl).toBe('[redacted]');

      await t.deliverMail();
      const { token } = linkIn(await mail.waitFor(email), '/verify-email');
      const row = await rawRow(t, email);
      expect(row.payload).not.toContain(token);
      expect(row.payload).not.toContain('token=');
      expect(JSON.parse(row.payload)).toMatchObject({ name: 'Redact Me', actionUrl: '[redacted]' });
      await t.http().post('/api/v1/accounts/verify').send({ token }).expect(204);
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email, password: 'migration and development' })
        .expect(201);
    } finally {
      await t.close();
      await mail.stop();
    }
  });

  it('stay out of lastError while a message waits, and out of the admin page', async () => {
    const mail = await new MailCatcher().start();
    // A retry a minute away: on a loaded machine the suite's 10 ms would come due within the same drain.
    const t = await createTestApp({ mail, env: { MAIL_RETRY_BASE_MS: '60000' } });
    try {
      const email = 'reset-waits@example.org';
      await userFactory(t, { email });
      mail.refuseNextQuotingLink(451);
      await t.http().post('/api/v1/password-resets').send({ email }).expect(202);
      await t.deliverMail();
      const [waiting] = await messagesTo(t, email);
      expect(waiting.status).toBe(OutboxStatus.Queued);
      const token = new URL(waiting.payload.actionUrl as string).searchParams.get('token')!;
      const { lastError } = await rawRow(t, email);
      expect(lastError).toContain('451');
      expect(lastError).toContain('[redacted]');
      expect(lastError).not.toContain(token);

      const admin = await userFactory(t, { role: UserRole.Admin });
      const browser = new WebClient(t);
      await browser.submit('/signin', { email: admin.email, password: PASSWORD });
      const page = await browser.get('/admin/outbox').expect(200);
      expect(page.text).toContain('reset-password');
      expect(page.text).not.toContain(token);
    } finally {
      await t.close();
      await mail.stop();
    }
  });

  it('without SMTP_URL stay in the .eml file (the developer mailbox) and leave the row', async () => {
    const t = await createTestApp();
    try {
      const email = 'dev-mailbox@example.org';
      await t
        .http()
        .post('/api/v1/accounts')
        .send({ email, password: 'migration and development', name: 'Dev Box' })
        .expect(202);
      await t.deliverMail();
      const [file] = readdirSync(t.mailDir).filter((f) => f.endsWith('.eml'));
      const eml = readFileSync(join(t.mailDir, file), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=3D/g, '=');
      const token = /verify-email\?token=([A-Za-z0-9_-]+)/.exec(eml)![1];
      expect((await rawRow(t, email)).payload).not.toContain(token);
      await t.http().post('/api/v1/accounts/verify').send({ token }).expect(204);
    } finally {
      await t.close();
    }
  });
});

describe('outbox retention: the content of messages sent more than MAIL_RETENTION_DAYS ago is pruned, recent ones kept', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let queued: OutboxMessage;
  let old: OutboxMessage;
  let recent: OutboxMessage;
  let oldFailed: OutboxMessage;
  const stored = (id: string) => t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id });

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    for (const to of ['old@example.org', 'recent@example.org', 'queued@example.org'])
      await queue(t, to);
    [queued] = await messagesTo(t, 'queued@example.org');
    await t.transactions.run((manager) =>
      manager.update(
        OutboxMessage,
        { id: queued.id },
        { nextAttemptAt: new Date(Date.now() + 365 * DAY) },
      ),
    );
    await t.deliverMail();
    oldFailed = await failWith550(t, mail, 'old-failed@example.org');
    [old] = await messagesTo(t, 'old@example.org');
    [recent] = await messagesTo(t, 'recent@example.org');
    const now = t.clock.now().getTime();
    await t.transactions.run(async (manager) => {
      await manager.update(OutboxMessage, { id: old.id }, { sentAt: new Date(now - 91 * DAY) });
      await manager.update(OutboxMessage, { id: recent.id }, { sentAt: new Date(now - 89 * DAY) });
      await manager.update(
        OutboxMessage,
        { id: oldFailed.id },
        { queuedAt: new Date(now - 91 * DAY) },
      );
    });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('prunes the message sent and the one failed before the retention period, and counts them', async () => {
    expect(await t.app.get(OutboxService).prune()).toBe(2);
  });

  it('keeps the recipient and status of a pruned message, and empties its content in the database', async () => {
    const pruned = await stored(old.id);
    expect(pruned).toMatchObject({
      payload: {},
      status: OutboxStatus.Sent,
      recipient: 'old@example.org',
    });
    expect(pruned.prunedAt).not.toBeNull();
    expect(JSON.parse((await rawRow(t, 'old@example.org')).payload)).toEqual({});
  });

  it('keeps the content of a message sent within the period, and of one still queued', async () => {
    expect((await stored(recent.id)).payload).toMatchObject({ name: 'Ana' });
    expect((await stored(queued.id)).payload).toMatchObject({ name: 'Ana' });
  });

  it('empties a failed message queued before the period', async () => {
    expect((await stored(oldFailed.id)).payload).toEqual({});
  });

  it('prunes nothing twice', async () => {
    expect(await t.app.get(OutboxService).prune()).toBe(0);
  });

  it('refuses to requeue a pruned message (409)', async () => {
    const admin = await staffToken(t, UserRole.Admin);
    await t
      .http()
      .post(`/api/v1/admin/outbox/${oldFailed.id}/requeue`)
      .set(auth(admin.token))
      .expect(409);
  });
});

describe('a flood of mail to one recipient', () => {
  let mail: MailCatcher;
  let t: TestApp;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail, env: { MAIL_PER_RECIPIENT_PER_HOUR: '3' } });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('is held back past MAIL_PER_RECIPIENT_PER_HOUR, never dropped; staff and account mail go at once', async () => {
    const to = 'flooded@example.org';
    for (let i = 0; i < 7; i++) await queue(t, to);
    await queue(t, to, MailKind.Staff);
    await queue(t, to, MailKind.Account);
    await t.deliverMail();
    expect(mail.to(to)).toHaveLength(5);
    const held = (await messagesTo(t, to)).filter((m) => m.status !== OutboxStatus.Sent);
    expect(held).toHaveLength(4);
    for (const message of held) {
      expect(message).toMatchObject({
        status: OutboxStatus.Queued,
        kind: MailKind.Notification,
        attempts: 0,
      });
      expect(message.nextAttemptAt.getTime()).toBeGreaterThan(
        t.clock.now().getTime() + 59 * MINUTE,
      );
    }
    await t.deliverMail();
    expect(mail.to(to)).toHaveLength(5);

    t.clock.advance(HOUR + MINUTE);
    await t.deliverMail();
    expect(mail.to(to)).toHaveLength(8);
    t.clock.advance(HOUR + MINUTE);
    await t.deliverMail();
    expect(mail.to(to)).toHaveLength(9);
    expect((await messagesTo(t, to)).every((m) => m.status === OutboxStatus.Sent)).toBe(true);
  });

  it('does not slow or refuse registrations; the registering member gets every message later', async () => {
    const admin = await staffToken(t, UserRole.Admin);
    const consultation = await publishedConsultation(t, admin.token, { requiresApproval: true });
    const cso = await focalPointWithOrganisation(t);
    const participants = Array.from({ length: 5 }, () => participant());
    const ids: string[] = [];
    for (const p of participants) {
      const created = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(cso.token))
        .send({ organisationId: cso.organisation.id, participant: p })
        .expect(201);
      expect(created.body.status).toBe('pending');
      ids.push(created.body.id as string);
    }
    await t.deliverMail();
    for (const p of participants) expect(mail.to(p.email)).toHaveLength(1);
    expect(mail.to(cso.user.email)).toHaveLength(3);

    // What staff decide reaches a flooded inbox at once.
    const reviewer = await staffToken(t, UserRole.Reviewer);
    await t
      .http()
      .post(`/api/v1/registrations/${ids[0]}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'approve' })
      .expect(200);
    await t.deliverMail();
    expect(mail.to(cso.user.email)).toHaveLength(4);
    expect(mail.to(cso.user.email).at(-1)!.subject).toContain('Confirmed');

    t.clock.advance(HOUR + MINUTE);
    await t.deliverMail();
    expect(mail.to(cso.user.email)).toHaveLength(6);
    expect(new Set(mail.to(cso.user.email).map((m) => m.subject)).size).toBe(6);
  });
});

describe('the outbox retention migration finds the one-time links of messages written before it', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof staffToken>>;
  let sentId = '';
  let queuedId = '';
  const link = (token: string) => `${'http://convene.test'}/verify-email?token=${token}&lang=en`;
  const stored = (id: string) => t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ id });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
    const p = (n: number) => (onPostgres ? `$${n}` : '?');
    const runner = t.dataSource.createQueryRunner();
    try {
      const migration = new OutboxRetention1764547200000();
      await migration.down(runner);
      // Two messages as the earlier code wrote them: the link in clear, no secret keys.
      for (const [status, token] of [
        ['sent', 'sent-token-123'],
        ['queued', 'queued-token-456'],
      ]) {
        const id = crypto.randomUUID();
        await runner.query(
          `INSERT INTO outbox_messages (id, recipient, template, locale, payload, status, attempts, "nextAttemptAt", "createdAt")
           VALUES (${p(1)}, ${p(2)}, 'verify-email', 'en', ${p(3)}, ${p(4)}, 0, ${p(5)}, ${p(6)})`,
          [
            id,
            `old-${status}@example.org`,
            JSON.stringify({ name: 'Old', actionUrl: link(token) }),
            status,
            new Date().toISOString().replace('T', ' ').replace('Z', ''),
            new Date().toISOString().replace('T', ' ').replace('Z', ''),
          ],
        );
        if (status === 'sent') sentId = id;
        else queuedId = id;
      }
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  });
  afterAll(() => t.close());

  it('redacts the link of a message already sent, and marks it as account mail', async () => {
    const sent = await stored(sentId);
    expect(sent.payload).toEqual({ name: 'Old', actionUrl: '[redacted]' });
    expect(sent.kind).toBe(MailKind.Account);
  });

  it('keeps the link of a message still queued, marked as a secret to redact once sent', async () => {
    const queued = await stored(queuedId);
    expect(queued.payload.actionUrl).toBe(link('queued-token-456'));
    expect(queued.secretKeys).toEqual(['actionUrl']);
  });

  it('shows neither token to admins', async () => {
    const listed = await t
      .http()
      .get('/api/v1/admin/outbox?pageSize=100')
      .set('Authorization', `Bearer ${admin.token}`)
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toMatch(/token-(123|456)/);
  });
});

describe('the mail worker at shutdown', () => {
  it('finishes the message it is sending and puts back, unsent and uncounted, the rest it had claimed', async () => {
    const mail = await new MailCatcher().start();
    const t = await createTestApp({ mail });
    try {
      const users = await Promise.all([1, 2, 3].map(() => userFactory(t)));
      for (const user of users)
        await t.http().post('/api/v1/password-resets').send({ email: user.email }).expect(202);
      const release = mail.hold();
      const draining = t.worker.drain();
      for (let i = 0; i < 100 && mail.deliveries < 1; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(mail.deliveries).toBe(1);
      const stopping = t.worker.beforeApplicationShutdown();
      release();
      await stopping;
      await draining;
      const messages = await t.dataSource
        .getRepository(OutboxMessage)
        .find({ where: { template: 'reset-password' } });
      expect(messages.map((m) => m.status).sort()).toEqual([
        OutboxStatus.Queued,
        OutboxStatus.Queued,
        OutboxStatus.Sent,
      ]);
      for (const m of messages.filter((m) => m.status === OutboxStatus.Queued))
        expect(m.attempts).toBe(0);
      expect(mail.deliveries).toBe(1);
    } finally {
      await t.close();
      await mail.stop();
    }
  });
});
