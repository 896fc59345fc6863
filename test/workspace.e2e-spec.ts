import ExcelJS from 'exceljs';
import { Response } from 'superagent';
import { parse } from 'csv-parse/sync';
import { UserRole } from '../src/accounts/user.entity';
import { AccreditationRequest } from '../src/accreditation/accreditation-request.entity';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { ActionPoint } from '../src/follow-up/action-point.entity';
import { ActionPointUpdate, UpdateKind } from '../src/follow-up/action-point-update.entity';
import { InputCall, CallEligibility } from '../src/inputs/input-call.entity';
import { SubmissionCosigner } from '../src/inputs/submission-cosigner.entity';
import { Submission, SubmissionStatus } from '../src/inputs/submission.entity';
import { Membership, MembershipRole } from '../src/organisations/membership.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Registration } from '../src/registrations/registration.entity';
import { participant, publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, REQUEST, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { PASSWORD } from './support/factories';
import { WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
type Focal = Awaited<ReturnType<typeof focalPointWithOrganisation>>;

/** supertest keeps a binary answer as a Buffer. */
function binary(res: Response, done: (error: Error | null, body: unknown) => void) {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('the staff workspace', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };
  let reviewer: { token: string };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
    reviewer = await staffToken(t);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  async function register(org: Focal, consultationId: string, overrides = {}) {
    const created = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant(overrides) })
      .expect(201);
    return created.body as { id: string; status: string };
  }

  describe('bulk decisions', () => {
    it('approves 30 pending registrations: seats never exceed capacity, counters equal rows, 30 audit events', async () => {
      const consultation = await publishedConsultation(t, admin.token, {
        capacity: 20,
        requiresApproval: true,
      });
      const [a, b] = [await focalPointWithOrganisation(t), await focalPointWithOrganisation(t)];
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await register(i % 2 ? a : b, consultation.id)).id);
      const answer = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations/decisions`)
        .set(auth(reviewer.token))
        .send({ ids, decision: 'approve' })
        .expect(200);
      expect(answer.body.decided).toBe(30);
      expect(answer.body.items.map((i: { id: string }) => i.id)).toEqual(ids);
      const statuses = answer.body.items.map((i: { status: string }) => i.status);
      expect(statuses.filter((s: string) => s === 'confirmed')).toHaveLength(20);
      expect(statuses.filter((s: string) => s === 'waitlisted')).toHaveLength(10);
      const rows = await t.dataSource
        .getRepository(Registration)
        .find({ where: { consultationId: consultation.id } });
      const confirmed = rows.filter((r) => r.status === 'confirmed').length;
      const c = await t.dataSource
        .getRepository(Consultation)
        .findOneByOrFail({ id: consultation.id });
      expect(c.seatsConfirmed).toBe(confirmed);
      expect(confirmed).toBe(20);
      const audits = await t.dataSource.getRepository(AuditEvent).find({
        where: { action: 'registration.approved', entity: 'registration' },
      });
      expect(audits.filter((e) => ids.includes(e.entityId))).toHaveLength(30);

      // Again: each is no longer pending, so each is refused and nothing changes.
      const again = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations/decisions`)
        .set(auth(reviewer.token))
        .send({ ids: ids.slice(0, 2), decision: 'approve' })
        .expect(200);
      expect(again.body.items.map((i: { code: string }) => i.code)).toEqual([
        'INVALID_TRANSITION',
        'INVALID_TRANSITION',
      ]);
    });

    it('moves several pending registrations to the waiting list, in order, without taking a seat', async () => {
      const consultation = await publishedConsultation(t, admin.token, {
        capacity: 5,
        requiresApproval: true,
      });
      const org = await focalPointWithOrganisation(t);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await register(org, consultation.id)).id);
      const answer = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations/decisions`)
        .set(auth(reviewer.token))
        .send({ ids, decision: 'waitlist', reason: 'Seats go to first-time organisations first.' })
        .expect(200);
      expect(answer.body.items.map((i: { status: string }) => i.status)).toEqual([
        'waitlisted',
        'waitlisted',
        'waitlisted',
      ]);
      const c = await t.dataSource
        .getRepository(Consultation)
        .findOneByOrFail({ id: consultation.id });
      expect(c.seatsConfirmed).toBe(0);
      const rows = await t.dataSource
        .getRepository(Registration)
        .find({ where: { consultationId: consultation.id }, order: { waitlistSeq: 'ASC' } });
      expect(rows.map((r) => r.id)).toEqual(ids);
      const audits = await t.dataSource.getRepository(AuditEvent).find({
        where: { action: 'registration.waitlisted', entity: 'registration' },
      });
      expect(audits.filter((e) => ids.includes(e.entityId))).toHaveLength(3);
      const check = await t
        .http()
        .get('/api/v1/admin/counters/check')
        .set(auth(admin.token))
        .expect(200);
      expect(check.body.ok).toBe(true);
    });

    it('needs a reason to reject, and reports ids of another consultation as not found', async () => {
      const consultation = await publishedConsultation(t, admin.token, { requiresApproval: true });
      const other = await publishedConsultation(t, admin.token, { requiresApproval: true });
      const org = await focalPointWithOrganisation(t);
      const mine = await register(org, consultation.id);
      const elsewhere = await register(org, other.id);
      const url = `/api/v1/consultations/${consultation.id}/registrations/decisions`;
      await t
        .http()
        .post(url)
        .set(auth(reviewer.token))
        .send({ ids: [mine.id], decision: 'reject' })
        .expect(400);
      await t
        .http()
        .post(url)
        .set(auth(org.token))
        .send({ ids: [mine.id], decision: 'approve' })
        .expect(403);
      const answer = await t
        .http()
        .post(url)
        .set(auth(reviewer.token))
        .send({ ids: [mine.id, elsewhere.id], decision: 'reject', reason: 'Not eligible.' })
        .expect(200);
      expect(answer.body.items).toEqual([
        { id: mine.id, status: 'rejected', code: null },
        { id: elsewhere.id, status: null, code: 'NOT_FOUND' },
      ]);
      const untouched = await t.dataSource
        .getRepository(Registration)
        .findOneByOrFail({ id: elsewhere.id });
      expect(untouched.status).toBe('pending');
    });
  });

  describe('the XLSX export', () => {
    it('has the CSV’s rows, filters and formula safety, with labels, local times and codes', async () => {
      const consultation = await publishedConsultation(t, admin.token, {
        capacity: 3,
        timezone: 'Asia/Tokyo',
      });
      const org = await focalPointWithOrganisation(t);
      await register(org, consultation.id, { name: '=HYPERLINK("http://evil")' });
      for (let i = 0; i < 4; i++) await register(org, consultation.id);
      const query = '?status=confirmed';
      const csv = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/registrations.csv${query}`)
        .set(auth(reviewer.token))
        .expect(200);
      const xlsx = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/registrations.xlsx${query}`)
        .set(auth(reviewer.token))
        .buffer(true)
        .parse(binary)
        .expect(200)
        .expect('Content-Type', /spreadsheetml/);
      const csvRows = parse(csv.text.replace(/^\uFEFF/, ''), { columns: true }) as Record<
        string,
        string
      >[];
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      const header = (sheet.getRow(1).values as string[]).slice(1);
      const sheetRows: Record<string, string>[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const values = (row.values as string[]).slice(1);
        sheetRows.push(Object.fromEntries(header.map((h, i) => [h, values[i] ?? ''])));
      });
      expect(csvRows).toHaveLength(3);
      expect(sheetRows).toHaveLength(csvRows.length);
      csvRows.forEach((row, i) => {
        const cells = sheetRows[i];
        for (const column of ['Participant', 'Email', 'Organisation', 'Position', 'Nationality'])
          expect(cells[column]).toBe(row[column]);
        expect(cells['Status code']).toBe(row.Status);
        expect(cells.Status).toBe('Confirmed');
        expect(cells['Registered at (UTC)']).toBe(row['Registered at']);
        const utc = new Date(row['Registered at']);
        const tokyo = new Date(utc.getTime() + 9 * 3_600_000).toISOString();
        expect(cells['Registered at (Asia/Tokyo)']).toBe(
          `${tokyo.slice(0, 10)} ${tokyo.slice(11, 16)}`,
        );
      });
      expect(sheetRows[0].Participant).toBe(`'=HYPERLINK("http://evil")`);
      await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/registrations.xlsx`)
        .set(auth(org.token))
        .expect(403);
    });
  });

  describe('messages to participants', () => {
    it('reaches exactly the filtered set, once each, in their language, and the preview count equals the recipients', async () => {
      const consultation = await publishedConsultation(t, admin.token, { capacity: 3 });
      const org = await focalPointWithOrganisation(t, {}, 'fr');
      const other = await focalPointWithOrganisation(t);
      const wanted: string[] = [];
      for (let i = 0; i < 5; i++) {
        const p = participant({ needsVisaLetter: i % 2 === 0 });
        const r = await t
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: p })
          .expect(201);
        if (r.body.status === 'confirmed' && p.needsVisaLetter) wanted.push(p.email);
      }
      await register(other, consultation.id, { needsVisaLetter: true });
      const body = {
        audience: { statuses: ['confirmed'], needsVisaLetter: true },
        subject: 'Visa letters',
        body: 'Please send your passport details.',
        translations: {
          fr: { subject: 'Lettres de visa', body: 'Envoyez vos données de passeport.' },
        },
      };
      const url = `/api/v1/consultations/${consultation.id}/messages`;
      await t.deliverMail();
      const before = mail.messages.length;
      const preview = await t
        .http()
        .post(url)
        .set(auth(reviewer.token))
        .send({ ...body, dryRun: true })
        .expect(200);
      expect(preview.body).toEqual({ count: wanted.length });
      await t.deliverMail();
      expect(mail.messages.length).toBe(before);
      const sent = await t.http().post(url).set(auth(reviewer.token)).send(body).expect(200);
      expect(sent.body.count).toBe(wanted.length);
      await t.deliverMail();
      const received = mail.messages.slice(before);
      expect(received.map((m) => m.to).sort()).toEqual(wanted.map((e) => e.toLowerCase()).sort());
      for (const m of received) {
        expect(m.subject).toBe('Lettres de visa');
        expect(m.text).toContain('Envoyez vos données de passeport.');
      }
      await t
        .http()
        .post(url)
        .set(auth(reviewer.token))
        .send({ ...body, audience: { statuses: ['nonsense'] } })
        .expect(400);
      await t.http().post(url).set(auth(org.token)).send(body).expect(403);
    });
  });

  describe('merging two organisations', () => {
    async function seedChildren(org: Focal, consultationId: string, callId: string) {
      const registration = await register(org, consultationId);
      await t
        .http()
        .post(`/api/v1/registrations/${registration.id}/funding-applications`)
        .set(auth(org.token))
        .send({
          lines: [{ kind: 'airfare', amount: '800.10' }],
          currency: 'USD',
          departureCity: 'Dakar',
          departureCountry: 'SN',
          justification: 'No budget for international travel.',
        })
        .expect(201);
      const submission = await t.dataSource.getRepository(Submission).save({
        callId,
        consultationId,
        sessionId: null,
        organisationId: org.organisation.id,
        submittedById: org.user.id,
        title: 'Our input',
        body: 'Text',
        language: 'en',
        themes: [],
        status: SubmissionStatus.Submitted,
        reason: null,
        submittedAt: new Date(),
        publishedAt: null,
        attachmentName: null,
        attachmentStoredName: null,
        attachmentSize: null,
      });
      return { registration, submission };
    }

    it('moves every child record, joins memberships, keeps the older request, and leaves no orphan', async () => {
      const consultation = await publishedConsultation(t, admin.token);
      const from = await focalPointWithOrganisation(t);
      const into = await focalPointWithOrganisation(t);
      const third = await focalPointWithOrganisation(t);
      // The focal point of `from` is also a plain member of `into`: they stay focal point.
      await t.dataSource.getRepository(Membership).save({
        userId: from.user.id,
        organisationId: into.organisation.id,
        role: MembershipRole.Member,
      });
      const older = await t
        .http()
        .post(`/api/v1/organisations/${from.organisation.id}/accreditation-requests`)
        .set(auth(from.token))
        .send(REQUEST)
        .expect(201);
      const younger = await t
        .http()
        .post(`/api/v1/organisations/${into.organisation.id}/accreditation-requests`)
        .set(auth(into.token))
        .send(REQUEST)
        .expect(201);
      const call = await t.dataSource.getRepository(InputCall).save({
        consultationId: consultation.id,
        sessionId: null,
        title: 'Written input',
        guidance: '',
        language: 'en',
        translations: {},
        opensAt: new Date(Date.now() - 86_400_000),
        closesAt: new Date(Date.now() + 86_400_000),
        wordLimit: 1000,
        eligibility: CallEligibility.Any,
        perOrganisation: 3,
        allowAttachment: false,
      });
      const seeded = await seedChildren(from, consultation.id, call.id);
      const theirs = await seedChildren(third, consultation.id, call.id);
      await t.dataSource.getRepository(SubmissionCosigner).save([
        {
          submissionId: theirs.submission.id,
          organisationId: from.organisation.id,
          status: 'invited' as never,
        },
        {
          submissionId: theirs.submission.id,
          organisationId: into.organisation.id,
          status: 'invited' as never,
        },
      ]);
      const point = await t.dataSource.getRepository(ActionPoint).save({
        reference: `AP-${Date.now()}`,
        consultationId: consultation.id,
        year: 2027,
        text: 'Follow up',
        language: 'en',
        translations: {},
        responsibleHost: false,
        responsibleOrganisationIds: [
          from.organisation.id,
          into.organisation.id,
          third.organisation.id,
        ],
        themes: [],
        targetDate: null,
        status: 'open' as never,
        completionProposed: false,
        lastActivityAt: new Date(),
      });
      await t.dataSource.getRepository(ActionPointUpdate).save({
        actionPointId: point.id,
        at: new Date(),
        authorId: from.user.id,
        organisationId: from.organisation.id,
        kind: UpdateKind.Progress,
        text: 'Progress',
        status: null,
        link: null,
      });
      await t
        .http()
        .post(`/api/v1/organisations/${from.organisation.id}/invitations`)
        .set(auth(from.token))
        .send({ email: 'colleague@example.org', role: 'member' })
        .expect(201);

      await t
        .http()
        .post(`/api/v1/organisations/${from.organisation.id}/merge`)
        .set(auth(reviewer.token))
        .send({ intoOrganisationId: into.organisation.id })
        .expect(403);
      await t
        .http()
        .post(`/api/v1/organisations/${from.organisation.id}/merge`)
        .set(auth(admin.token))
        .send({ intoOrganisationId: from.organisation.id })
        .expect(400);
      // An admin who is a member of either organisation leaves the merge to another admin.
      const insider = await staffToken(t, UserRole.Admin);
      await t.dataSource.getRepository(Membership).save({
        userId: insider.user.id,
        organisationId: into.organisation.id,
        role: MembershipRole.Member,
      });
      const own = await t
        .http()
        .post(`/api/v1/organisations/${from.organisation.id}/merge`)
        .set(auth(insider.token))
        .send({ intoOrganisationId: into.organisation.id })
        .expect(403);
      expect(own.body.code).toBe('OWN_ORGANISATION');
      const merged = await t
        .http()
        .post(`/api/v1/organisations/${from.organisation.id}/merge`)
        .set(auth(admin.token))
        .send({ intoOrganisationId: into.organisation.id })
        .expect(200);
      expect(merged.body).toMatchObject({
        id: into.organisation.id,
        mergedId: from.organisation.id,
        moved: { registrations: 1, fundingApplications: 1, submissions: 1, invitations: 1 },
      });
      // The per-organisation counters followed the registrations that moved.
      const check = await t
        .http()
        .get('/api/v1/admin/counters/check')
        .set(auth(admin.token))
        .expect(200);
      expect(check.body).toMatchObject({ ok: true, mismatches: [] });

      const fromId = from.organisation.id;
      const referencing = [
        'memberships',
        'invitations',
        'accreditation_requests',
        'registrations',
        'funding_applications',
        'submissions',
        'submission_cosigners',
        'action_point_updates',
        'organisation_terms',
      ];
      for (const table of referencing) {
        const [{ n }] = await t.dataSource.query(
          `SELECT COUNT(*) AS n FROM "${table}" WHERE "organisationId" = ${t.dataSource.options.type === 'postgres' ? '$1' : '?'}`,
          [fromId],
        );
        expect([table, Number(n)]).toEqual([table, 0]);
      }
      const points = await t.dataSource.getRepository(ActionPoint).find();
      expect(points.filter((p) => p.responsibleOrganisationIds.includes(fromId))).toEqual([]);
      expect(
        (await t.dataSource.getRepository(ActionPoint).findOneByOrFail({ id: point.id }))
          .responsibleOrganisationIds,
      ).toEqual([into.organisation.id, third.organisation.id]);
      expect(
        await t.dataSource
          .getRepository(SubmissionCosigner)
          .countBy({ submissionId: theirs.submission.id }),
      ).toBe(1);
      expect(
        (
          await t.dataSource
            .getRepository(Registration)
            .findOneByOrFail({ id: seeded.registration.id })
        ).organisationId,
      ).toBe(into.organisation.id);

      const memberships = await t.dataSource
        .getRepository(Membership)
        .findBy({ organisationId: into.organisation.id });
      expect(memberships.find((m) => m.userId === from.user.id)?.role).toBe('focal_point');
      expect(memberships).toHaveLength(3);

      const requests = t.dataSource.getRepository(AccreditationRequest);
      expect((await requests.findOneByOrFail({ id: older.body.id })).status).toBe('submitted');
      expect((await requests.findOneByOrFail({ id: younger.body.id })).status).toBe('withdrawn');
      const organisation = await t.dataSource
        .getRepository(Organisation)
        .findOneByOrFail({ id: fromId });
      expect(organisation.mergedIntoId).toBe(into.organisation.id);
      const audit = await t.dataSource
        .getRepository(AuditEvent)
        .findOneByOrFail({ action: 'organisation.merged', entityId: into.organisation.id });
      expect(audit.details).toMatchObject({ mergedId: fromId });

      // Its addresses lead to the survivor: pages 302, the API 301.
      const browser = new WebClient(t);
      expect(
        (await browser.submit('/signin', { email: from.user.email, password: PASSWORD })).status,
      ).toBe(303);
      const page = await browser.get(`/organisations/${fromId}/members?lang=fr`).expect(302);
      expect(page.headers.location).toBe(`/organisations/${into.organisation.id}/members?lang=fr`);
      const api = await t
        .http()
        .get(`/api/v1/organisations/${fromId}`)
        .set(auth(admin.token))
        .expect(301);
      expect(api.headers.location).toBe(`/api/v1/organisations/${into.organisation.id}`);
      await t
        .http()
        .get(`/api/v1/organisations/${into.organisation.id}`)
        .set(auth(admin.token))
        .expect(200);

      // A merged organisation is a signpost: it cannot be merged again.
      const again = await t
        .http()
        .post(`/api/v1/organisations/${fromId}/merge`)
        .set(auth(admin.token))
        .send({ intoOrganisationId: third.organisation.id })
        .expect(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
    });

    it('refuses (409) with the list of conflicts when one participant is registered by both for one consultation, and moves nothing', async () => {
      const first = await publishedConsultation(t, admin.token);
      const second = await publishedConsultation(t, admin.token);
      const a = await focalPointWithOrganisation(t);
      const b = await focalPointWithOrganisation(t);
      // One person through both, under a work and a personal address: a conflict.
      const work = await register(a, second.id, { name: 'Amina Diallo' });
      const personal = await register(b, second.id, { name: 'AMINA  DIALLÓ' });
      // Different people in the first consultation, and a cancelled duplicate: no conflict.
      await register(a, first.id);
      await register(b, first.id);
      const gone = await register(a, first.id, { name: 'Kofi Mensah' });
      await register(b, first.id, { name: 'Kofi Mensah' }).catch(() => undefined);
      await t.dataSource
        .getRepository(Registration)
        .update({ id: gone.id }, { status: 'cancelled' as never });
      const refused = await t
        .http()
        .post(`/api/v1/organisations/${a.organisation.id}/merge`)
        .set(auth(admin.token))
        .send({ intoOrganisationId: b.organisation.id })
        .expect(409);
      expect(refused.body.code).toBe('MERGE_CONFLICT');
      const emails = await t.dataSource
        .getRepository(Registration)
        .findBy([{ id: work.id }, { id: personal.id }]);
      expect(refused.body.conflicts).toEqual([
        {
          consultationId: second.id,
          participantName: 'Amina Diallo',
          participantEmails: [work.id, personal.id].map(
            (id) => emails.find((r) => r.id === id)!.participantEmail,
          ),
          registrationIds: [work.id, personal.id],
        },
      ]);
      expect(
        await t.dataSource
          .getRepository(Registration)
          .countBy({ organisationId: a.organisation.id }),
      ).toBe(3);
      expect(
        (await t.dataSource.getRepository(Organisation).findOneByOrFail({ id: a.organisation.id }))
          .mergedIntoId,
      ).toBeNull();
    });
  });
});
