import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserRole } from '../src/accounts/user.entity';
import { AccreditationDocument } from '../src/accreditation/accreditation-document.entity';
import { CreateOrganisationDto } from '../src/organisations/dto/organisation.dto';
import { tokenFor, userFactory } from './support/factories';
import { linkIn, MailCatcher } from './support/mail-catcher';
import {
  focalPointWithOrganisation,
  organisationFactory,
  REQUEST,
  staffToken,
} from './support/organisations';
import { notPdfBytes, pdfBytes } from './support/pdf';
import { createTestApp, TestApp } from './support/test-app';

describe('organisations and observer accreditation through the API', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let uploads: string;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    uploads = mkdtempSync(join(tmpdir(), 'convene-uploads-'));
    t = await createTestApp({
      mail,
      env: { UPLOAD_DIR: uploads, UPLOAD_MAX_BYTES: String(64 * 1024) },
    });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
    rmSync(uploads, { recursive: true, force: true });
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('an organisation from its profile to observer status, with a question answered on the way', () => {
    let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let reviewer: Awaited<ReturnType<typeof staffToken>>;
    let requestId: string;
    const decide = (decision: string, reason: string) =>
      t
        .http()
        .post(`/api/v1/accreditation-requests/${requestId}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision, reason });
    const queueIds = async (filter: string) =>
      (
        await t
          .http()
          .get(`/api/v1/accreditation-requests?${filter}`)
          .set(auth(reviewer.token))
          .expect(200)
      ).body.items.map((r: { id: string }) => r.id);

    beforeAll(async () => {
      focal = await focalPointWithOrganisation(
        t,
        { name: 'Réseau des Migrants du Sénégal', acronym: 'RMS' },
        'fr',
      );
      reviewer = await staffToken(t);
    });

    it('makes the creator of an organisation its focal point', async () => {
      const me = await t.http().get('/api/v1/me').set(auth(focal.token)).expect(200);
      expect(me.body.memberships).toEqual([
        {
          organisationId: focal.organisation.id,
          name: 'Réseau des Migrants du Sénégal',
          role: 'focal_point',
        },
      ]);
    });

    it('makes an organisation that submits a request an applicant', async () => {
      const submitted = await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/accreditation-requests`)
        .set(auth(focal.token))
        .send(REQUEST)
        .expect(201);
      expect(submitted.body.status).toBe('submitted');
      requestId = submitted.body.id as string;
      expect(
        (
          await t
            .http()
            .get(`/api/v1/organisations/${focal.organisation.id}`)
            .set(auth(focal.token))
        ).body.observerStatus,
      ).toBe('applicant');
    });

    it('accepts a PDF document on the request', async () => {
      const upload = await t
        .http()
        .post(`/api/v1/accreditation-requests/${requestId}/documents`)
        .set(auth(focal.token))
        .field('kind', 'statutes')
        .attach('file', pdfBytes(), { filename: 'statuts.pdf', contentType: 'application/pdf' })
        .expect(201);
      expect(upload.body).toMatchObject({ kind: 'statutes', name: 'statuts.pdf' });
    });

    it("lists the request in the reviewers' queue, by status, region and country", async () => {
      const queue = await t
        .http()
        .get('/api/v1/accreditation-requests?status=submitted')
        .set(auth(reviewer.token))
        .expect(200);
      expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(requestId);
      expect(await queueIds('region=africa&country=sn')).toContain(requestId);
      expect(await queueIds('region=europe')).not.toContain(requestId);
    });

    it('refuses a queue filter on a region that does not exist', async () => {
      await t
        .http()
        .get('/api/v1/accreditation-requests?region=atlantis')
        .set(auth(reviewer.token))
        .expect(400);
    });

    it('lets a reviewer ask a question, and not approve before it is answered', async () => {
      const asked = await decide('request_info', 'Please send your latest annual report.').expect(
        200,
      );
      expect(asked.body.status).toBe('info_requested');
      await decide('approve', 'Too early').expect(409);
    });

    it('returns an answered request to the reviewer, with a link to it', async () => {
      const answered = await t
        .http()
        .post(`/api/v1/accreditation-requests/${requestId}/responses`)
        .set(auth(focal.token))
        .send({ message: 'The report is attached now.' })
        .expect(200);
      expect(answered.body.status).toBe('submitted');
      await t.deliverMail();
      const toReviewer = await mail.waitFor(reviewer.user.email, (m) =>
        m.text.includes('The report is attached now.'),
      );
      expect(toReviewer.text).toContain(`/staff/accreditation/${requestId}`);
    });

    it('records each decision with its reason and author, and every step in the history', async () => {
      const approved = await decide('approve', 'Active network of migrant associations.').expect(
        200,
      );
      expect(approved.body.status).toBe('approved');
      expect(approved.body.decisions.map((d: { decision: string }) => d.decision)).toEqual([
        'request_info',
        'approve',
      ]);
      expect(approved.body.decisions[1]).toMatchObject({
        reason: 'Active network of migrant associations.',
        byId: reviewer.user.id,
      });
      expect(approved.body.history.map((h: { type: string }) => h.type)).toEqual([
        'submitted',
        'document_added',
        'info_requested',
        'responded',
        'approved',
      ]);
    });

    it('shows an approved organisation as an observer on its public profile, without its email', async () => {
      const profile = await t
        .http()
        .get(`/api/v1/organisations/${focal.organisation.id}`)
        .expect(200);
      expect(profile.body.observerStatus).toBe('observer');
      expect(profile.body.observerSince).toEqual(expect.any(String));
      expect(profile.body.email).toBeUndefined();
    });

    it('finds the observer in the public directory without its accents', async () => {
      const directory = await t
        .http()
        .get('/api/v1/organisations?observer=true&q=reseau senegal')
        .expect(200);
      expect(directory.body.items.map((o: { id: string }) => o.id)).toEqual([
        focal.organisation.id,
      ]);
    });

    it("tells the focal point of each step by mail, the reviewer's question included", async () => {
      await t.deliverMail();
      const subjects = mail.to(focal.user.email).map((m) => m.subject);
      expect(subjects).toEqual(
        expect.arrayContaining([expect.stringMatching(/Réseau des Migrants du Sénégal/)]),
      );
      expect(mail.to(focal.user.email).length).toBeGreaterThanOrEqual(3);
      const question = mail
        .to(focal.user.email)
        .find((m) => m.text.includes('Please send your latest annual report.'));
      expect(question).toBeDefined();
    });

    it('audits the submission, the question, the answer and the approval', async () => {
      const audit = await t
        .http()
        .get(`/api/v1/admin/audit?entity=accreditation_request&entityId=${requestId}`)
        .set(auth((await staffToken(t, UserRole.Admin)).token))
        .expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining([
          'accreditation.submitted',
          'accreditation.info_requested',
          'accreditation.responded',
          'accreditation.approved',
        ]),
      );
    });
  });

  describe('one open request at a time, and only the steps its state allows (409 INVALID_TRANSITION)', () => {
    let token: string;
    let organisationId: string;
    let reviewer: Awaited<ReturnType<typeof staffToken>>;
    let id: string;
    const expectTransition = async (response: { status: number; body: { code?: string } }) => {
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('INVALID_TRANSITION');
    };
    const submit = () =>
      t
        .http()
        .post(`/api/v1/organisations/${organisationId}/accreditation-requests`)
        .set(auth(token))
        .send(REQUEST);

    beforeAll(async () => {
      const focal = await focalPointWithOrganisation(t);
      token = focal.token;
      organisationId = focal.organisation.id;
      reviewer = await staffToken(t);
      const first = await submit().expect(201);
      id = first.body.id as string;
    });

    it('refuses a second open request with 409 OPEN_REQUEST_EXISTS', async () => {
      const second = await submit().expect(409);
      expect(second.body.code).toBe('OPEN_REQUEST_EXISTS');
    });

    it('refuses an answer to a question nobody asked', async () => {
      await expectTransition(
        await t
          .http()
          .post(`/api/v1/accreditation-requests/${id}/responses`)
          .set(auth(token))
          .send({ message: 'Nobody asked.' }),
      );
    });

    it('refuses a rejection with an unknown reason code (400), and rejects with a known one', async () => {
      await t
        .http()
        .post(`/api/v1/accreditation-requests/${id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'reject', reason: 'No documents.', reasonCode: 'bad_mood' })
        .expect(400);
      await t
        .http()
        .post(`/api/v1/accreditation-requests/${id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'reject', reason: 'No documents.', reasonCode: 'insufficient_documents' })
        .expect(200);
    });

    it('refuses any further decision on a rejected request', async () => {
      for (const decision of ['approve', 'reject', 'request_info']) {
        await expectTransition(
          await t
            .http()
            .post(`/api/v1/accreditation-requests/${id}/decisions`)
            .set(auth(reviewer.token))
            .send({ decision, reason: 'again', reasonCode: 'other' }),
        );
      }
    });

    it('refuses to withdraw a rejected request or add a document to it', async () => {
      await expectTransition(
        await t.http().post(`/api/v1/accreditation-requests/${id}/withdraw`).set(auth(token)),
      );
      await expectTransition(
        await t
          .http()
          .post(`/api/v1/accreditation-requests/${id}/documents`)
          .set(auth(token))
          .field('kind', 'other')
          .attach('file', pdfBytes(), 'late.pdf'),
      );
    });

    it('leaves a rejected organisation without observer status', async () => {
      expect(
        (await t.http().get(`/api/v1/organisations/${organisationId}`).set(auth(token))).body
          .observerStatus,
      ).toBe('none');
    });

    it('accepts a new request after a rejection, and withdraws it only once', async () => {
      const again = await submit().expect(201);
      await t
        .http()
        .post(`/api/v1/accreditation-requests/${again.body.id}/withdraw`)
        .set(auth(token))
        .expect(200);
      await expectTransition(
        await t
          .http()
          .post(`/api/v1/accreditation-requests/${again.body.id}/withdraw`)
          .set(auth(token)),
      );
    });
  });

  it('rejects with the contract’s {decision, reason}, the reason code then being "other"', async () => {
    const { token, organisation } = await focalPointWithOrganisation(t);
    const reviewer = await staffToken(t);
    const { id } = (
      await t
        .http()
        .post(`/api/v1/organisations/${organisation.id}/accreditation-requests`)
        .set(auth(token))
        .send(REQUEST)
        .expect(201)
    ).body;
    const rejected = await t
      .http()
      .post(`/api/v1/accreditation-requests/${id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'reject', reason: 'Outside the scope of migration.' })
      .expect(200);
    expect(rejected.body.status).toBe('rejected');
    const { decisions } = (
      await t
        .http()
        .get(`/api/v1/accreditation-requests/${id}`)
        .set(auth(reviewer.token))
        .expect(200)
    ).body;
    expect(decisions).toEqual([
      expect.objectContaining({ decision: 'reject', reasonCode: 'other' }),
    ]);
  });

  it('keeps one open request per organisation under concurrent submissions', async () => {
    const { token, organisation } = await focalPointWithOrganisation(t);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        t
          .http()
          .post(`/api/v1/organisations/${organisation.id}/accreditation-requests`)
          .set(auth(token))
          .send(REQUEST),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  describe('refused uploads, which store nothing', () => {
    let token: string;
    let requestId: string;
    let url: string;
    let before: number;
    const pdfsStored = () => readdirSync(uploads).filter((f) => f.endsWith('.pdf')).length;

    beforeAll(async () => {
      const focal = await focalPointWithOrganisation(t);
      token = focal.token;
      const request = await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/accreditation-requests`)
        .set(auth(token))
        .send(REQUEST)
        .expect(201);
      requestId = request.body.id;
      url = `/api/v1/accreditation-requests/${requestId}/documents`;
      before = pdfsStored();
    });

    it('refuses bytes that only claim to be a PDF, saying so', async () => {
      const fake = await t
        .http()
        .post(url)
        .set(auth(token))
        .field('kind', 'statutes')
        .attach('file', notPdfBytes, { filename: 'statutes.pdf', contentType: 'application/pdf' });
      expect(fake.status).toBe(400);
      expect(fake.body.message).toEqual(['file: The file must be a PDF.']);
    });

    it('refuses a file over UPLOAD_MAX_BYTES with 413', async () => {
      const big = Buffer.concat([pdfBytes(), Buffer.alloc(100 * 1024, 32)]);
      const tooBig = await t
        .http()
        .post(url)
        .set(auth(token))
        .field('kind', 'annual_report')
        .attach('file', big, 'report.pdf');
      expect(tooBig.status).toBe(413);
    });

    it('refuses a document kind that does not exist, and a body without a file', async () => {
      await t
        .http()
        .post(url)
        .set(auth(token))
        .field('kind', 'passport')
        .attach('file', pdfBytes(), 'x.pdf')
        .expect(400);
      await t.http().post(url).set(auth(token)).send({ kind: 'statutes' }).expect(400);
    });

    it('refuses an unknown form field, naming it', async () => {
      const extra = await t
        .http()
        .post(url)
        .set(auth(token))
        .field('kind', 'statutes')
        .field('owner', 'someone')
        .attach('file', pdfBytes(), 'x.pdf')
        .expect(400);
      expect(extra.body.message).toEqual([expect.stringMatching(/^owner:/)]);
    });

    it('keeps no row and no file, in place or half-received, of any refused upload', async () => {
      expect(await t.dataSource.getRepository(AccreditationDocument).countBy({ requestId })).toBe(
        0,
      );
      expect(pdfsStored()).toBe(before);
      expect(
        existsSync(join(uploads, 'incoming')) ? readdirSync(join(uploads, 'incoming')) : [],
      ).toEqual([]);
    });

    it('takes five documents on a request and refuses a sixth', async () => {
      for (let i = 0; i < 5; i++) {
        await t
          .http()
          .post(url)
          .set(auth(token))
          .field('kind', 'other')
          .attach('file', pdfBytes(`doc ${i}`), `doc-${i}.pdf`)
          .expect(201);
      }
      const sixth = await t
        .http()
        .post(url)
        .set(auth(token))
        .field('kind', 'other')
        .attach('file', pdfBytes(), 'sixth.pdf')
        .expect(400);
      expect(sixth.body.message).toEqual(['file: A request can have at most 5 documents.']);
    });
  });

  it('serves documents only to the organisation and staff, as attachments', async () => {
    const { token, organisation } = await focalPointWithOrganisation(t);
    const request = await t
      .http()
      .post(`/api/v1/organisations/${organisation.id}/accreditation-requests`)
      .set(auth(token))
      .send(REQUEST)
      .expect(201);
    const uploaded = await t
      .http()
      .post(`/api/v1/accreditation-requests/${request.body.id}/documents`)
      .set(auth(token))
      .field('kind', 'statutes')
      .attach('file', pdfBytes('Statuts'), {
        filename: 'Statuts <2024>.pdf',
        contentType: 'application/pdf',
      })
      .expect(201);
    const own = await t.http().get(uploaded.body.url).set(auth(token)).buffer(true).expect(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['content-disposition']).toMatch(/^attachment;/);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    expect(own.headers['content-security-policy']).toContain('sandbox');
    expect((own.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

    const reviewer = await staffToken(t);
    await t.http().get(uploaded.body.url).set(auth(reviewer.token)).expect(200);

    const other = await focalPointWithOrganisation(t);
    await t.http().get(uploaded.body.url).set(auth(other.token)).expect(404);
    await t.http().get(uploaded.body.url).expect(401);
  });

  describe('another organisation’s records answer 404, and a CSO user’s decision 403', () => {
    let a: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let b: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let requestB: string;

    beforeAll(async () => {
      a = await focalPointWithOrganisation(t);
      b = await focalPointWithOrganisation(t);
      const request = await t
        .http()
        .post(`/api/v1/organisations/${b.organisation.id}/accreditation-requests`)
        .set(auth(b.token))
        .send(REQUEST)
        .expect(201);
      requestB = request.body.id;
    });

    it('answers 404 to a change, a read, the members or an invitation of another organisation', async () => {
      await t
        .http()
        .patch(`/api/v1/organisations/${b.organisation.id}`)
        .set(auth(a.token))
        .send({ description: 'hijacked' })
        .expect(404);
      await t
        .http()
        .get(`/api/v1/organisations/${b.organisation.id}`)
        .set(auth(a.token))
        .expect(404);
      await t
        .http()
        .get(`/api/v1/organisations/${b.organisation.id}/members`)
        .set(auth(a.token))
        .expect(404);
      await t
        .http()
        .post(`/api/v1/organisations/${b.organisation.id}/invitations`)
        .set(auth(a.token))
        .send({ email: 'x@example.org', role: 'member' })
        .expect(404);
    });

    it('answers 404 to a request for accreditation in another organisation’s name', async () => {
      await t
        .http()
        .post(`/api/v1/organisations/${b.organisation.id}/accreditation-requests`)
        .set(auth(a.token))
        .send(REQUEST)
        .expect(404);
    });

    it('answers 404 to a read, a withdrawal or an answer of another organisation’s request', async () => {
      await t
        .http()
        .get(`/api/v1/accreditation-requests/${requestB}`)
        .set(auth(a.token))
        .expect(404);
      await t
        .http()
        .post(`/api/v1/accreditation-requests/${requestB}/withdraw`)
        .set(auth(a.token))
        .expect(404);
      await t
        .http()
        .post(`/api/v1/accreditation-requests/${requestB}/responses`)
        .set(auth(a.token))
        .send({ message: 'hello' })
        .expect(404);
    });

    it('lists only the organisation’s own requests', async () => {
      const listA = await t
        .http()
        .get('/api/v1/accreditation-requests')
        .set(auth(a.token))
        .expect(200);
      expect(listA.body.items.map((r: { id: string }) => r.id)).not.toContain(requestB);
    });

    it('refuses a CSO user a decision with 403', async () => {
      const decided = await t
        .http()
        .post(`/api/v1/accreditation-requests/${requestB}/decisions`)
        .set(auth(a.token))
        .send({ decision: 'approve', reason: 'me' });
      expect(decided.status).toBe(403);
    });

    it('refuses a focal point a change of its own observer status with 403', async () => {
      await t
        .http()
        .post(`/api/v1/organisations/${b.organisation.id}/observer-status`)
        .set(auth(b.token))
        .send({ status: 'suspended', reason: 'x' })
        .expect(403);
    });

    it('leaves the request as it was submitted', async () => {
      expect(
        (await t.http().get(`/api/v1/accreditation-requests/${requestB}`).set(auth(b.token))).body
          .status,
      ).toBe('submitted');
    });
  });

  describe('organisation profiles: unknown fields and bad values are a 400 that changes nothing', () => {
    let token: string;
    let id: string;
    let required: CreateOrganisationDto;
    const fieldsOf = (body: { message: string[] }) =>
      body.message.map((m) => m.split(':')[0]).sort();

    beforeAll(async () => {
      token = await tokenFor(t, await userFactory(t));
    });

    it('refuses bad values and an unknown field, naming each, and creates nothing', async () => {
      const bad = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(token))
        .send({
          ...organisationFactory(),
          country: 'XX',
          type: 'club',
          website: 'javascript:alert(1)',
          foundedYear: '1999',
          thematicAreas: ['cooking'],
          observerStatus: 'observer',
        });
      expect(bad.status).toBe(400);
      const fields = fieldsOf(bad.body);
      expect(fields).toEqual([
        'country',
        'foundedYear',
        'observerStatus',
        'thematicAreas',
        'type',
        'website',
      ]);
      expect((await t.http().get('/api/v1/me').set(auth(token))).body.memberships).toEqual([]);
    });

    // null is a wrong value too (not a 500), except where it clears an optional detail.
    it('refuses null for a list, a flag or the description of a new profile', async () => {
      const nulls = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(token))
        .send({
          ...organisationFactory(),
          thematicAreas: null,
          migrantLed: null,
          description: null,
        });
      expect(nulls.status).toBe(400);
      expect(fieldsOf(nulls.body)).toEqual(['description', 'migrantLed', 'thematicAreas']);
    });

    it('refuses a thematic area given twice', async () => {
      const twice = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(token))
        .send({ ...organisationFactory(), thematicAreas: ['health', 'health'] });
      expect(twice.status).toBe(400);
    });

    it('creates a profile from the fields the contract requires, the rest taking defaults', async () => {
      required = organisationFactory();
      const minimal = await t
        .http()
        .post('/api/v1/organisations')
        .set(auth(token))
        .send({ name: required.name, country: required.country, type: required.type })
        .expect(201);
      expect(minimal.body).toMatchObject({ thematicAreas: [], description: '' });
      id = minimal.body.id as string;
    });

    it('refuses null for a required field, the list or the flag of a profile, naming it', async () => {
      for (const field of ['name', 'country', 'type', 'thematicAreas', 'migrantLed']) {
        const refused = await t
          .http()
          .patch(`/api/v1/organisations/${id}`)
          .set(auth(token))
          .send({ [field]: null });
        expect([refused.status, refused.body.message?.[0]?.split(':')[0]]).toEqual([400, field]);
      }
    });

    it('clears the website and the founding year with null, and keeps the rest', async () => {
      await t
        .http()
        .patch(`/api/v1/organisations/${id}`)
        .set(auth(token))
        .send({ website: 'https://example.org', foundedYear: 2001 })
        .expect(200);
      const cleared = await t
        .http()
        .patch(`/api/v1/organisations/${id}`)
        .set(auth(token))
        .send({ website: null, foundedYear: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ name: required.name, website: null, foundedYear: null });
    });
  });

  it('warns about a likely duplicate in the same country and creates it when confirmed', async () => {
    await focalPointWithOrganisation(t, { name: 'Caritas Sénégal', acronym: 'CSN', country: 'SN' });
    const other = await userFactory(t);
    const otherToken = await tokenFor(t, other);
    const duplicate = await t
      .http()
      .post('/api/v1/organisations')
      .set(auth(otherToken))
      .send(organisationFactory({ name: 'CARITAS senegal', acronym: 'X1', country: 'SN' }))
      .expect(409);
    expect(duplicate.body.code).toBe('POSSIBLE_DUPLICATE');
    // Not an observer, and not theirs: the warning says a similar organisation exists, not which.
    expect(duplicate.body).toMatchObject({ duplicates: [], similarExists: true, similarCount: 1 });
    await t
      .http()
      .post('/api/v1/organisations')
      .set(auth(otherToken))
      .send(organisationFactory({ name: 'Other', acronym: 'c.s.n.', country: 'SN' }))
      .expect(409);
    await t
      .http()
      .post('/api/v1/organisations')
      .set(auth(otherToken))
      .send(organisationFactory({ name: 'Caritas Sénégal', country: 'ML' }))
      .expect(201);
    await t
      .http()
      .post('/api/v1/organisations')
      .set(auth(otherToken))
      .send(
        organisationFactory({
          name: 'Caritas Sénégal',
          acronym: 'CS2',
          country: 'SN',
          confirmDuplicate: true,
        }),
      )
      .expect(201);
  });

  describe('invitations by email, joined once with the invited address; a focal point always remains', () => {
    let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let colleague: Awaited<ReturnType<typeof userFactory>>;
    let colleagueToken: string;
    let invitationToken: string;
    const accept = (bearer: string, invitation: string) =>
      t.http().post('/api/v1/invitations/accept').set(auth(bearer)).send({ token: invitation });

    beforeAll(async () => {
      focal = await focalPointWithOrganisation(t);
      colleague = await userFactory(t, { locale: 'es' });
    });

    it('mails the invitation to the invited address, whatever its case, naming the organisation', async () => {
      await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/invitations`)
        .set(auth(focal.token))
        .send({ email: colleague.email.toUpperCase(), role: 'focal_point' })
        .expect(201);
      await t.deliverMail();
      const invitation = await mail.waitFor(colleague.email, (m) =>
        m.text.includes('/invitations/accept'),
      );
      expect(invitation.subject).toContain(focal.organisation.name);
      invitationToken = linkIn(invitation, '/invitations/accept').token;
    });

    it('refuses the invitation to a user with another address, with 403 INVITATION_FOR_ANOTHER_EMAIL', async () => {
      const intruder = await userFactory(t);
      const wrong = await accept(await tokenFor(t, intruder), invitationToken).expect(403);
      expect(wrong.body.code).toBe('INVITATION_FOR_ANOTHER_EMAIL');
    });

    it('lets the invited user join once, the link then being spent', async () => {
      colleagueToken = await tokenFor(t, colleague);
      await accept(colleagueToken, invitationToken).expect(200);
      await accept(colleagueToken, invitationToken).expect(400);
    });

    it('gives the newcomer the role the invitation named', async () => {
      const members = await t
        .http()
        .get(`/api/v1/organisations/${focal.organisation.id}/members`)
        .set(auth(colleagueToken))
        .expect(200);
      expect(
        members.body.items.map((m: { email: string; role: string }) => [m.email, m.role]).sort(),
      ).toEqual(
        [
          [focal.user.email, 'focal_point'],
          [colleague.email, 'focal_point'],
        ].sort(),
      );
    });

    it('lets a plain member see the organisation but not change its profile or its people', async () => {
      const helper = await userFactory(t);
      await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/invitations`)
        .set(auth(focal.token))
        .send({ email: helper.email, role: 'member' })
        .expect(201);
      await t.deliverMail();
      const { token: memberInvitation } = linkIn(
        await mail.waitFor(helper.email, (m) => m.text.includes('/invitations/accept')),
        '/invitations/accept',
      );
      const helperToken = await tokenFor(t, helper);
      await accept(helperToken, memberInvitation).expect(200);
      await t
        .http()
        .patch(`/api/v1/organisations/${focal.organisation.id}`)
        .set(auth(helperToken))
        .send({ description: 'Changed by a member' })
        .expect(403);
      await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/invitations`)
        .set(auth(helperToken))
        .send({ email: 'friend@example.org', role: 'focal_point' })
        .expect(403);
      expect(
        (
          await t
            .http()
            .get(`/api/v1/organisations/${focal.organisation.id}`)
            .set(auth(focal.token))
            .expect(200)
        ).body.description,
      ).not.toBe('Changed by a member');
    });

    it('lets a focal point remove another, but not the last one (409 INVALID_TRANSITION)', async () => {
      await t
        .http()
        .delete(`/api/v1/organisations/${focal.organisation.id}/members/${focal.user.id}`)
        .set(auth(colleagueToken))
        .expect(204);
      const last = await t
        .http()
        .delete(`/api/v1/organisations/${focal.organisation.id}/members/${colleague.id}`)
        .set(auth(colleagueToken))
        .expect(409);
      expect(last.body.code).toBe('INVALID_TRANSITION');
    });

    it('answers 404 to a removed member', async () => {
      await t
        .http()
        .get(`/api/v1/organisations/${focal.organisation.id}/members`)
        .set(auth(focal.token))
        .expect(404);
    });
  });

  describe('an admin suspends and reinstates an observer, with reasons in the audit log', () => {
    let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let admin: Awaited<ReturnType<typeof staffToken>>;
    const setStatus = (body: { status: string; reason?: string }) =>
      t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/observer-status`)
        .set(auth(admin.token))
        .send(body);

    beforeAll(async () => {
      focal = await focalPointWithOrganisation(t);
      admin = await staffToken(t, UserRole.Admin);
    });

    it('refuses to suspend an organisation that is not an observer (409)', async () => {
      await setStatus({ status: 'suspended', reason: 'x' }).expect(409);
    });

    it('refuses to suspend an observer without a reason (400)', async () => {
      const request = await t
        .http()
        .post(`/api/v1/organisations/${focal.organisation.id}/accreditation-requests`)
        .set(auth(focal.token))
        .send(REQUEST)
        .expect(201);
      await t
        .http()
        .post(`/api/v1/accreditation-requests/${request.body.id}/decisions`)
        .set(auth(admin.token))
        .send({ decision: 'approve', reason: 'ok' })
        .expect(200);
      await setStatus({ status: 'suspended' }).expect(400);
    });

    it('suspends an observer with its reason, and takes it out of the directory', async () => {
      const suspended = await setStatus({
        status: 'suspended',
        reason: 'Misused its badge.',
      }).expect(200);
      expect(suspended.body).toMatchObject({
        observerStatus: 'suspended',
        suspendedReason: 'Misused its badge.',
      });
      expect(
        (
          await t
            .http()
            .get(
              '/api/v1/organisations?observer=true&q=' +
                encodeURIComponent(focal.organisation.name),
            )
            .expect(200)
        ).body.total,
      ).toBe(0);
    });

    it('reinstates a suspended observer with a reason', async () => {
      await setStatus({ status: 'observer', reason: 'Explained.' }).expect(200);
    });

    it('audits the suspension with its author, reason and statuses, and the reinstatement', async () => {
      const audit = await t
        .http()
        .get(`/api/v1/admin/audit?entity=organisation&entityId=${focal.organisation.id}`)
        .set(auth(admin.token))
        .expect(200);
      const suspension = audit.body.items.find(
        (e: { action: string }) => e.action === 'observer.suspended',
      );
      expect(suspension).toMatchObject({
        actor: { id: admin.user.id },
        details: { reason: 'Misused its badge.', from: 'observer', to: 'suspended' },
      });
      expect(audit.body.items.map((e: { action: string }) => e.action)).toContain(
        'observer.reinstated',
      );
    });
  });

  describe('the public directory, searched by name or acronym without regard to case or accents, with filters', () => {
    let efecto: string;
    let alliance: string;
    const ids = async (query: string) =>
      (await t.http().get(`/api/v1/organisations?${query}`).expect(200)).body.items.map(
        (o: { id: string }) => o.id,
      );

    beforeAll(async () => {
      const admin = await staffToken(t, UserRole.Admin);
      const make = async (fields: Partial<CreateOrganisationDto>) => {
        const { token, organisation } = await focalPointWithOrganisation(t, fields);
        const request = await t
          .http()
          .post(`/api/v1/organisations/${organisation.id}/accreditation-requests`)
          .set(auth(token))
          .send(REQUEST)
          .expect(201);
        await t
          .http()
          .post(`/api/v1/accreditation-requests/${request.body.id}/decisions`)
          .set(auth(admin.token))
          .send({ decision: 'approve', reason: 'ok' })
          .expect(200);
        return organisation.id;
      };
      efecto = await make({
        name: 'Fundación Éxodo Ñandú',
        acronym: 'FEX',
        country: 'MX',
        type: 'ngo',
        thematicAreas: ['integration'],
      });
      alliance = await make({
        name: 'Alliance des Migrants',
        acronym: 'ADM',
        country: 'FR',
        type: 'network',
        thematicAreas: ['migrants_rights'],
      });
      await focalPointWithOrganisation(t, {
        name: 'Fundación Éxodo Sin Estatus',
        acronym: 'FES',
        country: 'MX',
      });
    });

    it('finds observers only, by words of their name in any case and without accents', async () => {
      expect(await ids('q=exodo')).toEqual([efecto]);
      expect(await ids('q=NANDU fund')).toEqual([efecto]);
    });

    it('finds an observer by its acronym', async () => {
      expect(await ids('q=fex')).toEqual([efecto]);
    });

    it('narrows a search by country, region, type and thematic area', async () => {
      expect(await ids('q=migr&country=FR')).toEqual([alliance]);
      expect(await ids('q=exodo&region=europe')).toEqual([]);
      expect(await ids('q=alliance&type=network&thematicArea=migrants_rights')).toEqual([alliance]);
    });

    it('pages the directory, and shows no email address', async () => {
      const page = await t.http().get('/api/v1/organisations?pageSize=1&page=1').expect(200);
      expect(page.body).toMatchObject({ page: 1, pageSize: 1 });
      expect(page.body.items).toHaveLength(1);
      expect(Object.keys(page.body.items[0])).not.toContain('email');
    });

    it('refuses a page size over 100, an unknown region and an unknown parameter with 400', async () => {
      await t.http().get('/api/v1/organisations?pageSize=101').expect(400);
      await t.http().get('/api/v1/organisations?region=atlantis').expect(400);
      await t.http().get('/api/v1/organisations?color=blue').expect(400);
    });
  });

  it('tells staff every morning which requests have waited more than seven days', async () => {
    const { token, organisation } = await focalPointWithOrganisation(t, {
      name: 'Slow Review Association',
    });
    await t
      .http()
      .post(`/api/v1/organisations/${organisation.id}/accreditation-requests`)
      .set(auth(token))
      .send(REQUEST)
      .expect(201);
    const reviewer = await userFactory(t, { role: UserRole.Reviewer, locale: 'fr' });
    const { AccreditationService } = await import('../src/accreditation/accreditation.service');
    const service = t.app.get(AccreditationService);
    await t.deliverMail();
    const before = mail.to(reviewer.email).length;
    expect(await service.sendWaitingDigest()).toBe(0); // nothing has waited a week yet
    t.clock.advance(8 * 86_400_000);
    try {
      expect(await service.sendWaitingDigest()).toBeGreaterThan(0);
      await t.deliverMail();
      const digest = await mail.waitFor(reviewer.email, (m) =>
        m.text.includes('Slow Review Association'),
      );
      expect(digest.text).toMatch(/8 jours/);
      expect(mail.to(reviewer.email).length).toBe(before + 1);
    } finally {
      t.clock.advance(-8 * 86_400_000);
    }
  });
});
