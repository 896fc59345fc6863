import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserRole } from '../src/accounts/user.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { PASSWORD, userFactory } from './support/factories';
import { linkIn, MailCatcher } from './support/mail-catcher';
import { REQUEST } from './support/organisations';
import { pdfBytes } from './support/pdf';
import { createTestApp, TestApp } from './support/test-app';
import { attribute, csrfIn, WebClient } from './support/web-client';

const HOSTILE = 'Les <script>alert(1)</script> {{constructor}} Amis';

async function signedIn(t: TestApp, overrides: Parameters<typeof userFactory>[1] = {}) {
  const user = await userFactory(t, overrides);
  const browser = new WebClient(t);
  expect((await browser.submit('/signin', { email: user.email, password: PASSWORD })).status).toBe(
    303,
  );
  return { user, browser };
}

describe('organisations and accreditation through the pages', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let uploads: string;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    uploads = mkdtempSync(join(tmpdir(), 'convene-uploads-'));
    t = await createTestApp({ mail, env: { UPLOAD_DIR: uploads } });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
    rmSync(uploads, { recursive: true, force: true });
  });

  describe('a new profile to observer through the forms, hostile names shown escaped', () => {
    let focal: Awaited<ReturnType<typeof signedIn>>;
    let reviewer: Awaited<ReturnType<typeof signedIn>>;
    let organisationId: string;
    let accreditationPage: string;
    let uploadAction: string;
    let requestId: string;
    let review: { text: string };
    let again: { text: string };
    const organisation = () =>
      t.dataSource.getRepository(Organisation).findOneByOrFail({ id: organisationId });

    beforeAll(async () => {
      focal = await signedIn(t, { name: HOSTILE, locale: 'fr' });
    });

    it('re-shows an invalid profile with an error summary linking to the fields, the input kept', async () => {
      const invalid = await focal.browser.submit('/organisations/new', {
        name: '',
        country: 'ZZ',
        type: 'ngo',
        website: 'not a url',
      });
      expect(invalid.status).toBe(400);
      expect(invalid.text).toContain('class="error-summary"');
      expect(invalid.text).toContain('href="#field-country"');
      expect(invalid.text).toContain('value="not a url"');
    });

    it('creates the profile from the form, its boxes, region and year read as they mean', async () => {
      const created = await focal.browser.submit('/organisations/new', {
        name: HOSTILE,
        acronym: 'LAA',
        country: 'SN',
        type: 'migrant_association',
        thematicAreas: 'migrants_rights',
        migrantLed: 'true',
        flagsShown: 'true',
        description: 'Une association <b>de</b> migrants.',
        website: 'https://laa.example.org',
        foundedYear: '1998',
      });
      expect(created.status).toBe(303);
      organisationId = /\/organisations\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
      accreditationPage = `/organisations/${organisationId}/accreditation`;
      const saved = await organisation();
      expect(saved).toMatchObject({
        name: HOSTILE,
        migrantLed: true,
        womenLed: false,
        thematicAreas: ['migrants_rights'],
        region: 'africa',
        website: 'https://laa.example.org',
        foundedYear: 1998,
      });
    });

    it('shows hostile text on the profile escaped', async () => {
      const profile = await focal.browser.get(`/organisations/${organisationId}`).expect(200);
      expect(profile.text).not.toContain('<script>alert(1)</script>');
      expect(profile.text).toContain(
        'Les &lt;script&gt;alert(1)&lt;/script&gt; {{constructor}} Amis',
      );
      expect(profile.text).toContain('Une association &lt;b&gt;de&lt;/b&gt; migrants.');
    });

    it('reads an unticked box as false, and clears an emptied optional field, on an edit', async () => {
      const edited = await focal.browser.submit(`/organisations/${organisationId}`, {
        name: HOSTILE,
        acronym: 'LAA',
        country: 'SN',
        type: 'migrant_association',
        flagsShown: 'true',
        womenLed: 'true',
        description: 'Mise à jour',
        website: '',
        foundedYear: '',
      });
      expect(edited.status).toBe(303);
      expect(await organisation()).toMatchObject({
        migrantLed: false,
        womenLed: true,
        thematicAreas: [],
        description: 'Mise à jour',
        acronym: 'LAA',
        // Emptied on the form: cleared.
        website: null,
        foundedYear: null,
      });
    });

    it('re-shows a request for accreditation that is too short with the input kept, and takes a complete one', async () => {
      const short = await focal.browser.submit(accreditationPage, {
        motivation: 'short',
        migrationActivities: REQUEST.migrationActivities,
      });
      expect(short.status).toBe(400);
      expect(short.text).toContain(REQUEST.migrationActivities);
      expect((await focal.browser.submit(accreditationPage, REQUEST)).status).toBe(303);
    });

    it('takes a PDF uploaded from the request page', async () => {
      const withRequest = await focal.browser.get(accreditationPage).expect(200);
      uploadAction = attribute(withRequest.text, /action="([^"]+\/documents\?_csrf[^"]+)"/);
      const uploaded = await focal.browser.agent
        .post(uploadAction)
        .field('kind', 'statutes')
        .attach('file', pdfBytes(), 'statuts.pdf');
      expect(uploaded.status).toBe(303);
    });

    it('re-shows a file that is not a PDF as an error of the file field', async () => {
      const notPdf = await focal.browser.agent
        .post(uploadAction)
        .field('kind', 'other')
        .attach('file', Buffer.from('hello'), 'x.pdf');
      expect(notPdf.status).toBe(400);
      expect(notPdf.text).toContain('field-file-error');
      const tooLarge = await focal.browser.agent
        .post(uploadAction)
        .field('kind', 'other')
        .attach('file', Buffer.concat([pdfBytes(), Buffer.alloc(10 * 1024 * 1024, 32)]), 'big.pdf');
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.text).toContain('field-file-error');
      expect(tooLarge.text).toContain('href="#field-file"');
    });

    it('refuses an upload without its CSRF token with 403', async () => {
      const noToken = await focal.browser.agent
        .post(uploadAction.replace(/\?_csrf=.*/, ''))
        .field('kind', 'other')
        .attach('file', pdfBytes(), 'x.pdf');
      expect(noToken.status).toBe(403);
    });

    it('shows reviewers the request in their queue, its name escaped, and its document', async () => {
      reviewer = await signedIn(t, { role: UserRole.Reviewer });
      const queue = await reviewer.browser.get('/staff/accreditation').expect(200);
      expect(queue.text).toContain('Les &lt;script&gt;');
      requestId = new RegExp(`/staff/accreditation/([0-9a-f-]{36})"`).exec(queue.text)![1];
      review = await reviewer.browser.get(`/staff/accreditation/${requestId}`).expect(200);
      expect(review.text).toContain('statuts.pdf');
    });

    it('re-shows a rejection without a reason, linking to the reason and its code', async () => {
      const noReason = await reviewer.browser.agent
        .post(`/staff/accreditation/${requestId}/decisions`)
        .type('form')
        .send({ _csrf: csrfIn(review.text), decision: 'reject', reason: '' });
      expect(noReason.status).toBe(400);
      expect(noReason.text).toContain('href="#field-reason"');
      expect(noReason.text).toContain('href="#field-reasonCode"');
    });

    it('lets the reviewer ask a question that the focal point answers on the request page', async () => {
      const asked = await reviewer.browser.agent
        .post(`/staff/accreditation/${requestId}/decisions`)
        .type('form')
        .send({
          _csrf: csrfIn(review.text),
          decision: 'request_info',
          reason: 'Quel est votre budget annuel ?',
        });
      expect(asked.status).toBe(303);
      expect(
        (
          await focal.browser.submit(
            accreditationPage,
            { message: 'Environ 40 000 EUR.' },
            `${accreditationPage}/${requestId}/responses`,
          )
        ).status,
      ).toBe(303);
      again = await reviewer.browser.get(`/staff/accreditation/${requestId}`).expect(200);
      expect(again.text).toContain('Environ 40 000 EUR.');
    });

    it('lists the approved observer in the public directory, its name escaped', async () => {
      const approved = await reviewer.browser.agent
        .post(`/staff/accreditation/${requestId}/decisions`)
        .type('form')
        .send({ _csrf: csrfIn(again.text), decision: 'approve', reason: 'Bienvenue.' });
      expect(approved.status).toBe(303);
      const directory = await new WebClient(t).get('/observers?q=amis').expect(200);
      expect(directory.text).toContain(`/organisations/${organisationId}`);
      expect(directory.text).not.toContain('<script>alert(1)</script>');
    });

    it('mails the approval with the hostile name escaped in HTML, and as written in the text and subject', async () => {
      await t.deliverMail();
      const approvedMail = await mail.waitFor(focal.user.email, (m) =>
        m.text.includes('Bienvenue.'),
      );
      expect(approvedMail.html).not.toContain('<script>alert(1)</script>');
      expect(approvedMail.html).toContain('&lt;script&gt;');
      expect(approvedMail.text).toContain(HOSTILE);
      expect(approvedMail.subject).toContain(HOSTILE);
    });
  });

  describe('a colleague invited on the pages, who signs in from the emailed link and joins', () => {
    let focal: Awaited<ReturnType<typeof signedIn>>;
    let colleague: Awaited<ReturnType<typeof userFactory>>;
    let organisationId: string;
    let url: URL;
    let visitor: WebClient;
    let signInLink: string;
    let signedInAt: string;

    beforeAll(async () => {
      focal = await signedIn(t);
      const created = await focal.browser.submit('/organisations/new', {
        name: 'Diaspora Bridges',
        country: 'PH',
        type: 'diaspora_organisation',
        flagsShown: 'true',
      });
      organisationId = /\/organisations\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
      colleague = await userFactory(t, { locale: 'es' });
      const invited = await focal.browser.submit(
        `/organisations/${organisationId}/members`,
        { email: colleague.email, role: 'member' },
        `/organisations/${organisationId}/invitations`,
      );
      expect(invited.status).toBe(303);
      await t.deliverMail();
      url = linkIn(
        await mail.waitFor(colleague.email, (m) => m.text.includes('/invitations/accept')),
        '/invitations/accept',
      ).url;
      visitor = new WebClient(t);
    });

    it('shows the invitation to a visitor who is not signed in, with a link to sign in', async () => {
      const anonymous = await visitor.get(url.pathname + url.search).expect(200);
      expect(anonymous.text).toContain('Diaspora Bridges');
      signInLink = attribute(anonymous.text, /href="(\/signin\?next[^"]+)"/);
    });

    it('brings the visitor back to the invitation after signing in', async () => {
      const signIn = await visitor.submit(
        signInLink,
        {
          email: colleague.email,
          password: PASSWORD,
          next: decodeURIComponent(signInLink.split('next=')[1]),
        },
        '/signin',
      );
      expect(signIn.headers.location).toBe(
        `${url.pathname}?token=${encodeURIComponent(url.searchParams.get('token')!)}`,
      );
      signedInAt = signIn.headers.location;
    });

    it('joins the organisation from the invitation page and goes to its profile', async () => {
      const page = await visitor.get(signedInAt).expect(200);
      const joined = await visitor.agent
        .post('/invitations/accept')
        .type('form')
        .send({ _csrf: csrfIn(page.text), token: url.searchParams.get('token') });
      expect(joined.status).toBe(303);
      expect(joined.headers.location).toBe(`/organisations/${organisationId}`);
    });

    it('lists the newcomer among the members, and shows the organisation on their home page', async () => {
      const members = await focal.browser
        .get(`/organisations/${organisationId}/members`)
        .expect(200);
      expect(members.text).toContain(colleague.email);
      const home = await visitor.get('/').expect(200);
      expect(home.text).toContain('Diaspora Bridges');
    });
  });

  it('brings an invitee without an account back to the invitation after signing up and verifying', async () => {
    const focal = await signedIn(t);
    const created = await focal.browser.submit('/organisations/new', {
      name: 'Returning Voices',
      country: 'MX',
      type: 'ngo',
      flagsShown: 'true',
    });
    const organisationId = /\/organisations\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
    await focal.browser.submit(
      `/organisations/${organisationId}/members`,
      { email: 'newcomer@example.org', role: 'member' },
      `/organisations/${organisationId}/invitations`,
    );
    await t.deliverMail();
    const invitationLink = linkIn(
      await mail.waitFor('newcomer@example.org', (m) => m.text.includes('/invitations/accept')),
      '/invitations/accept',
    ).url;
    const invitationPath = invitationLink.pathname + invitationLink.search;

    const visitor = new WebClient(t);
    const page = await visitor.get(invitationPath).expect(200);
    const signUpPath = attribute(page.text, /href="(\/signup\?email[^"]+)"/);
    const signedUp = await visitor.submit(
      signUpPath,
      {
        name: 'New Comer',
        email: 'newcomer@example.org',
        password: 'a long walk to geneva',
        next: invitationPath,
      },
      '/signup',
    );
    expect(signedUp.status).toBe(303);
    await t.deliverMail();
    const verify = linkIn(
      await mail.waitFor('newcomer@example.org', (m) => m.text.includes('/verify-email')),
      '/verify-email',
    ).url;
    const verified = await visitor.get(verify.pathname + verify.search);
    expect(verified.headers.location).toBe(`/signin?next=${encodeURIComponent(invitationPath)}`);
    const back = await visitor.submit(
      verified.headers.location,
      { email: 'newcomer@example.org', password: 'a long walk to geneva', next: invitationPath },
      '/signin',
    );
    expect(back.headers.location).toBe(invitationPath);
  });

  it('answers 404 for another organisation’s pages and 403 for the staff queue', async () => {
    const owner = await signedIn(t);
    const created = await owner.browser.submit('/organisations/new', {
      name: 'Private Matters',
      country: 'KE',
      type: 'ngo',
      flagsShown: 'true',
    });
    const organisationId = /\/organisations\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
    const stranger = await signedIn(t);
    for (const path of ['', '/members', '/accreditation']) {
      expect((await stranger.browser.get(`/organisations/${organisationId}${path}`)).status).toBe(
        404,
      );
    }
    const home = await stranger.browser.get('/').expect(200);
    const edit = await stranger.browser.agent
      .post(`/organisations/${organisationId}`)
      .type('form')
      .send({ _csrf: csrfIn(home.text), name: 'Taken over' });
    expect(edit.status).toBe(404);
    expect((await stranger.browser.get('/staff/accreditation')).status).toBe(403);
    expect((await new WebClient(t).get(`/organisations/${organisationId}`)).status).toBe(404);
  });
});
