import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutboxMessage, OutboxStatus } from '../src/mail/outbox-message.entity';
import { OutboxService } from '../src/mail/outbox.service';
import { UserRole } from '../src/accounts/user.entity';
import { tokenFor, userFactory } from './support/factories';
import { onPostgres } from './support/databases';
import { MailCatcher } from './support/mail-catcher';
import { createTestApp, TestApp } from './support/test-app';

function queue(t: TestApp, to: string) {
  const outbox = t.app.get(OutboxService);
  return t.transactions.run((manager) =>
    outbox.enqueue(manager, {
      to,
      template: 'password-changed',
      locale: 'en',
      payload: { name: 'Ana', resetUrl: 'http://convene.test/forgot-password' },
    }),
  );
}

async function messageTo(t: TestApp, recipient: string): Promise<OutboxMessage> {
  return t.dataSource.getRepository(OutboxMessage).findOneByOrFail({ recipient });
}

/** Drains until the message settles; back-off in tests is 10 ms, doubling. */
async function deliverUntilSettled(t: TestApp, recipient: string): Promise<OutboxMessage> {
  for (let i = 0; i < 100; i++) {
    await t.deliverMail();
    const message = await messageTo(t, recipient);
    if (message.status === OutboxStatus.Sent || message.status === OutboxStatus.Failed)
      return message;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('message never settled');
}

describe('the outbox', () => {
  let mail: MailCatcher;
  let t: TestApp;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('retries a 451 with back-off and delivers once: attempts = 3', async () => {
    mail.refuseNext(451, 451);
    await queue(t, 'retry@example.org');
    const message = await deliverUntilSettled(t, 'retry@example.org');
    expect(message.status).toBe(OutboxStatus.Sent);
    expect(message.attempts).toBe(3);
    expect(message.lastError).toBeNull();
    expect(mail.to('retry@example.org')).toHaveLength(1);
    await t.deliverMail();
    expect(mail.to('retry@example.org')).toHaveLength(1);
  });

  it('fails a 550 at once, without retrying', async () => {
    mail.refuseNext(550);
    const deliveriesBefore = mail.deliveries;
    await queue(t, 'gone@example.org');
    const message = await deliverUntilSettled(t, 'gone@example.org');
    expect(message.status).toBe(OutboxStatus.Failed);
    expect(message.attempts).toBe(1);
    expect(message.lastError).toContain('550');
    await t.deliverMail();
    expect(mail.deliveries - deliveriesBefore).toBe(1);
    expect(mail.to('gone@example.org')).toHaveLength(0);
  });

  it('keeps mail queued while the SMTP server is down, and sends it when it is back', async () => {
    await mail.stop();
    await queue(t, 'outage@example.org');
    await t.deliverMail();
    const waiting = await messageTo(t, 'outage@example.org');
    expect(waiting.status).toBe(OutboxStatus.Queued);
    expect(waiting.lastError).toMatch(/ECONNREFUSED|connect/i);
    mail = await new MailCatcher().start(mail.port);
    const sent = await deliverUntilSettled(t, 'outage@example.org');
    expect(sent.status).toBe(OutboxStatus.Sent);
    expect(mail.to('outage@example.org')).toHaveLength(1);
  });

  it('sends nothing for a change that rolled back', async () => {
    await expect(
      t.transactions.run(async (manager) => {
        await t.app.get(OutboxService).enqueue(manager, {
          to: 'rolled-back@example.org',
          template: 'password-changed',
          locale: 'en',
          payload: {},
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await t.deliverMail();
    expect(
      await t.dataSource
        .getRepository(OutboxMessage)
        .countBy({ recipient: 'rolled-back@example.org' }),
    ).toBe(0);
    expect(mail.to('rolled-back@example.org')).toHaveLength(0);
  });

  it('puts back a message left "sending" by a crashed worker, and sends it once', async () => {
    await queue(t, 'crash@example.org');
    const message = await messageTo(t, 'crash@example.org');
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    await t.transactions.run((manager) =>
      manager.update(
        OutboxMessage,
        { id: message.id },
        {
          status: OutboxStatus.Sending,
          claimToken: 'dead-worker',
          claimedAt: longAgo,
          attempts: 1,
        },
      ),
    );
    const sent = await deliverUntilSettled(t, 'crash@example.org');
    expect(sent.status).toBe(OutboxStatus.Sent);
    expect(sent.attempts).toBe(2);
    expect(mail.to('crash@example.org')).toHaveLength(1);
  });

  it('lets admins read the outbox, and nobody else', async () => {
    const admin = await userFactory(t, { role: UserRole.Admin });
    const member = await userFactory(t);
    const list = await t
      .http()
      .get('/api/v1/admin/outbox?status=sent')
      .set('Authorization', `Bearer ${await tokenFor(t, admin)}`)
      .expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((m: { status: string }) => m.status === 'sent')).toBe(true);
    expect(list.body).toMatchObject({ page: 1, pageSize: 50 });
    await t
      .http()
      .get('/api/v1/admin/outbox')
      .set('Authorization', `Bearer ${await tokenFor(t, member)}`)
      .expect(403);
    await t
      .http()
      .get('/api/v1/admin/outbox?status=lost')
      .set('Authorization', `Bearer ${await tokenFor(t, admin)}`)
      .expect(400);
  });
});

describe('the outbox without SMTP_URL', () => {
  it('writes each message as an .eml file and keeps it in the outbox', async () => {
    const t = await createTestApp();
    try {
      await queue(t, 'file@example.org');
      await t.deliverMail();
      const message = await messageTo(t, 'file@example.org');
      expect(message.status).toBe(OutboxStatus.Sent);
      const files = readdirSync(t.mailDir).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const eml = readFileSync(join(t.mailDir, files[0]), 'utf8');
      expect(eml).toContain('To: file@example.org');
      expect(eml).toContain(`Message-ID: <${message.id}@convene>`);
    } finally {
      await t.close();
    }
    expect(existsSync(t.mailDir)).toBe(false);
  });
});

(onPostgres ? describe : describe.skip)('two app instances on one PostgreSQL database', () => {
  it('send each message exactly once', async () => {
    const mail = await new MailCatcher().start();
    const first = await createTestApp({ mail });
    const second = await createTestApp({ mail, database: first.database });
    try {
      const recipients = Array.from({ length: 40 }, (_, i) => `twice-${i}@example.org`);
      for (const to of recipients) await queue(first, to);
      const [a, b] = await Promise.all([first.deliverMail(), second.deliverMail()]);
      expect(a + b).toBe(40);
      const ids = mail.messages.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(40);
      expect(ids).toHaveLength(40);
    } finally {
      await second.close();
      await first.close();
      await mail.stop();
    }
  });
});
