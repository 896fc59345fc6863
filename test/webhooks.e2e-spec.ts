import { In } from 'typeorm';
import { UserRole } from '../src/accounts/user.entity';
import { AuditService } from '../src/audit/audit.service';
import { verifySignature } from '../src/webhooks/signature';
import { DeliveryStatus, WebhookDelivery } from '../src/webhooks/webhook-delivery.entity';
import { WebhookWorker } from '../src/webhooks/webhook.worker';
import { participant, publishedConsultation } from './support/consultations';
import { createTestDatabase, onPostgres, TestDatabase } from './support/databases';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, REQUEST, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';
import { csrfIn, WebClient } from './support/web-client';
import { PASSWORD } from './support/factories';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;
const FLAGGED = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_POLL_MS: '0',
  WEBHOOK_RETRY_BASE_MS: '10',
  WEBHOOK_RETRY_MAX_DELAY_MS: '40',
};

/** Drains the webhook worker until none of `endpointIds`' deliveries waits (back-off is 10–40 ms). */
async function deliverAll(t: TestApp, endpointIds: string[], rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await t.app.get(WebhookWorker).drain();
    const waiting = await t.dataSource.getRepository(WebhookDelivery).countBy({
      endpointId: In(endpointIds),
      status: In([DeliveryStatus.Queued, DeliveryStatus.Sending]),
    });
    if (!waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  throw new Error('deliveries still waiting');
}

async function drainFor(t: TestApp, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await t.app.get(WebhookWorker).drain();
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

describe('webhooks', () => {
  let database: TestDatabase;
  let mail: MailCatcher;
  let t: TestApp;
  let strict: TestApp;
  let receiver: WebhookReceiver;
  let admin: Awaited<ReturnType<typeof staffToken>>;
  let reviewer: Awaited<ReturnType<typeof staffToken>>;
  let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let consultation: { id: string };

  const create = (app: TestApp, body: object, token = admin.token) =>
    app.http().post('/api/v1/admin/webhooks').set(auth(token)).send(body);
  const register = () =>
    t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant() })
      .expect(201);

  beforeAll(async () => {
    database = await createTestDatabase();
    mail = await new MailCatcher().start();
    receiver = await new WebhookReceiver().start();
    t = await createTestApp({ database, mail, env: FLAGGED });
    strict = await createTestApp({
      database,
      env: { ...FLAGGED, WEBHOOK_ALLOW_PRIVATE: 'false' },
    });
    admin = await staffToken(t, UserRole.Admin);
    reviewer = await staffToken(t, UserRole.Reviewer);
    org = await focalPointWithOrganisation(t);
    consultation = await publishedConsultation(t, admin.token, {
      capacity: 5,
      requiresApproval: true,
    });
  });
  afterAll(async () => {
    await strict.close();
    await t.close();
    await database.drop();
    await receiver.stop();
    await mail.stop();
  });

  it('is for admins only', async () => {
    const body = { url: `${receiver.url}/hook`, events: ['registration.created'] };
    await create(t, body, reviewer.token).expect(403);
    await create(t, body, org.token).expect(403);
    await t.http().post('/api/v1/admin/webhooks').send(body).expect(401);
    await t.http().get('/api/v1/admin/webhooks').set(auth(reviewer.token)).expect(403);
    expect(
      (await t.http().get('/api/v1/admin/webhooks').set(auth(admin.token))).body.items,
    ).toEqual([]);
  });

  it('keeps the admin pages from staff who are not admins', async () => {
    const browser = new WebClient(t);
    await browser
      .submit('/signin', { email: reviewer.user.email, password: PASSWORD })
      .then((r) => expect(r.status).toBe(303));
    await browser.get('/admin/webhooks').expect(403);
    const account = await browser.get('/account').expect(200);
    await browser.agent
      .post('/admin/webhooks')
      .type('form')
      .send({ _csrf: csrfIn(account.text), url: `${receiver.url}/x`, events: 'letter.issued' })
      .expect(403);
    expect(
      (await t.http().get('/api/v1/admin/webhooks').set(auth(admin.token))).body.items,
    ).toEqual([]);
  });

  it.each([
    'http://127.0.0.1/hook',
    'http://127.1.2.3:8080/hook',
    'http://[::1]/hook',
    'http://10.1.2.3/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[fd00::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://100.64.0.1/hook',
    'http://localhost:4000/hook',
  ])('refuses %s without WEBHOOK_ALLOW_PRIVATE, and creates nothing', async (url) => {
    const answer = await create(strict, { url, events: ['registration.created'] }).expect(400);
    expect(JSON.stringify(answer.body.message)).toContain('url');
    expect(
      (await strict.http().get('/api/v1/admin/webhooks').set(auth(admin.token))).body.items,
    ).toEqual([]);
  });

  it('refuses other schemes, credentials in the URL and unknown events', async () => {
    await create(t, { url: 'ftp://example.org/x', events: ['registration.created'] }).expect(400);
    await create(t, {
      url: 'https://user:pw@example.org/x',
      events: ['registration.created'],
    }).expect(400);
    await create(t, { url: `${receiver.url}/hook`, events: ['registration.deleted'] }).expect(400);
    await create(t, { url: `${receiver.url}/hook`, events: [] }).expect(400);
    await create(t, { url: `${receiver.url}/hook`, events: ['letter.issued'], extra: 1 }).expect(
      400,
    );
  });

  describe('deliveries', () => {
    let endpointId: string;
    let firstSecret: string;
    const eventsSeen: string[] = [];

    it('shows the secret once: at creation, never in the list', async () => {
      const created = await create(t, {
        url: `${receiver.url}/hook`,
        events: [
          'registration.created',
          'registration.updated',
          'registration.cancelled',
          'registration.checked_in',
        ],
      }).expect(201);
      endpointId = created.body.id;
      firstSecret = created.body.secret;
      expect(firstSecret).toMatch(/^whsec_[\w-]{40,}$/);
      receiver.secret = firstSecret;
      const list = await t.http().get('/api/v1/admin/webhooks').set(auth(admin.token)).expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1 });
      expect(list.body.items).toHaveLength(1);
      expect(JSON.stringify(list.body)).not.toContain(firstSecret);
      const audit = await t.dataSource.query(`SELECT details FROM audit_events`);
      expect(JSON.stringify(audit)).not.toContain(firstSecret);
    });

    it('writes no delivery for a change that is rolled back', async () => {
      const registration = await register();
      const audit = t.app.get(AuditService);
      const before = await t.dataSource.getRepository(WebhookDelivery).countBy({ endpointId });
      await expect(
        t.transactions.run(async (manager) => {
          await audit.record(manager, {
            actorId: null,
            action: 'registration.checked_in',
            entity: 'registration',
            entityId: registration.body.id,
          });
          throw new Error('the use case failed after recording');
        }),
      ).rejects.toThrow('failed after recording');
      expect(await t.dataSource.getRepository(WebhookDelivery).countBy({ endpointId })).toBe(
        before,
      );
      await t.dataSource.getRepository(WebhookDelivery).delete({ endpointId });
    });

    it('delivers each event exactly once, signed, across a receiver outage, a restart and two instances', async () => {
      receiver.status = 500;
      const a = await register();
      const b = await register();
      for (const r of [a, b])
        await t
          .http()
          .post(`/api/v1/registrations/${r.body.id}/decisions`)
          .set(auth(reviewer.token))
          .send({ decision: 'approve', reason: 'Fits the programme.' })
          .expect(200);
      await t
        .http()
        .post(`/api/v1/registrations/${a.body.id}/check-in`)
        .set(auth(reviewer.token))
        .expect(200);
      await t
        .http()
        .post(`/api/v1/registrations/${b.body.id}/cancel`)
        .set(auth(org.token))
        .expect(200);
      const rows = await t.dataSource.getRepository(WebhookDelivery).findBy({ endpointId });
      expect(rows.map((r) => r.event).sort()).toEqual([
        'registration.cancelled',
        'registration.checked_in',
        'registration.created',
        'registration.created',
        'registration.updated',
        'registration.updated',
      ]);

      await drainFor(t, 150);
      expect(receiver.received.length).toBeGreaterThanOrEqual(6);
      expect(receiver.received.every((r) => r.answered === 500)).toBe(true);
      const log = await t
        .http()
        .get(`/api/v1/admin/webhooks/${endpointId}/deliveries?pageSize=10`)
        .set(auth(admin.token))
        .expect(200);
      expect(log.body.total).toBe(6);
      expect(log.body.items[0]).toMatchObject({ status: 'queued', lastStatusCode: 500 });
      expect(log.body.items[0].lastDurationMs).toEqual(expect.any(Number));

      await t.close();
      t = await createTestApp({ database, mail, env: FLAGGED });
      // A second instance on the same PostgreSQL database; on SQLite the one instance serialises.
      const twin = onPostgres ? await createTestApp({ database, env: FLAGGED }) : t;
      receiver.status = 200;
      await Promise.all([deliverAll(t, [endpointId]), deliverAll(twin, [endpointId])]);
      await Promise.all([drainFor(t, 100), drainFor(twin, 100)]);
      if (twin !== t) await twin.close();

      const accepted = receiver.accepted();
      expect(accepted.size).toBe(6);
      for (const [, copies] of accepted) expect(copies).toHaveLength(1);
      for (const r of receiver.received) {
        expect(r.headers['convene-event']).toBe(r.body.event);
        expect(r.headers['content-type']).toBe('application/json');
      }
      const ids = new Set(rows.map((r) => r.eventId));
      expect(new Set(accepted.keys())).toEqual(ids);
      for (const [, [delivery]] of accepted) eventsSeen.push(delivery.body.event);
      const checkedIn = [...accepted.values()].find(
        ([d]) => d.body.event === 'registration.checked_in',
      )![0];
      expect(checkedIn.body.data).toMatchObject({
        registrationId: a.body.id,
        consultationId: consultation.id,
        organisationId: org.organisation.id,
        status: 'confirmed',
      });
      const everything = receiver.received.map((r) => r.raw).join('\n');
      expect(everything).not.toContain('@example.org');
      expect(everything).not.toContain('Participant ');
    });

    it('lets a receiver refuse a replay outside the five-minute window (the documented check)', () => {
      const [delivery] = [...receiver.accepted().values()][0];
      const header = delivery.headers['convene-signature'] as string;
      const t0 = Number(/t=(\d+)/.exec(header)![1]);
      expect(verifySignature(firstSecret, header, delivery.raw, t0 + 299)).toBe(true);
      expect(verifySignature(firstSecret, header, delivery.raw, t0 + 301)).toBe(false);
      expect(
        verifySignature(firstSecret, header, delivery.raw.replace('registration', 'x'), t0),
      ).toBe(false);
    });

    it('signs with the new secret once it is rotated, and never with the old one', async () => {
      const rotated = await t
        .http()
        .post(`/api/v1/admin/webhooks/${endpointId}/rotate-secret`)
        .set(auth(admin.token))
        .expect(200);
      expect(rotated.body.secret).not.toBe(firstSecret);
      receiver.secret = rotated.body.secret;
      const before = receiver.received.length;
      await register();
      await deliverAll(t, [endpointId]);
      const last = receiver.received.slice(before);
      expect(last).toHaveLength(1);
      expect(last[0].answered).toBe(200);
      const header = last[0].headers['convene-signature'] as string;
      expect(verifySignature(rotated.body.secret, header, last[0].raw)).toBe(true);
      expect(verifySignature(firstSecret, header, last[0].raw)).toBe(false);
    });

    it('checks the address again at delivery time: an instance without the flag refuses to connect', async () => {
      const before = receiver.received.length;
      await register();
      await drainFor(strict, 100);
      expect(receiver.received.length).toBe(before);
      const waiting = (
        await strict
          .http()
          .get(`/api/v1/admin/webhooks/${endpointId}/deliveries?pageSize=100`)
          .set(auth(admin.token))
          .expect(200)
      ).body.items.filter((d: { status: string }) => d.status === 'queued');
      expect(waiting).toHaveLength(1);
      const [latest] = waiting;
      expect(latest.lastStatusCode).toBeNull();
      expect(latest.lastError).toMatch(/refused/);
      await deliverAll(t, [endpointId]);
      expect(receiver.received.length).toBe(before + 1);
    });

    it('stops and resumes deliveries with the endpoint, and deletes it with its log', async () => {
      await t
        .http()
        .patch(`/api/v1/admin/webhooks/${endpointId}`)
        .set(auth(admin.token))
        .send({ enabled: false })
        .expect(200);
      await register();
      expect(await t.dataSource.getRepository(WebhookDelivery).countBy({ endpointId })).toBe(8);
      await t
        .http()
        .patch(`/api/v1/admin/webhooks/${endpointId}`)
        .set(auth(admin.token))
        .send({ enabled: 'yes' })
        .expect(400);
      await t
        .http()
        .delete(`/api/v1/admin/webhooks/${endpointId}`)
        .set(auth(admin.token))
        .expect(204);
      await t
        .http()
        .get(`/api/v1/admin/webhooks/${endpointId}/deliveries`)
        .set(auth(admin.token))
        .expect(404);
      expect(await t.dataSource.getRepository(WebhookDelivery).countBy({ endpointId })).toBe(0);
    });
  });

  it('announces accreditation and funding decisions with ids and states only', async () => {
    receiver.status = 200;
    const created = await create(t, {
      url: `${receiver.url}/decisions`,
      events: ['accreditation.decided', 'funding.decided'],
    }).expect(201);
    receiver.secret = created.body.secret;
    const applicant = await focalPointWithOrganisation(t, { name: 'Red de Migrantes del Sur' });
    const request = await t
      .http()
      .post(`/api/v1/organisations/${applicant.organisation.id}/accreditation-requests`)
      .set(auth(applicant.token))
      .send(REQUEST)
      .expect(201);
    await t
      .http()
      .post(`/api/v1/accreditation-requests/${request.body.id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'reject', reason: 'No documents.', reasonCode: 'insufficient_documents' })
      .expect(200);
    const funded = await publishedConsultation(t, admin.token);
    const registration = await t
      .http()
      .post(`/api/v1/consultations/${funded.id}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant() })
      .expect(201);
    const application = await t
      .http()
      .post(`/api/v1/registrations/${registration.body.id}/funding-applications`)
      .set(auth(org.token))
      .send({
        lines: [{ kind: 'airfare', amount: '800.00' }],
        currency: 'USD',
        departureCity: 'Dakar',
        departureCountry: 'SN',
        justification: 'No budget for international travel.',
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/funding-applications/${application.body.id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'award', amount: '500.00', reason: 'Within the cap.' })
      .expect(200);
    const before = receiver.received.length;
    await deliverAll(t, [created.body.id]);
    const got = receiver.received.slice(before).map((r) => r.body);
    expect(got.map((b) => b.event).sort()).toEqual(['accreditation.decided', 'funding.decided']);
    expect(got.find((b) => b.event === 'accreditation.decided')!.data).toEqual({
      accreditationRequestId: request.body.id,
      organisationId: applicant.organisation.id,
      status: 'rejected',
    });
    expect(got.find((b) => b.event === 'funding.decided')!.data).toEqual({
      fundingApplicationId: application.body.id,
      registrationId: registration.body.id,
      consultationId: funded.id,
      organisationId: org.organisation.id,
      status: 'awarded',
    });
    expect(JSON.stringify(got)).not.toMatch(/No documents|Within the cap|Dakar/);
    await t
      .http()
      .delete(`/api/v1/admin/webhooks/${created.body.id}`)
      .set(auth(admin.token))
      .expect(204);
  });

  it('disables an endpoint failing for three days and mails the admins, once', async () => {
    receiver.status = 503;
    const created = await create(t, {
      url: `${receiver.url}/failing`,
      events: ['registration.created'],
    }).expect(201);
    receiver.secret = created.body.secret;
    await register();
    await drainFor(t, 60);
    let endpoint = (await t.http().get('/api/v1/admin/webhooks').set(auth(admin.token))).body
      .items[0];
    expect(endpoint).toMatchObject({ enabled: true, failingSince: expect.any(String) });

    t.clock.advance(3 * DAY - 60_000);
    await drainFor(t, 60);
    endpoint = (await t.http().get('/api/v1/admin/webhooks').set(auth(admin.token))).body.items[0];
    expect(endpoint.enabled).toBe(true);

    t.clock.advance(2 * 60_000);
    await drainFor(t, 60);
    endpoint = (await t.http().get('/api/v1/admin/webhooks').set(auth(admin.token))).body.items[0];
    expect(endpoint).toMatchObject({ enabled: false, disabledForFailuresAt: expect.any(String) });
    await t.deliverMail();
    const told = await mail.waitFor(admin.user.email);
    expect(told.subject).toContain('disabled');
    expect(told.text).toContain(`/admin/webhooks/${created.body.id}`);
    const attempts = receiver.received.length;
    await register();
    await drainFor(t, 60);
    expect(receiver.received.length).toBe(attempts);
    expect(mail.to(admin.user.email)).toHaveLength(1);
  });
});
