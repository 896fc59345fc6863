import { UserRole } from '../src/accounts/user.entity';
import { Membership, MembershipRole } from '../src/organisations/membership.entity';
import { ObserverStatus, Organisation } from '../src/organisations/organisation.entity';
import { consultationFactory, publishedConsultation } from './support/consultations';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { pdfBytes } from './support/pdf';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;

type Org = Awaited<ReturnType<typeof focalPointWithOrganisation>>;

describe('written inputs and follow-up under attack', () => {
  let t: TestApp;
  let admin: string;
  let reviewer: Awaited<ReturnType<typeof staffToken>>;
  let consultationId: string;
  let callId: string;
  let author: Org;
  let cosigner: Org;
  let outsider: Org;

  const input = (overrides: Record<string, unknown> = {}) => ({
    organisationId: author.organisation.id,
    title: 'Alternatives to detention',
    body: 'Migrants should not be held in detention while their cases are heard.',
    language: 'en',
    themes: ['migrants_rights'],
    ...overrides,
  });
  const submit = (token: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/input-calls/${callId}/submissions`).set(auth(token)).send(body);
  const adopt = (consultation: string, body: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/api/v1/consultations/${consultation}/action-points`)
      .set(auth(admin))
      .send({ text: 'Continue the deliberation on alternatives to detention.', ...body });
  const postUpdate = (token: string, id: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/v1/action-points/${id}/updates`)
      .set(auth(token))
      .send({ text: 'Progress.', ...body });

  beforeAll(async () => {
    t = await createTestApp();
    admin = (await staffToken(t, UserRole.Admin)).token;
    reviewer = await staffToken(t, UserRole.Reviewer);
    consultationId = (await publishedConsultation(t, admin)).id;
    author = await focalPointWithOrganisation(t);
    cosigner = await focalPointWithOrganisation(t);
    outsider = await focalPointWithOrganisation(t);
    for (const org of [author, cosigner, outsider])
      await t.dataSource
        .getRepository(Organisation)
        .update({ id: org.organisation.id }, { observerStatus: ObserverStatus.Observer });
    callId = (
      await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/input-calls`)
        .set(auth(admin))
        .send({
          title: 'Written input',
          opensAt: new Date(Date.now() - DAY).toISOString(),
          closesAt: new Date(Date.now() + 10 * DAY).toISOString(),
          wordLimit: 50,
          eligibility: 'observers',
          perOrganisation: 50,
          allowAttachment: true,
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  describe('the archive search', () => {
    const hostile = [
      '"',
      '""',
      'a"b',
      'NEAR(a b)',
      'a NEAR b',
      '*',
      'detention*',
      '-detention',
      'title:detention',
      '(detention',
      'detention)',
      'a AND OR NOT b',
      "'; DROP TABLE submissions; --",
      '%_%',
      '\\',
      '^detention',
      '{title}: x',
      'x'.repeat(200),
      'é'.repeat(200),
      Array.from({ length: 100 }, () => 'a').join(' '),
      '\u200b\u200d\ufeff',
      '🙂 detention',
    ];
    it.each(hostile)('answers %p with 200, never 500', async (q) => {
      const response = await t.http().get('/api/v1/submissions').query({ q });
      expect(response.status).toBe(200);
      const page = await t.http().get('/inputs').query({ q });
      expect(page.status).toBe(200);
    });

    it('refuses a search of 1,000 words (400), both in the API and on the page', async () => {
      const q = Array.from({ length: 1_000 }, (_, i) => `w${i}`).join(' ');
      expect((await t.http().get('/api/v1/submissions').query({ q })).status).toBe(400);
      expect((await t.http().get('/inputs').query({ q })).status).toBe(400);
    });

    it('refuses a search of 10,000 words as too long a request (431), never 500', async () => {
      const q = Array.from({ length: 10_000 }, (_, i) => `w${i}`).join(' ');
      expect((await t.http().get('/api/v1/submissions').query({ q })).status).toBe(431);
    });

    it('refuses a repeated or control-character q with 400', async () => {
      expect((await t.http().get('/api/v1/submissions?q=a&q=b')).status).toBe(400);
      expect((await t.http().get('/api/v1/submissions?q=a%00b')).status).toBe(400);
      expect((await t.http().get('/inputs?q=a&q=b')).status).toBeLessThan(500);
    });
  });

  describe('a draft with a co-signer', () => {
    let draftId: string;
    beforeAll(async () => {
      draftId = (
        await submit(
          author.token,
          input({ draft: true, cosignerOrganisationIds: [cosigner.organisation.id] }),
        ).expect(201)
      ).body.id;
    });

    it("is not found by the invited co-signer's focal point", async () => {
      expect(
        (await t.http().get(`/api/v1/submissions/${draftId}`).set(auth(cosigner.token))).status,
      ).toBe(404);
    });

    it('cannot be co-signed: 404, as for any record one may not see', async () => {
      const response = await t
        .http()
        .post(`/api/v1/submissions/${draftId}/cosign`)
        .set(auth(cosigner.token))
        .send({ organisationId: cosigner.organisation.id, decision: 'confirm' });
      expect(response.status).toBe(404);
    });
  });

  describe('a withdrawn submission with an attachment', () => {
    let id: string;
    beforeAll(async () => {
      id = (await submit(author.token, input({ draft: true })).expect(201)).body.id;
      await t
        .http()
        .post(`/api/v1/submissions/${id}/attachment`)
        .set(auth(author.token))
        .attach('file', pdfBytes('Private'), 'input.pdf')
        .expect(200);
      await t.http().post(`/api/v1/submissions/${id}/withdraw`).set(auth(author.token)).expect(200);
    });

    it.each([
      ['anonymous', undefined],
      ['another organisation', 'outsider'],
    ])('is not found, nor its attachment, by %s', async (_, who) => {
      const headers = who ? auth(outsider.token) : {};
      expect((await t.http().get(`/api/v1/submissions/${id}`).set(headers)).status).toBe(404);
      expect((await t.http().get(`/api/v1/submissions/${id}/attachment`).set(headers)).status).toBe(
        404,
      );
      expect((await t.http().get(`/inputs/${id}`).set(headers)).status).toBe(404);
      const search = await t
        .http()
        .get('/api/v1/submissions')
        .set(headers)
        .query({ consultationId });
      expect(search.body.items.map((s: { id: string }) => s.id)).not.toContain(id);
    });
  });

  describe('decisions', () => {
    it("refuses a reviewer deciding their own organisation's submission (403)", async () => {
      const id = (await submit(author.token, input()).expect(201)).body.id;
      await t.dataSource.getRepository(Membership).insert({
        userId: reviewer.user.id,
        organisationId: author.organisation.id,
        role: MembershipRole.Member,
      });
      try {
        const response = await t
          .http()
          .post(`/api/v1/submissions/${id}/decisions`)
          .set(auth(reviewer.token))
          .send({ decision: 'publish' });
        expect(response.status).toBe(403);
      } finally {
        await t.dataSource
          .getRepository(Membership)
          .delete({ userId: reviewer.user.id, organisationId: author.organisation.id });
      }
    });

    it('publishes once when two decisions race', async () => {
      const id = (await submit(author.token, input()).expect(201)).body.id;
      const decide = () =>
        t
          .http()
          .post(`/api/v1/submissions/${id}/decisions`)
          .set(auth(reviewer.token))
          .send({ decision: 'publish' });
      const statuses = (await Promise.all([decide(), decide()])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
    });

    it('confirms a co-signature once when two confirmations race', async () => {
      const id = (
        await submit(author.token, input({ cosignerOrganisationIds: [cosigner.organisation.id] }))
      ).body.id;
      const cosign = () =>
        t
          .http()
          .post(`/api/v1/submissions/${id}/cosign`)
          .set(auth(cosigner.token))
          .send({ organisationId: cosigner.organisation.id, decision: 'confirm' });
      const statuses = (await Promise.all([cosign(), cosign()])).map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
    });
  });

  describe('script in texts', () => {
    const script = '<script>alert(1)</script>';
    it('escapes a submission title and body on the archive and on the submission page', async () => {
      const id = (
        await submit(author.token, input({ title: `T ${script}`, body: `B ${script}` })).expect(201)
      ).body.id;
      await t
        .http()
        .post(`/api/v1/submissions/${id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'publish' })
        .expect(200);
      for (const path of [`/inputs/${id}`, '/inputs']) {
        const page = await t.http().get(path).expect(200);
        expect(page.text).not.toContain(script);
        expect(page.text).toContain('&lt;script&gt;');
      }
    });
  });

  describe('action point updates', () => {
    let pointId: string;
    beforeAll(async () => {
      pointId = (
        await adopt(consultationId, {
          responsibleOrganisationIds: [author.organisation.id],
        }).expect(201)
      ).body.id;
    });

    it.each([
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      ' javascript:alert(1)',
      'vbscript:x',
      '//evil.example',
      'http:/\\evil',
      'https://',
    ])('refuses the link %p (400) and stores nothing', async (link) => {
      const response = await postUpdate(author.token, pointId, { link });
      expect(response.status).toBe(400);
      const read = await t.http().get(`/api/v1/action-points/${pointId}`).expect(200);
      expect(read.body.updates.map((u: { link: string }) => u.link)).not.toContain(link);
    });

    it('escapes a link and a text with markup on the page', async () => {
      await postUpdate(author.token, pointId, {
        text: '<img src=x onerror=alert(1)>',
        link: 'https://example.org/"><script>alert(1)</script>',
      }).expect(201);
      const page = await t.http().get(`/follow-up/${pointId}`).expect(200);
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).not.toContain('<img src=x');
    });

    it('refuses an update by an organisation that is not responsible (403), or anonymous (401)', async () => {
      expect((await postUpdate(outsider.token, pointId, {})).status).toBe(403);
      expect(
        (await t.http().post(`/api/v1/action-points/${pointId}/updates`).send({ text: 'x' }))
          .status,
      ).toBe(401);
    });

    it('refuses an update naming another responsible organisation than one’s own', async () => {
      const response = await postUpdate(outsider.token, pointId, {
        organisationId: author.organisation.id,
      });
      expect(response.status).toBe(403);
    });

    it('neutralises formulas in every cell of the CSV', async () => {
      const evil = await focalPointWithOrganisation(t, { name: '=HYPERLINK("http://x")' });
      const point = (
        await adopt(consultationId, {
          text: '@SUM(A1)',
          responsibleOrganisationIds: [evil.organisation.id],
        }).expect(201)
      ).body.id;
      await postUpdate(evil.token, point, { text: '+cmd|calc' }).expect(201);
      const csv = await t
        .http()
        .get(`/api/v1/consultations/${consultationId}/action-points.csv`)
        .set(auth(reviewer.token))
        .expect(200);
      const row = csv.text.split('\n').find((line) => line.includes('SUM'))!;
      expect(row).toContain("'@SUM(A1)");
      expect(row).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(row).toContain("'+cmd|calc");
    });
  });

  describe("a draft consultation's action point", () => {
    let pointId: string;
    beforeAll(async () => {
      const draft = await t
        .http()
        .post('/api/v1/consultations')
        .set(auth(admin))
        .send(consultationFactory())
        .expect(201);
      pointId = (
        await adopt(draft.body.id, { responsibleOrganisationIds: [author.organisation.id] }).expect(
          201,
        )
      ).body.id;
    });

    it('is not found by the responsible organisation', async () => {
      expect(
        (await t.http().get(`/api/v1/action-points/${pointId}`).set(auth(author.token))).status,
      ).toBe(404);
    });

    it('takes no update from the responsible organisation: 404, as it cannot be read', async () => {
      expect((await postUpdate(author.token, pointId, {})).status).toBe(404);
    });
  });

  describe("a cancelled consultation's action points", () => {
    let consultation: string;
    let pointId: string;
    beforeAll(async () => {
      consultation = (await publishedConsultation(t, admin)).id;
      pointId = (await adopt(consultation).expect(201)).body.id;
      await t
        .http()
        .post(`/api/v1/consultations/${consultation}/cancel`)
        .set(auth(admin))
        .send({ reason: 'Postponed' });
    });

    it('are shown in its follow-up as they are on their own', async () => {
      const one = await t.http().get(`/api/v1/action-points/${pointId}`);
      const followUp = await t.http().get(`/api/v1/consultations/${consultation}/follow-up`);
      const listed = (followUp.body.own ?? []).some((p: { id: string }) => p.id === pointId);
      expect(listed).toBe(one.status === 200);
    });
  });
});
