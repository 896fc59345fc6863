import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { Response } from 'superagent';
import { User, UserRole } from '../src/accounts/user.entity';
import { Registration, RegistrationStatus } from '../src/registrations/registration.entity';
import { publishedConsultation } from './support/consultations';
import { PASSWORD } from './support/factories';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const ROWS = 120;
const BASE_TIME = Date.UTC(2026, 0, 1);

function binary(res: Response, done: (error: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The rows of a page's participant table, by the names in their first text cell. */
function namesOn(html: string): string[] {
  return [...html.matchAll(/<\/span>(Participant \d{3})<br>/g)].map((m) => m[1]);
}

const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

describe('staff lists that scale', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof staffToken>>;
  let browser: WebClient;
  let consultationId: string;
  let alpha: string;
  let beta: string;
  let rows: Registration[];

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
    browser = new WebClient(t);
    const signIn = await browser.submit('/signin', { email: admin.user.email, password: PASSWORD });
    expect(signIn.status).toBe(303);
    const consultation = await publishedConsultation(t, admin.token, { capacity: 500 });
    consultationId = consultation.id;
    const a = await focalPointWithOrganisation(t, { name: 'Alpha Collective' });
    const b = await focalPointWithOrganisation(t, { name: 'Beta Network' });
    alpha = a.organisation.id;
    beta = b.organisation.id;
    const statuses = [
      RegistrationStatus.Confirmed,
      RegistrationStatus.Pending,
      RegistrationStatus.Waitlisted,
    ];
    const repository = t.dataSource.getRepository(Registration);
    const made = Array.from({ length: ROWS }, (_, i) => {
      const status = statuses[i % 3];
      return repository.create({
        consultationId,
        organisationId: i % 2 ? beta : alpha,
        registeredById: (i % 2 ? b : a).user.id,
        participantName: `Participant ${String((i * 37) % ROWS).padStart(3, '0')}`,
        participantEmail: `p${i}@example.org`,
        gender: 'female',
        nationality: 'SN',
        needsVisaLetter: i % 4 === 0,
        status,
        waitlistSeq: status === RegistrationStatus.Waitlisted ? i : null,
        createdAt: new Date(BASE_TIME + i * 60_000),
      });
    });
    await repository.save(made, { chunk: 40 });
    rows = await repository.find({ where: { consultationId }, relations: { organisation: true } });
    expect(rows).toHaveLength(ROWS);
  });
  afterAll(async () => {
    await t.close();
  });

  const page = (query = '') =>
    browser.get(`/staff/consultations/${consultationId}/participants${query}`);

  /** The registrations as the list should order them: by the column, then date, then id. */
  function expected(sort: string, dir: 'asc' | 'desc', keep = (_: Registration) => true) {
    const key = (r: Registration): string =>
      sort === 'name'
        ? r.participantName
        : sort === 'organisation'
          ? r.organisation!.name
          : sort === 'status'
            ? r.status
            : '';
    const sign = dir === 'asc' ? 1 : -1;
    return rows
      .filter(keep)
      .sort(
        (x, y) =>
          sign *
          (key(x).localeCompare(key(y)) ||
            x.createdAt.getTime() - y.createdAt.getTime() ||
            (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
      );
  }

  it('shows 50 a page, with a pager that stops at the first and the last page', async () => {
    const first = await page().expect(200);
    expect(namesOn(first.text)).toEqual(
      expected('registered', 'asc')
        .slice(0, 50)
        .map((r) => r.participantName),
    );
    expect(first.text).toContain('Page 1 of 3');
    expect(first.text).not.toContain('rel="prev"');
    expect(decode(first.text)).toContain(`/participants?page=2" rel="next"`);

    const last = await page('?page=3').expect(200);
    expect(namesOn(last.text)).toEqual(
      expected('registered', 'asc')
        .slice(100)
        .map((r) => r.participantName),
    );
    expect(last.text).toContain('Page 3 of 3');
    expect(decode(last.text)).toContain(`/participants?page=2" rel="prev"`);
    expect(last.text).not.toContain('rel="next"');

    const beyond = await page('?page=4').expect(200);
    expect(namesOn(beyond.text)).toEqual([]);
    expect(beyond.text).toContain('120 ');
  });

  it.each([
    ['name', 'asc'],
    ['name', 'desc'],
    ['organisation', 'asc'],
    ['organisation', 'desc'],
    ['status', 'asc'],
    ['status', 'desc'],
    ['registered', 'asc'],
    ['registered', 'desc'],
  ] as const)('sorts the API list and the page by %s %s', async (sort, dir) => {
    const want = expected(sort, dir).map((r) => r.id);
    const api = await t
      .http()
      .get(
        `/api/v1/consultations/${consultationId}/registrations?sort=${sort}&dir=${dir}&pageSize=100&page=2`,
      )
      .set(auth(admin.token))
      .expect(200);
    expect(api.body.total).toBe(ROWS);
    expect(api.body.items.map((r: { id: string }) => r.id)).toEqual(want.slice(100));

    const html = await page(`?sort=${sort}&dir=${dir}`).expect(200);
    const byId = new Map(rows.map((r) => [r.id, r.participantName]));
    expect(namesOn(html.text)).toEqual(want.slice(0, 50).map((id) => byId.get(id)));
    const flipped = dir === 'asc' ? 'desc' : 'asc';
    expect(decode(html.text)).toMatch(
      new RegExp(`aria-sort="${dir}ending"><a href="[^"]*\\?sort=${sort}&dir=${flipped}"`),
    );
    expect(html.text.match(/aria-sort="none"/g)).toHaveLength(3);
  });

  it('keeps filters and sort in the pager, the sort links, the exports and the bulk bar', async () => {
    const filters = `status=pending&needsVisaLetter=true&organisationId=${alpha}`;
    const keep = (r: Registration) =>
      r.status === RegistrationStatus.Pending && r.needsVisaLetter && r.organisationId === alpha;
    const want = expected('name', 'desc', keep);
    expect(want.length).toBeGreaterThan(0);
    const html = await page(`?${filters}&sort=name&dir=desc`).expect(200);
    const text = decode(html.text);
    expect(namesOn(html.text)).toEqual(want.map((r) => r.participantName));
    expect(text).toContain(`registrations.csv?${filters}&sort=name&dir=desc"`);
    expect(text).toContain(`registrations.xlsx?${filters}&sort=name&dir=desc"`);
    expect(text).toContain(`participants?${filters}&sort=name&dir=asc"`);
    expect(text).toContain(`participants?${filters}&sort=status&dir=asc"`);
    expect(text).toContain('name="needsVisaLetter" value="true"');
    expect(text).toContain(`name="organisationId" value="${alpha}"`);
    expect(text).toContain('name="sort" value="name"');
    expect(text).toContain('name="dir" value="desc"');

    const wide = decode(
      (await page(`?needsVisaLetter=false&sort=organisation&dir=desc`).expect(200)).text,
    );
    expect(wide).toContain(
      `participants?needsVisaLetter=false&sort=organisation&dir=desc&page=2" rel="next"`,
    );

    const csv = await t
      .http()
      .get(
        `/api/v1/consultations/${consultationId}/registrations.csv?${filters}&sort=name&dir=desc`,
      )
      .set(auth(admin.token))
      .expect(200);
    const csvRows = parse(csv.text.replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    const names = csvRows.map((row) =>
      Object.values(row).find((v) => /^Participant \d{3}$/.test(v)),
    );
    expect(names).toEqual(want.map((r) => r.participantName));

    const xlsx = await t
      .http()
      .get(
        `/api/v1/consultations/${consultationId}/registrations.xlsx?${filters}&sort=name&dir=desc`,
      )
      .set(auth(admin.token))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheetNames: string[] = [];
    workbook.worksheets[0].eachRow((row, n) => {
      if (n === 1) return;
      const cells = (row.values as unknown[]).map(String);
      sheetNames.push(cells.find((v) => /^Participant \d{3}$/.test(v))!);
    });
    expect(sheetNames).toEqual(want.map((r) => r.participantName));
  });

  it('goes back from the bulk bar to the same filtered, sorted page', async () => {
    const html = await page(
      `?status=pending&needsVisaLetter=false&sort=name&dir=desc&page=2`,
    ).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html.text)![1];
    const body = new URLSearchParams([
      ['_csrf', csrf],
      ['decision', 'approve'],
      ['status', 'pending'],
      ['q', ''],
      ['needsVisaLetter', 'false'],
      ['organisationId', ''],
      ['sort', 'name'],
      ['dir', 'desc'],
      ['page', '2'],
    ]).toString();
    const done = await browser.agent
      .post(`/staff/consultations/${consultationId}/registrations/decisions`)
      .type('form')
      .send(body);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(
      `/staff/consultations/${consultationId}/participants?status=pending&needsVisaLetter=false&sort=name&dir=desc&page=2`,
    );
  });

  it.each(['sort=age', 'dir=up', 'page=0', 'page=abc', 'pageSize=101', 'needsVisaLetter=maybe'])(
    'refuses a bad %s on the API with a 400 and on the page as other pages do',
    async (bad) => {
      await t
        .http()
        .get(`/api/v1/consultations/${consultationId}/registrations?${bad}`)
        .set(auth(admin.token))
        .expect(400);
      await page(`?${bad}`).expect(400);
    },
  );

  it('pages the staff organisations with their filters kept', async () => {
    const first = await browser
      .get('/staff/organisations?q=Collective&country=SN&pageSize=1')
      .expect(200);
    expect(first.text).toContain('Alpha Collective');
    expect(decode(first.text)).not.toContain('rel="next"');
    const both = decode(
      (await browser.get('/staff/organisations?country=SN&pageSize=1').expect(200)).text,
    );
    expect(both).toContain('/staff/organisations?country=SN&pageSize=1&page=2" rel="next"');
    const second = await browser
      .get('/staff/organisations?country=SN&pageSize=1&page=2')
      .expect(200);
    expect(decode(second.text)).toContain('/staff/organisations?country=SN&pageSize=1" rel="prev"');
  });

  it('filters the admin list of users by role and keeps the role and search in its pager', async () => {
    const users = t.dataSource.getRepository(User);
    await users.save(
      Array.from({ length: 55 }, (_, i) =>
        users.create({
          email: `reviewer-${i}@lists.example.org`,
          name: `Listed Reviewer ${i}`,
          passwordHash: '!',
          role: UserRole.Reviewer,
        }),
      ),
      { chunk: 20 },
    );
    const first = await browser.get('/admin/users?q=lists.example&role=reviewer').expect(200);
    expect(first.text).toContain('55 ');
    expect(first.text.match(/reviewer-\d+@lists\.example\.org/g)).toHaveLength(50);
    expect(decode(first.text)).toContain(
      '/admin/users?q=lists.example&role=reviewer&page=2" rel="next"',
    );
    const second = await browser
      .get('/admin/users?q=lists.example&role=reviewer&page=2')
      .expect(200);
    expect(second.text.match(/reviewer-\d+@lists\.example\.org/g)).toHaveLength(5);
    expect(decode(second.text)).toContain('/admin/users?q=lists.example&role=reviewer" rel="prev"');
    const admins = await browser.get('/admin/users?q=lists.example&role=admin').expect(200);
    expect(admins.text).not.toContain('Listed Reviewer');
    await browser.get('/admin/users?role=chief').expect(400);
  });
});
