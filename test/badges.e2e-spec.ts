import { createPublicKey } from 'node:crypto';
import { Response } from 'supertest';
import { UserRole } from '../src/accounts/user.entity';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { MailAttachments } from '../src/mail/mail-attachments';
import { Membership, MembershipRole } from '../src/organisations/membership.entity';
import { verifyCheckInCode } from '../src/registrations/check-in-code';
import { issueParticipantToken } from '../src/registrations/participant-links';
import { Registration } from '../src/registrations/registration.entity';
import { participant, publishedConsultation } from './support/consultations';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { decodeQr, pdfImages, readPdf } from './support/pdf-reader';
import { PASSWORD } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const HOUR = 3_600_000;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A consultation that starts in two hours, so the door is open today. */
function startingSoon() {
  const now = Date.now();
  const starts = now + 2 * HOUR;
  return {
    startsAt: new Date(starts).toISOString(),
    endsAt: new Date(starts + 8 * HOUR).toISOString(),
    registrationClosesAt: new Date(now + HOUR).toISOString(),
    fundingDeadline: new Date(now + HOUR / 2).toISOString(),
    sessions: [
      {
        title: 'Opening',
        startsAt: new Date(starts).toISOString(),
        endsAt: new Date(starts + HOUR).toISOString(),
      },
    ],
    capacity: 3,
  };
}

/** A supertest binary body as a Buffer. */
function binary(res: Response, callback: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const shortOf = (id: string) => id.replace(/-/g, '').slice(0, 8).toUpperCase();

describe('badges with signed check-in codes, and check-in by scan', () => {
  let t: TestApp;
  let admin: { token: string };
  let reviewer: Awaited<ReturnType<typeof staffToken>>;
  let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let other: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let consultation: { id: string; title: string };
  let people: { id: string; name: string; status: string; checkInCode: string | null }[];
  let publicKeyPem: string;

  const register = async (consultationId: string, name: string) =>
    (
      await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant({ name }) })
        .expect(201)
    ).body as { id: string; status: string; checkInCode: string | null };
  const scan = (body: Record<string, unknown>, token = reviewer.token) =>
    t.http().post('/api/v1/check-ins').set(auth(token)).send(body);
  const pdf = (path: string, token: string) =>
    t.http().get(path).set(auth(token)).buffer(true).parse(binary).expect(200);
  const refused = (path: string, token: string, status: number) =>
    t.http().get(path).set(auth(token)).expect(status);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
    reviewer = await staffToken(t);
    org = await focalPointWithOrganisation(t, { name: 'Réseau des migrants', country: 'SN' });
    other = await focalPointWithOrganisation(t);
    consultation = await publishedConsultation(t, admin.token, startingSoon());
    people = [];
    for (const name of ['Awa Diallo', 'Zoë Brontë', 'Kofi Mensah', 'Waiting Person']) {
      people.push({ name, ...(await register(consultation.id, name)) });
    }
    publicKeyPem = (await t.http().get('/api/v1/badges/public-key').expect(200)).text;
  });
  afterAll(() => t.close());

  it('serves the public key without signing in, and every confirmed registration shows a code that verifies with it', async () => {
    expect(publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const key = createPublicKey(publicKeyPem);
    expect(people.map((p) => p.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
    ]);
    const read = await t
      .http()
      .get(`/api/v1/registrations/${people[0].id}`)
      .set(auth(org.token))
      .expect(200);
    expect(read.body.checkInCode).toBe(people[0].checkInCode);
    expect(verifyCheckInCode(key, read.body.checkInCode)).toEqual({
      registrationId: people[0].id,
      participantVersion: 1,
      consultationId: consultation.id,
    });
    expect(people[3].checkInCode).toBeNull();
  });

  it('renders a badge with the name and a QR code that decodes to the verifying code, for the organisation and staff', async () => {
    const own = await pdf(`/api/v1/registrations/${people[1].id}/badge.pdf`, org.token);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['cache-control']).toBe('private, no-store');
    const document = await readPdf(own.body as Buffer);
    expect(document.pages).toHaveLength(1);
    const text = document.pages[0].texts.join('\n');
    expect(text).toContain('Zoë Brontë');
    expect(text).toContain('Réseau des migrants');
    expect(text).toContain('Senegal');
    expect(text).toContain('Migrants and Development');
    const [qr] = pdfImages(document.document).map(decodeQr);
    expect(qr).toBe(people[1].checkInCode);
    expect(verifyCheckInCode(createPublicKey(publicKeyPem), qr)?.registrationId).toBe(people[1].id);
    expect(text.replace(/\n/g, '')).toContain(qr);
    await pdf(`/api/v1/registrations/${people[1].id}/badge.pdf`, reviewer.token);
  });

  it('answers 404 for another organisation’s badge and for a registration that is not confirmed', async () => {
    await refused(`/api/v1/registrations/${people[0].id}/badge.pdf`, other.token, 404);
    await refused(`/api/v1/registrations/${people[3].id}/badge.pdf`, org.token, 404);
  });

  it('prints every confirmed participant on A4 sheets for staff only, 4 or 8 a page', async () => {
    const sheet = await pdf(
      `/api/v1/consultations/${consultation.id}/badges.pdf?perPage=8`,
      reviewer.token,
    );
    const document = await readPdf(sheet.body as Buffer);
    expect(document.pages).toHaveLength(1);
    expect(Math.round(document.pages[0].width)).toBe(595);
    const codes = pdfImages(document.document).map(decodeQr).sort();
    expect(codes).toEqual(
      people
        .slice(0, 3)
        .map((p) => p.checkInCode)
        .sort(),
    );
    await refused(
      `/api/v1/consultations/${consultation.id}/badges.pdf?perPage=5`,
      reviewer.token,
      400,
    );
    await refused(`/api/v1/consultations/${consultation.id}/badges.pdf`, org.token, 403);
  });

  it('checks in once by scan; a second scan answers when, and changes nothing', async () => {
    const first = await scan({ code: people[0].checkInCode }).expect(200);
    expect(first.body.alreadyCheckedInAt).toBeNull();
    expect(first.body.registration.id).toBe(people[0].id);
    expect(first.body.registration.checkedInAt).not.toBeNull();
    expect(first.body.organisation).toMatchObject({ name: 'Réseau des migrants', country: 'SN' });
    // The answer's code is the one the registration is issued (and the one just scanned).
    expect(first.body.registration.checkInCode).toBe(people[0].checkInCode);
    const again = await scan({ code: people[0].checkInCode }).expect(200);
    expect(again.body.registration.checkInCode).toBe(people[0].checkInCode);
    expect(again.body.alreadyCheckedInAt).toBe(first.body.registration.checkedInAt);
    expect(again.body.registration.checkedInAt).toBe(first.body.registration.checkedInAt);
    const audits = await t.dataSource
      .getRepository(AuditEvent)
      .countBy({ entityId: people[0].id, action: 'registration.checked_in' });
    expect(audits).toBe(1);
  });

  it('refuses a tampered code, garbage and unknown fields with 400, checking no one in', async () => {
    const code = people[1].checkInCode!;
    const flipped = code.slice(0, 20) + (code[20] === 'A' ? 'B' : 'A') + code.slice(21);
    expect((await scan({ code: flipped }).expect(400)).body.code).toBe('TOKEN_INVALID');
    await scan({ code: 'hello' }).expect(400);
    await scan({ code, extra: 1 }).expect(400);
    await scan({ code, scannedAt: 'yesterday' }).expect(400);
    const row = await t.dataSource
      .getRepository(Registration)
      .findOneByOrFail({ id: people[1].id });
    expect(row.checkedInAt).toBeNull();
  });

  it('refuses the badge of a substituted participant’s older version', async () => {
    await t.dataSource.query(
      `UPDATE registrations SET "participantVersion" = 2 WHERE id = '${people[1].id}'`,
    );
    const refused = await scan({ code: people[1].checkInCode }).expect(409);
    expect(refused.body).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'superseded' });
    const current = await t
      .http()
      .get(`/api/v1/registrations/${people[1].id}`)
      .set(auth(org.token));
    expect(current.body.checkInCode).not.toBe(people[1].checkInCode);
    await scan({ code: current.body.checkInCode }).expect(200);
  });

  it('refuses a cancelled registration’s badge', async () => {
    await t
      .http()
      .post(`/api/v1/registrations/${people[2].id}/cancel`)
      .set(auth(org.token))
      .expect(200);
    const refused = await scan({ code: people[2].checkInCode }).expect(409);
    expect(refused.body).toMatchObject({ code: 'INVALID_TRANSITION', reason: 'not_confirmed' });
  });

  it('refuses staff who belong to the participant’s organisation', async () => {
    const insider = await staffToken(t);
    await t.dataSource.getRepository(Membership).save({
      userId: insider.user.id,
      organisationId: org.organisation.id,
      role: MembershipRole.Member,
    });
    const later = await register(
      (await publishedConsultation(t, admin.token, startingSoon())).id,
      'Insider Case',
    );
    expect((await scan({ code: later.checkInCode }, insider.token).expect(403)).body.code).toBe(
      'OWN_ORGANISATION',
    );
    await scan({ code: later.checkInCode }, org.token).expect(403);
  });

  it('refuses a check-in outside the consultation’s days ±1 unless staff confirm, and bounds the scan time', async () => {
    const far = await publishedConsultation(t, admin.token); // starts in 90 days
    const seat = await register(far.id, 'Early Bird');
    const refused = await scan({ code: seat.checkInCode }).expect(409);
    expect(refused.body.reason).toBe('outside_consultation_days');
    // Confirmed by staff, a scan made now counts, as the check-in page sends it.
    const confirmed = await scan({
      code: seat.checkInCode,
      scannedAt: new Date().toISOString(),
      override: true,
    }).expect(200);
    expect(confirmed.body.alreadyCheckedInAt).toBeNull();
    await scan({ code: seat.checkInCode, override: true }).expect(200);

    const nearby = await publishedConsultation(t, admin.token, startingSoon());
    const soon = await register(nearby.id, 'Offline Scan');
    const future = new Date(Date.now() + 5 * 60_000).toISOString();
    await scan({ code: soon.checkInCode, scannedAt: future }).expect(400);
    const scannedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const done = await scan({ code: soon.checkInCode, scannedAt }).expect(200);
    expect(done.body.registration.checkedInAt).toBe(scannedAt);
  });

  it('gives a participant their badge from their own link, and nothing for another token', async () => {
    const token = await issueParticipantToken(t.dataSource.manager, people[0].id);
    const own = await t
      .http()
      .get(`/my-registration/badge.pdf?token=${token}`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect((await readPdf(own.body as Buffer)).pages[0].texts).toContain('Awa Diallo');
    await t.http().get(`/my-registration/badge.pdf?token=cvp_nottheone`).expect(404);
    await t.http().get(`/my-registration/badge.pdf`).expect(400);
  });

  it('attaches the badge to mail only while the participant version is current and the seat confirmed', async () => {
    const attachments = t.app.get(MailAttachments);
    const current = await attachments.render(
      [{ kind: 'badge', registrationId: people[0].id, participantVersion: 1 }],
      'fr',
    );
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ filename: 'badge.pdf', contentType: 'application/pdf' });
    expect((await readPdf(current[0].content as Buffer)).pages[0].texts).toContain('Sénégal');
    const superseded = await attachments.render(
      [{ kind: 'badge', registrationId: people[1].id, participantVersion: 1 }],
      'en',
    );
    expect(superseded).toEqual([]);
    const cancelled = await attachments.render(
      [{ kind: 'badge', registrationId: people[2].id, participantVersion: 1 }],
      'en',
    );
    expect(cancelled).toEqual([]);
  });

  describe('pages', () => {
    const signIn = async (email: string) => {
      const browser = new WebClient(t);
      expect((await browser.submit('/signin', { email, password: PASSWORD })).status).toBe(303);
      return browser;
    };

    it('shows the delegation its badge link and check-in code, and staff the badge sheets', async () => {
      const member = await signIn(org.user.email);
      const delegation = await member
        .get(`/organisations/${org.organisation.id}/delegation`)
        .expect(200);
      expect(delegation.text).toContain(`/api/v1/registrations/${people[0].id}/badge.pdf`);
      expect(delegation.text).toContain(people[0].checkInCode);
      expect(delegation.text).not.toContain(`/api/v1/registrations/${people[3].id}/badge.pdf`);
      const badge = await member.get(`/api/v1/registrations/${people[0].id}/badge.pdf`).expect(200);
      expect(badge.headers['content-type']).toBe('application/pdf');
      const staff = await signIn(reviewer.user.email);
      const list = await staff
        .get(`/staff/consultations/${consultation.id}/participants`)
        .expect(200);
      expect(list.text).toContain(`/api/v1/consultations/${consultation.id}/badges.pdf?perPage=8`);
      expect(list.text).toContain(`/api/v1/registrations/${people[0].id}/badge.pdf`);
      const badges = await staff.get(`/staff/consultations/${consultation.id}/badges`).expect(200);
      expect(badges.text).toContain(
        `/api/v1/consultations/${consultation.id}/badges.pdf?perPage=4`,
      );
      expect(badges.text).toContain('/api/v1/badges/public-key');
      expect((await member.get(`/staff/consultations/${consultation.id}/badges`)).status).toBe(403);
    });

    it('checks in from the scanner field without JavaScript, and says when on a second scan', async () => {
      const nearby = await publishedConsultation(t, admin.token, startingSoon());
      const seat = await register(nearby.id, 'Desk Scan');
      const staff = await signIn(reviewer.user.email);
      const page = `/staff/consultations/${nearby.id}/check-in`;
      const first = await staff.submit(page, { code: seat.checkInCode! }, `${page}/scan`);
      expect(first.status).toBe(303);
      expect(first.headers.location).toBe(page);
      expect((await staff.get(page).expect(200)).text).toMatch(
        /Desk Scan is checked in \(\d{1,2} \w+ \d{4} at \d{2}:\d{2}/,
      );
      await staff.submit(page, { code: seat.checkInCode! }, `${page}/scan`);
      expect((await staff.get(page)).text).toMatch(
        /Desk Scan was already checked in on \d{1,2} \w+ \d{4}/,
      );
      // The short desk code printed beside the QR code finds the person by the name search.
      const other = await register(nearby.id, 'Desk Code');
      const desk = other.checkInCode ? shortOf(other.id) : '';
      const typed = await staff.submit(page, { code: desk }, `${page}/scan`);
      expect(typed.headers.location).toBe(`${page}?q=${desk}`);
      expect((await staff.get(`${page}?q=${desk}`).expect(200)).text).toContain('Desk Code');
      await staff.submit(page, { code: 'CV1.forged' }, `${page}/scan`);
      expect((await staff.get(page)).text).toContain(
        'This is not a valid badge code for this event.',
      );
      const script = await t.http().get('/vendor/jsqr.js').expect(200);
      expect(script.headers['content-type']).toContain('text/javascript');
      expect(script.text).toContain('jsQR');
    });
  });
});
