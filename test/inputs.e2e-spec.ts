import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserRole } from '../src/accounts/user.entity';
import { Membership, MembershipRole } from '../src/organisations/membership.entity';
import { ObserverStatus, Organisation } from '../src/organisations/organisation.entity';
import { Submission } from '../src/inputs/submission.entity';
import { publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { notPdfBytes, pdfBytes } from './support/pdf';
import { createTestApp, TestApp } from './support/test-app';
import { PASSWORD } from './support/factories';
import { WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;

describe('written inputs', () => {
  let t: TestApp;
  let mail: MailCatcher;
  let admin: string;
  let reviewer: Awaited<ReturnType<typeof staffToken>>;
  let consultationId: string;
  let callId: string;
  let closedCallId: string;
  let author: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let cosigner: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let outsider: Awaited<ReturnType<typeof focalPointWithOrganisation>>;

  const observe = (id: string) =>
    t.dataSource
      .getRepository(Organisation)
      .update({ id }, { observerStatus: ObserverStatus.Observer });
  const countOf = (organisationId: string) =>
    t.dataSource.getRepository(Submission).countBy({ organisationId });
  const input = (overrides: Record<string, unknown> = {}) => ({
    organisationId: author.organisation.id,
    title: 'Alternatives to detention',
    body: 'Migrants should not be held in detention while their cases are heard.',
    language: 'en',
    themes: ['migrants_rights'],
    ...overrides,
  });
  const submit = (token: string, body: Record<string, unknown>, call = callId) =>
    t.http().post(`/api/v1/input-calls/${call}/submissions`).set(auth(token)).send(body);
  const call = (overrides: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/api/v1/consultations/${consultationId}/input-calls`)
      .set(auth(admin))
      .send({
        title: 'Written input on migrants and crises',
        guidance: 'Tell us what should change.',
        translations: { fr: { title: 'Contributions écrites sur les migrants et les crises' } },
        opensAt: new Date(Date.now() - DAY).toISOString(),
        closesAt: new Date(Date.now() + 10 * DAY).toISOString(),
        wordLimit: 20,
        eligibility: 'observers',
        perOrganisation: 10,
        allowAttachment: true,
        ...overrides,
      });

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = (await staffToken(t, UserRole.Admin)).token;
    reviewer = await staffToken(t, UserRole.Reviewer);
    consultationId = (await publishedConsultation(t, admin)).id;
    author = await focalPointWithOrganisation(t);
    cosigner = await focalPointWithOrganisation(t, {}, 'fr');
    outsider = await focalPointWithOrganisation(t);
    await observe(author.organisation.id);
    await observe(cosigner.organisation.id);
    callId = (await call().expect(201)).body.id;
    closedCallId = (
      await call({
        opensAt: new Date(Date.now() - 10 * DAY).toISOString(),
        closesAt: new Date(Date.now() - DAY).toISOString(),
      }).expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('lists the calls of a consultation to anyone, with their translations', async () => {
    const list = await t.http().get(`/api/v1/consultations/${consultationId}/input-calls`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([closedCallId, callId]);
    expect(list.body.items[1]).toMatchObject({ open: true, perOrganisation: 10 });
    expect(list.body.items[1].translations.fr.title).toContain('crises');
  });

  it("shows the calls on the consultation's public page, in the reader's language", async () => {
    const page = await t.http().get(`/consultations/${consultationId}?lang=fr`).expect(200);
    const section = page.text.slice(page.text.indexOf('id="inputs-heading"'));
    expect(section).toContain('Contributions écrites sur les migrants et les crises');
    expect(section).toContain(`href="/consultations/${consultationId}/inputs"`);
    expect(page.text).toContain('href="/inputs"');
  });

  it('refuses a call that closes before it opens', async () => {
    const response = await call({ closesAt: new Date(Date.now() - 2 * DAY).toISOString() });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual([expect.stringMatching(/^closesAt: /)]);
  });

  it('refuses a text over the word limit, naming the field, and stores nothing', async () => {
    const before = await countOf(author.organisation.id);
    const body = Array.from({ length: 21 }, (_, i) => `word${i}`).join(' ');
    const response = await submit(author.token, input({ body }));
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual([expect.stringMatching(/^body: /)]);
    expect(await countOf(author.organisation.id)).toBe(before);
  });

  it('counts words as the page does: 20 words fit a limit of 20', async () => {
    const body = `${Array.from({ length: 19 }, () => 'l’homme').join(' ')} post-2015.`;
    const response = await submit(author.token, input({ body, draft: true }));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ status: 'draft', wordCount: 20 });
  });

  it('refuses a submission after the call has closed (DEADLINE_PASSED) and stores nothing', async () => {
    const before = await countOf(author.organisation.id);
    const response = await submit(author.token, input(), closedCallId);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('DEADLINE_PASSED');
    expect(await countOf(author.organisation.id)).toBe(before);
  });

  it('refuses an organisation the call does not invite (403 NOT_ELIGIBLE_FOR_CALL)', async () => {
    const response = await submit(
      outsider.token,
      input({ organisationId: outsider.organisation.id }),
    );
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('NOT_ELIGIBLE_FOR_CALL');
    expect(await countOf(outsider.organisation.id)).toBe(0);
  });

  it('refuses a submission for an organisation the user is not a member of (404)', async () => {
    const response = await submit(outsider.token, input());
    expect(response.status).toBe(404);
  });

  it('refuses an attachment that is not a PDF (400) and keeps no file', async () => {
    const draft = await submit(author.token, input({ draft: true })).expect(201);
    const response = await t
      .http()
      .post(`/api/v1/submissions/${draft.body.id}/attachment`)
      .set(auth(author.token))
      .attach('file', notPdfBytes, 'input.pdf');
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual([expect.stringMatching(/^file: /)]);
    const stored = await t.dataSource
      .getRepository(Submission)
      .findOneByOrFail({ id: draft.body.id });
    expect(stored.attachmentStoredName).toBeNull();
    const folder = join(process.env.UPLOAD_DIR ?? '', 'submissions');
    const pdfs = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.pdf')) : [];
    expect(pdfs).toEqual([]);
  });

  it('takes a PDF attachment and serves it to the organisation', async () => {
    const draft = await submit(author.token, input({ draft: true })).expect(201);
    const attached = await t
      .http()
      .post(`/api/v1/submissions/${draft.body.id}/attachment`)
      .set(auth(author.token))
      .attach('file', pdfBytes('Our input'), 'input.pdf');
    expect(attached.status).toBe(200);
    expect(attached.body.attachment).toMatchObject({ name: 'input.pdf' });
    const file = await t
      .http()
      .get(`/api/v1/submissions/${draft.body.id}/attachment`)
      .set(auth(author.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect((file.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it("answers 404 for another organisation's draft, to read, edit or submit", async () => {
    const draft = await submit(author.token, input({ draft: true })).expect(201);
    const id = draft.body.id as string;
    await t.http().get(`/api/v1/submissions/${id}`).set(auth(outsider.token)).expect(404);
    await t.http().get(`/api/v1/submissions/${id}`).expect(404);
    await t.http().get(`/api/v1/submissions/${id}`).set(auth(reviewer.token)).expect(404);
    await t
      .http()
      .patch(`/api/v1/submissions/${id}`)
      .set(auth(outsider.token))
      .send({ title: 'Taken over' })
      .expect(404);
    await t.http().post(`/api/v1/submissions/${id}/submit`).set(auth(outsider.token)).expect(404);
  });

  describe('a returned submission is edited and submitted again', () => {
    let id: string;

    beforeAll(async () => {
      id = (await submit(author.token, input({ title: 'Returned once' })).expect(201)).body.id;
    });

    it('tells the submitter of its receipt', async () => {
      await t.deliverMail();
      const receipt = await mail.waitFor(author.user.email, (m) =>
        m.text.includes('Returned once'),
      );
      expect(receipt.subject).toBe('Input received: Returned once');
    });

    it('is returned with a reason, which the submitter is told', async () => {
      const returned = await t
        .http()
        .post(`/api/v1/submissions/${id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'return', reason: 'Please shorten the second paragraph.' });
      expect(returned.status).toBe(200);
      expect(returned.body).toMatchObject({ status: 'returned' });
      await t.deliverMail();
      const told = await mail.waitFor(author.user.email, (m) =>
        m.subject.startsWith('Input returned'),
      );
      expect(told.text).toContain('Please shorten the second paragraph.');
    });

    it('refuses a second decision on it (409 INVALID_TRANSITION)', async () => {
      const again = await t
        .http()
        .post(`/api/v1/submissions/${id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'publish' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
    });

    it('is edited and resubmitted by its organisation', async () => {
      await t
        .http()
        .patch(`/api/v1/submissions/${id}`)
        .set(auth(author.token))
        .send({ body: 'A shorter text.' })
        .expect(200);
      const resubmitted = await t
        .http()
        .post(`/api/v1/submissions/${id}/submit`)
        .set(auth(author.token));
      expect(resubmitted.status).toBe(200);
      expect(resubmitted.body).toMatchObject({ status: 'submitted', body: 'A shorter text.' });
    });
  });

  describe('a joint submission', () => {
    let id: string;

    beforeAll(async () => {
      const created = await submit(
        author.token,
        input({
          title: 'Joint input on détention',
          cosignerOrganisationIds: [cosigner.organisation.id, outsider.organisation.id],
        }),
      ).expect(201);
      id = created.body.id;
    });

    it("asks each co-signer's focal point to confirm, in their language", async () => {
      await t.deliverMail();
      const asked = await mail.waitFor(cosigner.user.email, (m) => m.text.includes('détention'));
      expect(asked.subject).toBe('Cosigner une contribution\u202f? Joint input on détention');
      expect(asked.text).toContain(`/inputs/${id}`);
    });

    it('refuses a co-signature by someone who is not a focal point of that organisation', async () => {
      const response = await t
        .http()
        .post(`/api/v1/submissions/${id}/cosign`)
        .set(auth(author.token))
        .send({ organisationId: cosigner.organisation.id, decision: 'confirm' });
      expect(response.status).toBe(404);
    });

    it('takes the co-signer focal point’s confirmation, once', async () => {
      const confirmed = await t
        .http()
        .post(`/api/v1/submissions/${id}/cosign`)
        .set(auth(cosigner.token))
        .send({ organisationId: cosigner.organisation.id, decision: 'confirm' });
      expect(confirmed.status).toBe(200);
      const again = await t
        .http()
        .post(`/api/v1/submissions/${id}/cosign`)
        .set(auth(cosigner.token))
        .send({ organisationId: cosigner.organisation.id, decision: 'decline' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
    });

    it('is never decided by staff of the submitting organisation (403 OWN_ORGANISATION)', async () => {
      const member = await staffToken(t, UserRole.Reviewer);
      await t.dataSource.getRepository(Membership).save({
        userId: member.user.id,
        organisationId: author.organisation.id,
        role: MembershipRole.Member,
      });
      const response = await t
        .http()
        .post(`/api/v1/submissions/${id}/decisions`)
        .set(auth(member.token))
        .send({ decision: 'publish' });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('OWN_ORGANISATION');
    });

    it('once published, shows anyone its confirmed co-signers only', async () => {
      await t
        .http()
        .post(`/api/v1/submissions/${id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'publish' })
        .expect(200);
      const page = await t.http().get(`/api/v1/submissions/${id}`);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ status: 'published', reason: null });
      expect(page.body.cosigners).toEqual([
        {
          organisationId: cosigner.organisation.id,
          name: cosigner.organisation.name,
          observer: true,
          status: 'confirmed',
        },
      ]);
      expect(page.body.url).toBe(`http://convene.test/inputs/${id}`);
      await t.deliverMail();
      await mail.waitFor(
        author.user.email,
        (m) => m.subject === `Input published: ${page.body.title}`,
      );
    });

    it('may no longer be withdrawn (409 INVALID_TRANSITION)', async () => {
      const response = await t
        .http()
        .post(`/api/v1/submissions/${id}/withdraw`)
        .set(auth(author.token));
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('INVALID_TRANSITION');
    });
  });

  describe('the archive', () => {
    let accented: string;
    let spanish: string;

    beforeAll(async () => {
      const publish = async (body: Record<string, unknown>) => {
        const created = await submit(author.token, input(body)).expect(201);
        await t
          .http()
          .post(`/api/v1/submissions/${created.body.id}/decisions`)
          .set(auth(reviewer.token))
          .send({ decision: 'publish' })
          .expect(200);
        return created.body.id as string;
      };
      accented = await publish({
        title: 'La détention des migrants',
        body: 'Texte.',
        language: 'fr',
      });
      spanish = await publish({
        title: 'Alternativas',
        body: 'Alternativas a la detención de migrantes.',
        language: 'es',
        themes: ['integration'],
      });
    });

    const search = (query: Record<string, string>) =>
      t
        .http()
        .get('/api/v1/submissions')
        .query({ consultationId, ...query })
        .expect(200);
    const ids = (response: { body: { items: { id: string }[] } }) =>
      response.body.items.map((item) => item.id);

    it('finds "détention" when searching "detention", whatever the case', async () => {
      const found = ids(await search({ q: 'DETENTION', language: 'fr' }));
      expect(found).toEqual([accented]);
    });

    it('finds "detención" when searching "DETENCIÓN"', async () => {
      expect(ids(await search({ q: 'DETENCIÓN' }))).toEqual([spanish]);
    });

    it('matches whole words only, every word of the search', async () => {
      expect(ids(await search({ q: 'detenc' }))).toEqual([]);
      expect(ids(await search({ q: 'detención migrantes' }))).toEqual([spanish]);
      expect(ids(await search({ q: 'detención nowhere' }))).toEqual([]);
    });

    it('shows visitors published submissions only', async () => {
      const all = await search({ pageSize: '100' });
      expect(all.body.items.every((i: { status: string }) => i.status === 'published')).toBe(true);
      expect(all.body.total).toBe(3);
    });

    it('filters by theme and language', async () => {
      expect(ids(await search({ theme: 'integration' }))).toEqual([spanish]);
      expect(ids(await search({ language: 'es' }))).toEqual([spanish]);
    });
  });

  describe('the pages', () => {
    let browser: WebClient;

    beforeAll(async () => {
      browser = new WebClient(t);
      expect(
        (await browser.submit('/signin', { email: author.user.email, password: PASSWORD })).status,
      ).toBe(303);
    });

    it('lists the calls of a consultation, with a link to submit to the open one', async () => {
      const page = await t.http().get(`/consultations/${consultationId}/inputs?lang=fr`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Contributions écrites sur les migrants et les crises');
      const signedIn = await browser.get(`/consultations/${consultationId}/inputs`).expect(200);
      expect(signedIn.text).toContain(`href="/input-calls/${callId}/submit"`);
      expect(signedIn.text).not.toContain(`href="/input-calls/${closedCallId}/submit"`);
    });

    it('shows the form with a live word count that works without scripts too', async () => {
      const form = await browser.get(`/input-calls/${callId}/submit`).expect(200);
      expect(form.text).toContain('data-word-limit="20"');
      expect(form.text).toContain('src="/static/js/word-count.js"');
      const over = await browser.submit(
        `/input-calls/${callId}/submit`,
        {
          organisationId: author.organisation.id,
          title: 'Too long',
          body: Array.from({ length: 21 }, () => 'word').join(' '),
          language: 'en',
        },
        `/input-calls/${callId}/submissions`,
      );
      expect(over.status).toBe(400);
      expect(over.text).toContain('The text is longer than the call');
    });

    it('submits through the form and shows the submission to its organisation', async () => {
      const posted = await browser.submit(
        `/input-calls/${callId}/submit`,
        {
          organisationId: author.organisation.id,
          title: 'Sent from the page',
          body: 'Short enough.',
          language: 'en',
          themes: 'health',
        },
        `/input-calls/${callId}/submissions`,
      );
      expect(posted.status).toBe(303);
      const page = await browser.get(posted.headers.location).expect(200);
      expect(page.text).toContain('Sent from the page');
      expect(page.text).toContain('Submitted');
    });

    it('finds a published input in the archive, in French', async () => {
      const archive = await t.http().get('/inputs?lang=fr&q=detention').expect(200);
      expect(archive.text).toContain('La détention des migrants');
      expect(archive.text).toContain('Joint input on détention');
      expect(archive.text).not.toContain('Sent from the page');
    });

    it('shows a published input with its co-signers and a link to cite', async () => {
      const [{ id }] = (await t.http().get('/api/v1/submissions').query({ q: 'joint' })).body
        .items as { id: string }[];
      const page = await t.http().get(`/inputs/${id}?lang=fr`).expect(200);
      expect(page.text).toContain('Cosignée par');
      expect(page.text).toContain(cosigner.organisation.name);
      expect(page.text).toContain(`http://convene.test/inputs/${id}`);
    });

    it('gives staff a queue with the submitted inputs to publish or return', async () => {
      const staff = new WebClient(t);
      expect(
        (await staff.submit('/signin', { email: reviewer.user.email, password: PASSWORD })).status,
      ).toBe(303);
      const queue = await staff.get(`/staff/consultations/${consultationId}/inputs`).expect(200);
      expect(queue.text).toContain('Sent from the page');
      expect(queue.text).toContain('value="publish"');
    });
  });
});
