import { UserRole } from '../src/accounts/user.entity';
import { participant, publishedConsultation } from './support/consultations';
import { PASSWORD } from './support/factories';
import { focalPointWithOrganisation, REQUEST, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function signIn(t: TestApp, email: string) {
  const browser = new WebClient(t);
  expect((await browser.submit('/signin', { email, password: PASSWORD })).status).toBe(303);
  return browser;
}

/** The text of the page without its markup, one space between words. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('the staff dashboard', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof staffToken>>;
  let consultation: { id: string; title: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
    consultation = await publishedConsultation(t, admin.token, {
      title: 'Dashboard consultation',
      requiresApproval: true,
    });
    const org = await focalPointWithOrganisation(t);
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(201);
    await t
      .http()
      .post(`/api/v1/organisations/${org.organisation.id}/accreditation-requests`)
      .set(auth(org.token))
      .send(REQUEST)
      .expect(201);
  });
  afterAll(() => t.close());

  it('counts what waits for a decision and links to where to act', async () => {
    const reviewer = await staffToken(t, UserRole.Reviewer);
    const page = await (await signIn(t, reviewer.user.email)).get('/staff');
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('Staff workspace');
    expect(text).toContain('3 registrations to decide');
    expect(text).toContain('1 request submitted this week');
    expect(page.text).toMatch(
      new RegExp(
        `href="/staff/consultations/${consultation.id}/participants\\?status(=|&#x3D;)pending"`,
      ),
    );
    // Administration links are for admins only.
    expect(page.text).not.toContain('href="/admin/outbox"');
  });

  it('moves a count when the work is done', async () => {
    const list = await t
      .http()
      .get(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(admin.token))
      .expect(200);
    const pending = (list.body.items as { id: string; status: string }[]).find(
      (r) => r.status === 'pending',
    )!;
    await t
      .http()
      .post(`/api/v1/registrations/${pending.id}/decisions`)
      .set(auth(admin.token))
      .send({ decision: 'approve' })
      .expect(200);
    const page = await (await signIn(t, admin.user.email)).get('/staff');
    const text = textOf(page.text);
    expect(text).toContain('2 registrations to decide');
    expect(page.text).toContain('href="/admin/outbox"');
  });

  it('gives each staff page of the consultation its tabs and a window title naming it', async () => {
    const browser = await signIn(t, admin.user.email);
    for (const [path, heading] of [
      ['participants', 'Participants'],
      ['check-in', 'Check-in'],
      ['letters', 'Visa letters'],
      ['badges', 'Badges'],
    ]) {
      const page = await browser.get(`/staff/consultations/${consultation.id}/${path}`);
      expect([path, page.status]).toEqual([path, 200]);
      expect(page.text).toMatch(
        new RegExp(
          `href="/staff/consultations/${consultation.id}/${path}" aria-current="page">${heading}<`,
        ),
      );
      expect(page.text).toMatch(new RegExp(`<title>[^<]* · Dashboard consultation · `));
    }
  });

  it('names the consultation in the public page’s window title', async () => {
    const page = await t.http().get(`/consultations/${consultation.id}`).expect(200);
    expect(page.text).toMatch(/<title>[^<]* · Dashboard consultation · /);
  });

  it('is for staff only', async () => {
    const member = await focalPointWithOrganisation(t);
    const page = await (await signIn(t, member.user.email)).get('/staff');
    expect(page.status).toBe(403);
  });

  it('speaks the visitor’s language', async () => {
    const page = await (await signIn(t, admin.user.email)).get('/staff?lang=fr');
    expect(textOf(page.text)).toContain('Espace du secrétariat');
    expect(textOf(page.text)).toContain('2 inscriptions à décider');
  });
});

describe('the home page for staff', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('leads staff to their workspace, not to creating an organisation', async () => {
    const reviewer = await staffToken(t, UserRole.Reviewer);
    const home = await (await signIn(t, reviewer.user.email)).get('/');
    expect(home.text).toContain('href="/staff"');
    expect(home.text).not.toContain('href="/organisations/new"');
  });

  it('still offers a CSO member to create an organisation', async () => {
    const member = await focalPointWithOrganisation(t);
    const home = await (await signIn(t, member.user.email)).get('/');
    expect(home.text).toContain('href="/organisations/new"');
    expect(home.text).not.toContain(textOf('Your work'));
  });
});
