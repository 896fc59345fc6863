import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { User, UserRole } from '../src/accounts/user.entity';
import { AccreditationDocument } from '../src/accreditation/accreditation-document.entity';
import {
  AccreditationRequest,
  AccreditationStatus,
} from '../src/accreditation/accreditation-request.entity';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { RetentionSteps } from '../src/data-protection/retention-steps';
import { OutboxService } from '../src/mail/outbox.service';
import { Membership, MembershipRole } from '../src/organisations/membership.entity';
import { MyDataResponse } from '../src/personal-data/my-data.responses';
import { RetentionJob } from '../src/personal-data/retention.job';
import { Registration } from '../src/registrations/registration.entity';
import { participant, publishedConsultation } from './support/consultations';
import { onPostgres } from './support/databases';
import { PASSWORD, tokenFor, userFactory } from './support/factories';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { sessionCookie, WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;
const p = (n: number) => (onPostgres ? `$${n}` : '?');

async function register(
  t: TestApp,
  token: string,
  consultationId: string,
  organisationId: string,
  overrides: Parameters<typeof participant>[0] = {},
) {
  const response = await t
    .http()
    .post(`/api/v1/consultations/${consultationId}/registrations`)
    .set(auth(token))
    .send({ organisationId, participant: participant(overrides) })
    .expect(201);
  return response.body as { id: string; status: string };
}

async function signedInBrowser(t: TestApp, user: User) {
  const browser = new WebClient(t);
  const signedIn = await browser.submit('/signin', { email: user.email, password: PASSWORD });
  expect(signedIn.status).toBe(303);
  return { browser, cookie: sessionCookie(signedIn)! };
}

describe('personal data', () => {
  let t: TestApp;
  let admin: { user: User; token: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  describe('your data export', () => {
    it('holds the user’s records and nothing of anyone else', async () => {
      const consultation = await publishedConsultation(t, admin.token);
      const a = await focalPointWithOrganisation(t);
      const b = await focalPointWithOrganisation(t);
      const registeredByA = await register(t, a.token, consultation.id, a.organisation.id, {
        name: 'Awa Entered-By-A',
      });
      // B registers A as a participant: A's record, but who B is stays B's.
      const aAsParticipant = await register(t, b.token, consultation.id, b.organisation.id, {
        name: a.user.name,
        email: a.user.email,
      });
      const bOwn = await register(t, b.token, consultation.id, b.organisation.id, {
        name: 'Bintou Of-B',
      });

      const funding = (body: object) => ({
        lines: [{ kind: 'airfare', amount: '500.00' }],
        currency: 'USD',
        departureCity: 'Dakar',
        departureCountry: 'SN',
        justification: 'No budget for international travel.',
        ...body,
      });
      const applied = await t
        .http()
        .post(`/api/v1/registrations/${registeredByA.id}/funding-applications`)
        .set(auth(a.token))
        .send(funding({}))
        .expect(201);
      await t
        .http()
        .post(`/api/v1/registrations/${bOwn.id}/funding-applications`)
        .set(auth(b.token))
        .send(funding({ justification: 'Justification written by B only.' }))
        .expect(201);

      const response = await t.http().get('/api/v1/me/data').set(auth(a.token)).expect(200);
      const data = response.body as MyDataResponse;
      expect(data.account).toMatchObject({ id: a.user.id, email: a.user.email });
      expect((data.account as unknown as Record<string, unknown>).passwordHash).toBeUndefined();
      expect(data.memberships).toEqual([
        expect.objectContaining({ organisationId: a.organisation.id, role: 'focal_point' }),
      ]);
      const ids = (data.registrations as { id: string }[]).map((r) => r.id).sort();
      expect(ids).toEqual([registeredByA.id, aAsParticipant.id].sort());
      expect(data.registrations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: registeredByA.id,
            asRegistrant: true,
            asParticipant: false,
            participantName: 'Awa Entered-By-A',
          }),
          expect.objectContaining({
            id: aAsParticipant.id,
            asParticipant: true,
            asRegistrant: false,
          }),
        ]),
      );
      expect(data.fundingApplications).toEqual([
        expect.objectContaining({ id: applied.body.id, requestedMinor: 50_000, currency: 'USD' }),
      ]);
      expect(data.auditEvents.length).toBeGreaterThan(0);
      for (const event of data.auditEvents)
        expect(Object.keys(event).sort()).toEqual(['action', 'at']);

      const text = JSON.stringify(data);
      expect(text).not.toContain(b.user.email);
      expect(text).not.toContain(b.user.name);
      expect(text).not.toContain(b.user.id);
      expect(text).not.toContain(b.organisation.name);
      expect(text).not.toContain(bOwn.id);
      expect(text).not.toContain('Bintou Of-B');
      expect(text).not.toContain('Justification written by B only.');
      expect(text).not.toContain(admin.token);
    });

    it('offers the same data as a download on /account/data', async () => {
      const user = await userFactory(t);
      const { browser } = await signedInBrowser(t, user);
      const page = await browser.get('/account/data').expect(200);
      expect(page.text).toContain('href="/account/data.json"');
      const file = await browser.get('/account/data.json').expect(200);
      expect(file.headers['content-disposition']).toMatch(
        /attachment; filename="convene-my-data.json"/,
      );
      expect(JSON.parse(file.text)).toMatchObject({ account: { id: user.id, email: user.email } });
    });

    it('is for signed-in users only', async () => {
      await t.http().get('/api/v1/me/data').expect(401);
    });
  });

  describe('deleting an account', () => {
    it('refuses a wrong password or a missing confirmation and changes nothing', async () => {
      const user = await userFactory(t);
      const token = await tokenFor(t, user);
      await t
        .http()
        .delete('/api/v1/me')
        .set(auth(token))
        .send({ password: 'not the password at all', confirmed: true })
        .expect(400);
      await t.http().delete('/api/v1/me').set(auth(token)).send({ password: PASSWORD }).expect(400);
      await t
        .http()
        .delete('/api/v1/me')
        .set(auth(token))
        .send({ password: PASSWORD, confirmed: true, extra: 1 })
        .expect(400);
      const row = await t.dataSource.getRepository(User).findOneByOrFail({ id: user.id });
      expect(row).toMatchObject({ email: user.email, name: user.name, disabledAt: null });
      await t.http().get('/api/v1/me/data').set(auth(token)).expect(200);
    });

    it('ends access at once and leaves no email or name in the person’s rows', async () => {
      const consultation = await publishedConsultation(t, admin.token);
      const person = await focalPointWithOrganisation(t);
      const registration = await register(t, person.token, consultation.id, person.organisation.id);
      const { cookie } = await signedInBrowser(t, person.user);
      await t.http().get('/api/v1/me/data').set('Cookie', cookie).expect(200);
      const other = await tokenFor(t, person.user);

      await t
        .http()
        .delete('/api/v1/me')
        .set(auth(person.token))
        .send({ password: PASSWORD, confirmed: true })
        .expect(204);
      const sessions = await t.dataSource.query(
        `SELECT id FROM http_sessions WHERE "userId" = ${p(1)}`,
        [person.user.id],
      );
      expect(sessions).toEqual([]);

      await t.http().get('/api/v1/me/data').set(auth(person.token)).expect(401);
      await t.http().get('/api/v1/me/data').set(auth(other)).expect(401);
      await t.http().get('/api/v1/me/data').set('Cookie', cookie).expect(401);
      await t
        .http()
        .post('/api/v1/tokens')
        .send({ email: person.user.email, password: PASSWORD })
        .expect(401);

      const { email, name, id } = person.user;
      const q = (sql: string, params: unknown[]) => t.dataSource.query(sql, params);
      const [user] = await q(`SELECT * FROM users WHERE id = ${p(1)}`, [id]);
      expect(user).toMatchObject({ email: `deleted-${id}@invalid`, name: 'deleted user' });
      expect(user.disabledAt).not.toBeNull();
      expect(JSON.stringify(user)).not.toContain(email);
      expect(await q(`SELECT * FROM memberships WHERE "userId" = ${p(1)}`, [id])).toEqual([]);
      expect(await q(`SELECT * FROM api_tokens WHERE "userId" = ${p(1)}`, [id])).toEqual([]);
      const made = await q(`SELECT * FROM registrations WHERE "registeredById" = ${p(1)}`, [id]);
      expect(made.map((r: { id: string }) => r.id)).toEqual([registration.id]);
      const rows = JSON.stringify([
        made,
        await q(`SELECT * FROM audit_events WHERE "actorId" = ${p(1)} OR "entityId" = ${p(2)}`, [
          id,
          id,
        ]),
        await q(`SELECT * FROM outbox_messages`, []),
        await q(`SELECT * FROM invitations`, []),
      ]);
      expect(rows).not.toContain(email);
      expect(rows).not.toContain(name);
      const deleted = await t.dataSource
        .getRepository(AuditEvent)
        .findOneByOrFail({ action: 'user.deleted', entityId: id });
      expect(deleted.details).toEqual({});
      // The organisation's records keep the registration, named by the deleted user's id.
      await t
        .http()
        .get(`/api/v1/registrations/${registration.id}`)
        .set(auth(admin.token))
        .expect(200);
    });

    it('refuses the last focal point of an organisation with other members (409)', async () => {
      const focal = await focalPointWithOrganisation(t);
      const member = await userFactory(t);
      await t.transactions.run((m) =>
        m.save(
          m.create(Membership, {
            userId: member.id,
            organisationId: focal.organisation.id,
            role: MembershipRole.Member,
          }),
        ),
      );
      const refused = await t
        .http()
        .delete('/api/v1/me')
        .set(auth(focal.token))
        .send({ password: PASSWORD, confirmed: true })
        .expect(409);
      expect(refused.body.message).toContain(focal.organisation.name);
      await t.http().get('/api/v1/me/data').set(auth(focal.token)).expect(200);
      expect(await t.dataSource.getRepository(Membership).countBy({ userId: focal.user.id })).toBe(
        1,
      );

      await t.transactions.run((m) =>
        m.update(Membership, { userId: member.id }, { role: MembershipRole.FocalPoint }),
      );
      await t
        .http()
        .delete('/api/v1/me')
        .set(auth(focal.token))
        .send({ password: PASSWORD, confirmed: true })
        .expect(204);
    });

    it('lets the sole member of an organisation delete (the organisation stays)', async () => {
      const sole = await focalPointWithOrganisation(t);
      await t
        .http()
        .delete('/api/v1/me')
        .set(auth(sole.token))
        .send({ password: PASSWORD, confirmed: true })
        .expect(204);
      await t
        .http()
        .get(`/api/v1/organisations/${sole.organisation.id}`)
        .set(auth(admin.token))
        .expect(200);
    });

    it('deletes from /account/data with password and confirmation, then signs out', async () => {
      const user = await userFactory(t);
      const { browser, cookie } = await signedInBrowser(t, user);
      const unconfirmed = await browser.submit(
        '/account/data',
        { password: PASSWORD },
        '/account/delete',
      );
      expect(unconfirmed.status).toBe(400);
      expect(unconfirmed.text).toContain('Tick the box');
      const done = await browser.submit(
        '/account/data',
        { password: PASSWORD, confirmed: 'true' },
        '/account/delete',
      );
      expect([done.status, done.status === 303 ? '' : done.text]).toEqual([303, '']);
      expect(done.headers.location).toMatch(/^\/account\/deleted/);
      await t.http().get('/api/v1/me/data').set('Cookie', cookie).expect(401);
      const row = await t.dataSource.getRepository(User).findOneByOrFail({ id: user.id });
      expect(row.email).toBe(`deleted-${user.id}@invalid`);
    });
  });

  describe('the published participant list', () => {
    it('shows only consenting confirmed participants, and is 404 before publication', async () => {
      const consultation = await publishedConsultation(t, admin.token);
      const org = await focalPointWithOrganisation(t, { country: 'KE' });
      await register(t, org.token, consultation.id, org.organisation.id, {
        name: 'Named Participant',
        publishConsent: true,
      });
      await register(t, org.token, consultation.id, org.organisation.id, {
        name: 'Unnamed Participant',
        publishConsent: false,
      });
      const cancelled = await register(t, org.token, consultation.id, org.organisation.id, {
        name: 'Cancelled Participant',
        publishConsent: true,
      });
      await t
        .http()
        .post(`/api/v1/registrations/${cancelled.id}/cancel`)
        .set(auth(org.token))
        .expect(200);

      await t.http().get(`/api/v1/consultations/${consultation.id}/participants`).expect(404);
      await t.http().get(`/consultations/${consultation.id}/participants`).expect(404);
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/participants/publish`)
        .set(auth(org.token))
        .send({ published: true })
        .expect(403);
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/participants/publish`)
        .set(auth(admin.token))
        .send({ published: 'yes' })
        .expect(400);
      expect(
        (await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: consultation.id }))
          .participantsPublished,
      ).toBe(false);

      const published = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/participants/publish`)
        .set(auth(admin.token))
        .send({ published: true })
        .expect(200);
      expect(published.body).toEqual({
        consultationId: consultation.id,
        participantsPublished: true,
      });

      const list = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/participants`)
        .expect(200);
      expect(list.body.participants).toEqual([
        { name: 'Named Participant', organisation: org.organisation.name, country: 'KE' },
      ]);
      const page = await t.http().get(`/consultations/${consultation.id}/participants`).expect(200);
      expect(page.text).toContain('Named Participant');
      expect(page.text).not.toContain('Unnamed Participant');
      expect(page.text).not.toContain('Cancelled Participant');
      const consultationPage = await t.http().get(`/consultations/${consultation.id}`).expect(200);
      expect(consultationPage.text).toContain(
        `href="/consultations/${consultation.id}/participants"`,
      );

      // The admin consultation page withdraws it with its toggle.
      const { browser } = await signedInBrowser(t, admin.user);
      const adminPage = `/admin/consultations/${consultation.id}`;
      expect((await browser.get(adminPage).expect(200)).text).toContain('Withdraw the list');
      const withdrawn = await browser.submit(
        adminPage,
        { published: 'false' },
        `${adminPage}/participants/publish`,
      );
      expect(withdrawn.status).toBe(303);
      await t.http().get(`/api/v1/consultations/${consultation.id}/participants`).expect(404);
      expect((await browser.get(adminPage).expect(200)).text).toContain('Publish the list');
    });
  });
});

describe('the retention job', () => {
  let t: TestApp;
  let admin: { user: User; token: string };
  let uploads: string;

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), 'convene-retention-uploads-'));
    t = await createTestApp({ env: { UPLOAD_DIR: uploads } });
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(async () => {
    await t.close();
    rmSync(uploads, { recursive: true, force: true });
  });

  async function rejectedRequestWithDocument(status: AccreditationStatus, decidedAt: Date) {
    const org = await focalPointWithOrganisation(t);
    const requestId = randomUUID();
    const storedName = `${randomUUID()}.pdf`;
    mkdirSync(uploads, { recursive: true });
    writeFileSync(join(uploads, storedName), '%PDF-1.4 test');
    await t.transactions.run(async (m) => {
      await m.insert(AccreditationRequest, {
        id: requestId,
        organisationId: org.organisation.id,
        submittedById: org.user.id,
        motivation: 'A motivation long enough for the record.',
        migrationActivities: 'Activities.',
        status,
        submittedAt: new Date(decidedAt.getTime() - DAY),
        decidedAt,
      });
      await m.insert(AccreditationDocument, {
        requestId,
        kind: 'statutes',
        originalName: 'statutes.pdf',
        storedName,
        size: 13,
        sha256: '0'.repeat(64),
        uploadedById: org.user.id,
      });
    });
    return { requestId, file: join(uploads, storedName) };
  }

  it('erases exactly what the policy says, at its boundaries, and a second run changes nothing', async () => {
    const job = t.app.get(RetentionJob);
    expect(t.app.get(RetentionSteps).names()).toEqual(
      expect.arrayContaining(['participantContacts', 'accreditationDocuments']),
    );
    const early = await publishedConsultation(t, admin.token);
    const late = await publishedConsultation(t, admin.token, {
      endsAt: new Date(Date.now() + 120 * DAY).toISOString(),
    });
    const org = await focalPointWithOrganisation(t);
    const earlyRegistrations = [
      await register(t, org.token, early.id, org.organisation.id, {
        name: 'Early One',
        accessibilityNeeds: 'Wheelchair access',
      }),
      await register(t, org.token, early.id, org.organisation.id, { name: 'Early Two' }),
    ];
    const lateRegistration = await register(t, org.token, late.id, org.organisation.id, {
      name: 'Late One',
    });
    const endsAt = (
      await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: early.id })
    ).endsAt;
    const twoYears = endsAt.getTime() + 730 * DAY;

    const decided = new Date(twoYears - 400 * DAY);
    const old = await rejectedRequestWithDocument(AccreditationStatus.Rejected, decided);
    const recent = await rejectedRequestWithDocument(
      AccreditationStatus.Withdrawn,
      new Date(decided.getTime() + 100 * DAY),
    );
    const approved = await rejectedRequestWithDocument(AccreditationStatus.Approved, decided);

    const before = await job.erase(new Date(twoYears - 60_000));
    expect(before).toMatchObject({ participantContacts: 0 });
    expect(before.accreditationDocuments).toBe(1);
    expect(existsSync(old.file)).toBe(false);
    expect(existsSync(recent.file)).toBe(true);
    expect(existsSync(approved.file)).toBe(true);
    const documents = t.dataSource.getRepository(AccreditationDocument);
    expect(await documents.countBy({ requestId: old.requestId })).toBe(0);
    expect(await documents.countBy({ requestId: recent.requestId })).toBe(1);

    const after = await job.erase(new Date(twoYears + 60_000));
    expect(after).toMatchObject({ participantContacts: 2, accreditationDocuments: 0 });
    const registrations = t.dataSource.getRepository(Registration);
    for (const { id } of earlyRegistrations) {
      expect(await registrations.findOneByOrFail({ id })).toMatchObject({
        participantName: 'erased participant',
        participantEmail: `erased-${id}@invalid`,
        position: '',
        accessibilityNeeds: '',
        dietaryNeeds: '',
        participantTokenHash: null,
      });
    }
    expect(await registrations.findOneByOrFail({ id: lateRegistration.id })).toMatchObject({
      participantName: 'Late One',
    });

    const snapshot = JSON.stringify(await registrations.find({ order: { id: 'ASC' } }));
    const again = await job.erase(new Date(twoYears + 60_000));
    expect(again).toEqual({
      participantContacts: 0,
      accreditationDocuments: 0,
      letterPassports: 0,
      letterIdentities: 0,
    });
    expect(JSON.stringify(await registrations.find({ order: { id: 'ASC' } }))).toBe(snapshot);

    const runs = await t.dataSource
      .getRepository(AuditEvent)
      .find({ where: { action: 'retention.ran' }, order: { at: 'ASC' } });
    expect(runs).toHaveLength(3);
    expect(runs[1].details).toMatchObject({ counts: after });
    expect(JSON.stringify(runs)).not.toContain('Early One');
  });

  it('runs once a day across instances: the second claim of the day does nothing', async () => {
    const job = t.app.get(RetentionJob);
    const first = await job.run();
    expect(first).not.toBeNull();
    expect(await job.run()).toBeNull();
    const { browser } = await signedInBrowser(t, admin.user);
    const page = await browser.get('/admin/retention').expect(200);
    expect(page.text).toContain('RETENTION_PARTICIPANT_DAYS');
    expect(page.text).toContain('730');
  });

  it('prunes old .eml files with the outbox', async () => {
    const old = join(t.mailDir, 'old-message.eml');
    const fresh = join(t.mailDir, 'fresh-message.eml');
    writeFileSync(old, 'Subject: old');
    writeFileSync(fresh, 'Subject: fresh');
    const longAgo = new Date(Date.now() - 91 * DAY);
    utimesSync(old, longAgo, longAgo);
    await t.app.get(OutboxService).prune();
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});
