import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { UserRole } from '../src/accounts/user.entity';
import { DomainEvents } from '../src/common/domain-events';
import { ParticipantSubstituted } from '../src/registrations/registration.events';
import { Registration } from '../src/registrations/registration.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { LetterRequest } from '../src/letters/letter-request.entity';
import { RetentionJob } from '../src/personal-data/retention.job';
import { participant, publishedConsultation } from './support/consultations';
import { onPostgres } from './support/databases';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { pdfQrCodes, pdfText } from './support/pdf-text';
import { BASE_URL, createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 24 * 3_600_000;
const PASSPORT = 'XK7734521';
const BIRTH = '1984-03-09';
const VERIFY_LIMIT = 40;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('visa invitation letters', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };
  let reviewer: { token: string; user: { id: string } };
  let consultation: { id: string; title: string };
  let startsAt: number;

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({
      mail,
      env: { LETTER_VERIFY_MAX_PER_ADDRESS: String(VERIFY_LIMIT) },
    });
    admin = await staffToken(t, UserRole.Admin);
    reviewer = await staffToken(t, UserRole.Reviewer);
    consultation = await publishedConsultation(t, admin.token, { capacity: 50 });
    const read = await t.http().get(`/api/v1/consultations/${consultation.id}`).expect(200);
    startsAt = Date.parse(read.body.startsAt);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    passportName: 'AMINATA DIALLO NDIAYE',
    dateOfBirth: BIRTH,
    nationality: 'SN',
    passportNumber: PASSPORT,
    passportExpiry: day(startsAt + 400 * DAY),
    consulateCity: 'Dakar',
    consulateCountry: 'SN',
    arrivalDate: day(startsAt - 2 * DAY),
    departureDate: day(startsAt + 3 * DAY),
    ...overrides,
  });

  async function registered(
    who: Record<string, unknown> = { needsVisaLetter: true },
    consultationId = consultation.id,
  ) {
    const org = await focalPointWithOrganisation(t);
    const response = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant(who) })
      .expect(201);
    return {
      ...org,
      registration: response.body as { id: string; status: string; participant: { email: string } },
    };
  }

  const ask = (token: string, registrationId: string, overrides: Record<string, unknown> = {}) =>
    t
      .http()
      .post(`/api/v1/registrations/${registrationId}/letter-request`)
      .set(auth(token))
      .send(body(overrides));

  const decide = (token: string, id: string, decision: string, reason?: string) =>
    t
      .http()
      .post(`/api/v1/letter-requests/${id}/decisions`)
      .set(auth(token))
      .send({ decision, ...(reason ? { reason } : {}) });

  async function issuedLetter() {
    const org = await registered();
    const asked = await ask(org.token, org.registration.id).expect(201);
    const issued = await decide(reviewer.token, asked.body.id, 'issue').expect(200);
    const pdf = await t
      .http()
      .get(`/api/v1/letter-requests/${issued.body.id}/letter.pdf`)
      .set(auth(org.token))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('Content-Type', 'application/pdf');
    const qr = await pdfQrCodes(pdf.body as Buffer);
    const code = new URL(qr[0]).searchParams.get('code')!;
    return { ...org, letter: issued.body as { id: string }, pdf: pdf.body as Buffer, code, qr };
  }

  it('refuses a letter for a registration that is not confirmed or did not ask for one', async () => {
    const noLetter = await registered({ needsVisaLetter: false });
    const refused = await ask(noLetter.token, noLetter.registration.id).expect(409);
    expect(refused.body.code).toBe('INVALID_TRANSITION');
    expect(refused.body.message).toMatch(/did not ask for a visa letter/);

    const approval = await publishedConsultation(t, admin.token, { requiresApproval: true });
    const pending = await registered({ needsVisaLetter: true }, approval.id);
    expect(pending.registration.status).toBe('pending');
    const notYet = await ask(pending.token, pending.registration.id).expect(409);
    expect(notYet.body.code).toBe('INVALID_TRANSITION');
    expect(notYet.body.message).toMatch(/confirmed/);
    expect(await t.dataSource.query('SELECT COUNT(*) AS n FROM letter_requests')).toEqual([
      { n: onPostgres ? '0' : 0 },
    ]);
  });

  it('checks the passport, the dates and the window around the consultation, with clear messages', async () => {
    const { token, registration } = await registered();
    const bad = await ask(token, registration.id, {
      arrivalDate: day(startsAt - 30 * DAY),
      departureDate: day(startsAt + 3 * DAY),
      passportExpiry: day(startsAt + 30 * DAY),
    }).expect(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^arrivalDate: The arrival date must be between \d{4}-\d\d-\d\d and/),
        expect.stringMatching(
          /^passportExpiry: The passport must be valid at least 3 months after departure/,
        ),
      ]),
    );
    const malformed = await ask(token, registration.id, {
      dateOfBirth: '09/03/1984',
      nationality: 'XX',
      passportNumber: '12',
      consulateCountry: 'senegal',
      extra: 'no',
    }).expect(400);
    expect(malformed.body.message).toEqual(
      expect.arrayContaining([
        'dateOfBirth: Give a date as YYYY-MM-DD.',
        'nationality: Choose a nationality from the list.',
        expect.stringMatching(/^passportNumber: /),
        'consulateCountry: Choose a country from the list.',
        'extra: This field is not allowed.',
      ]),
    );
    const reversed = await ask(token, registration.id, {
      arrivalDate: day(startsAt + 3 * DAY),
      departureDate: day(startsAt),
    }).expect(400);
    expect(reversed.body.message).toEqual([
      'departureDate: The departure date cannot be before the arrival date.',
    ]);
    await t
      .http()
      .get(`/api/v1/registrations/${registration.id}/letter-request`)
      .set(auth(token))
      .expect(404);
  });

  it('issues a letter whose PDF names the passport holder and prints the code its QR code verifies', async () => {
    const org = await registered();
    const first = await ask(org.token, org.registration.id, { consulateCity: 'Dakr' }).expect(201);
    expect(first.body).toMatchObject({ status: 'requested', passportNumber: '••••••521' });
    expect(first.body).not.toHaveProperty('dateOfBirth');
    const corrected = await ask(org.token, org.registration.id).expect(201);
    expect(corrected.body).toMatchObject({ id: first.body.id, consulateCity: 'Dakar' });

    const queue = await t
      .http()
      .get(
        `/api/v1/consultations/${consultation.id}/letter-requests?status=requested&consulateCountry=SN`,
      )
      .set(auth(reviewer.token))
      .expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(first.body.id);

    await decide(reviewer.token, first.body.id, 'decline').expect(400);
    const issued = await decide(reviewer.token, first.body.id, 'issue').expect(200);
    expect(issued.body).toMatchObject({ status: 'issued', issuedAt: expect.any(String) });

    const pdf = await t
      .http()
      .get(`/api/v1/letter-requests/${first.body.id}/letter.pdf`)
      .set(auth(org.token))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const { pages, text } = await pdfText(pdf.body as Buffer);
    expect(pages).toBe(1);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('AMINATA DIALLO NDIAYE');
    expect(flat).toContain(PASSPORT);
    expect(flat).toContain(org.organisation.name);
    const [qr] = await pdfQrCodes(pdf.body as Buffer);
    const url = new URL(qr);
    expect(`${url.origin}${url.pathname}`).toBe(`${BASE_URL}/letters/verify`);
    const code = url.searchParams.get('code')!;
    expect(code.replace(/-/g, '')).toMatch(/^[0-9A-Z]{32}$/);
    expect(flat).toContain(code);

    const verified = await t.http().get(`/api/v1/letters/verify/${code}`).expect(200);
    expect(verified.body).toMatchObject({
      status: 'valid',
      participantName: 'AMINATA DIALLO NDIAYE',
      passportNumber: '••••••521',
      consultation: { title: consultation.title, city: 'Geneva' },
    });
    const lowerNoDashes = code.replace(/-/g, '').toLowerCase();
    await t.http().get(`/api/v1/letters/verify/${lowerNoDashes}`).expect(200);

    await t.deliverMail();
    const participantMail = await mail.waitFor(org.registration.participant.email, (m) =>
      m.subject.startsWith('Visa invitation letter'),
    );
    const attached = participantMail.parsed.attachments.find(
      (a) => a.contentType === 'application/pdf',
    );
    expect(attached).toBeDefined();
    expect((await pdfText(attached!.content)).text.replace(/\s+/g, ' ')).toContain(code);
    const memberMail = await mail.waitFor(org.user.email, (m) =>
      m.subject.startsWith('Visa invitation letter'),
    );
    expect(memberMail.parsed.attachments).toHaveLength(1);

    await t
      .http()
      .post(`/api/v1/registrations/${org.registration.id}/cancel`)
      .set(auth(org.token))
      .send({})
      .expect(200);
    const revoked = await t.http().get(`/api/v1/letters/verify/${code}`).expect(200);
    expect(revoked.body).toMatchObject({
      status: 'revoked',
      participantName: 'AMINATA DIALLO NDIAYE',
    });
    await t
      .http()
      .get(`/api/v1/letter-requests/${first.body.id}/letter.pdf`)
      .set(auth(org.token))
      .expect(404);
  });

  it("writes the letter in the participant's language: the registering member's without an account", async () => {
    const org = await focalPointWithOrganisation(t, {}, 'fr');
    const registration = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(org.token))
      .send({
        organisationId: org.organisation.id,
        participant: participant({ needsVisaLetter: true }),
      })
      .expect(201);
    const asked = await ask(org.token, registration.body.id).expect(201);
    await decide(reviewer.token, asked.body.id, 'issue').expect(200);
    const pdf = await t
      .http()
      .get(`/api/v1/letter-requests/${asked.body.id}/letter.pdf`)
      .set(auth(org.token))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const flat = (await pdfText(pdf.body as Buffer)).text.replace(/\s+/g, ' ');
    expect(flat).toContain('Madame, Monsieur,');
    expect(flat).toContain('ne prend pas en charge les frais de cette participation');
  });

  it('answers 404 for a random code', async () => {
    const random = randomBytes(20).toString('hex').slice(0, 32).toUpperCase();
    await t.http().get(`/api/v1/letters/verify/${random}`).expect(404);
  });

  it('writes the passport number and date of birth to no log line, also when a request fails', async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];
    try {
      const org = await issuedLetter();
      await t.deliverMail();
      // A failing request logs its error: the passport data in its body stays out of it.
      await t
        .http()
        .post(`/api/v1/registrations/${org.registration.id}/letter-request`)
        .set(auth(org.token))
        .send({ ...body(), passportExpiry: 'not a date' })
        .expect(400);
      await t.http().get(`/api/v1/letters/verify/${org.code}`);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
    const log = written.join('');
    expect(log).not.toContain(PASSPORT);
    expect(log).not.toContain(BIRTH);
  });

  it('keeps the passport number and date of birth out of the database in clear, the outbox, the audit log and the CSV', async () => {
    const org = await issuedLetter();
    const [row] = await t.dataSource.query(
      `SELECT * FROM letter_requests WHERE id = ${onPostgres ? '$1' : '?'}`,
      [org.letter.id],
    );
    expect(row.passportNumber).toMatch(/^v1:[\w-]+:/);
    expect(row.dateOfBirth).toMatch(/^v1:[\w-]+:/);
    expect(JSON.stringify(row)).not.toContain(PASSPORT);
    expect(JSON.stringify(row)).not.toContain(BIRTH);
    expect(JSON.stringify(row)).not.toContain(org.code);
    const outbox = JSON.stringify(await t.dataSource.query('SELECT * FROM outbox_messages'));
    const audit = JSON.stringify(await t.dataSource.query('SELECT * FROM audit_events'));
    for (const text of [outbox, audit]) {
      expect(text).not.toContain(PASSPORT);
      expect(text).not.toContain(BIRTH);
      expect(text).not.toContain('%PDF');
    }
    const letterMail = (await t.dataSource.query(
      "SELECT payload FROM outbox_messages WHERE template = 'letter'",
    )) as { payload: unknown }[];
    const payloads = letterMail.map((row) =>
      typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload,
    );
    expect(payloads).toContainEqual(
      expect.objectContaining({
        attachments: [{ kind: 'letter', letterRequestId: org.letter.id }],
      }),
    );
    const csv = await t
      .http()
      .get(`/api/v1/consultations/${consultation.id}/registrations.csv`)
      .set(auth(reviewer.token))
      .expect(200);
    expect(csv.text).not.toContain(PASSPORT);
    const tables = JSON.stringify(
      await t.dataSource.query(
        onPostgres
          ? "SELECT column_name FROM information_schema.columns WHERE table_name = 'letter_requests'"
          : "SELECT name FROM pragma_table_info('letter_requests')",
      ),
    );
    expect(tables).not.toMatch(/pdf|content/i);
    if (!onPostgres) {
      await t.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
      const file = readFileSync(t.database.url.replace(/^sqlite:/, ''));
      expect(file.includes(Buffer.from(PASSPORT))).toBe(false);
      expect(file.includes(Buffer.from('AMINATA DIALLO NDIAYE'))).toBe(true);
    }
  });

  it('regenerates with a new code and revokes the old one', async () => {
    const org = await issuedLetter();
    const fresh = await t
      .http()
      .post(`/api/v1/letter-requests/${org.letter.id}/regenerate`)
      .set(auth(reviewer.token))
      .expect(200);
    expect(fresh.body).toMatchObject({ status: 'issued', previousId: org.letter.id });
    expect(fresh.body.id).not.toBe(org.letter.id);
    expect((await t.http().get(`/api/v1/letters/verify/${org.code}`).expect(200)).body.status).toBe(
      'revoked',
    );
    const mine = await t
      .http()
      .get(`/api/v1/registrations/${org.registration.id}/letter-request`)
      .set(auth(org.token))
      .expect(200);
    expect(mine.body.id).toBe(fresh.body.id);
  });

  it('revokes with a reason, and when the participant is substituted', async () => {
    const revokedByStaff = await issuedLetter();
    await t
      .http()
      .post(`/api/v1/letter-requests/${revokedByStaff.letter.id}/revoke`)
      .set(auth(reviewer.token))
      .send({})
      .expect(400);
    const revoked = await t
      .http()
      .post(`/api/v1/letter-requests/${revokedByStaff.letter.id}/revoke`)
      .set(auth(reviewer.token))
      .send({ reason: 'Passport reported lost' })
      .expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', reason: 'Passport reported lost' });
    await t
      .http()
      .post(`/api/v1/letter-requests/${revokedByStaff.letter.id}/revoke`)
      .set(auth(reviewer.token))
      .send({ reason: 'again' })
      .expect(409);

    const substituted = await issuedLetter();
    await t.transactions.run(async (manager) => {
      const registration = await manager.findOneByOrFail(Registration, {
        id: substituted.registration.id,
      });
      await t.app
        .get(DomainEvents)
        .publish(
          new ParticipantSubstituted(
            manager,
            registration,
            { name: 'x', email: 'x@example.org', version: 1 },
            null,
          ),
        );
    });
    const after = await t.http().get(`/api/v1/letters/verify/${substituted.code}`).expect(200);
    expect(after.body.status).toBe('revoked');
  });

  it('revokes every letter of a cancelled consultation', async () => {
    const other = await publishedConsultation(t, admin.token);
    const org = await registered({ needsVisaLetter: true }, other.id);
    const read = await t.http().get(`/api/v1/consultations/${other.id}`).expect(200);
    const start = Date.parse(read.body.startsAt);
    const asked = await ask(org.token, org.registration.id, {
      arrivalDate: day(start - DAY),
      departureDate: day(start + DAY),
      passportExpiry: day(start + 400 * DAY),
    }).expect(201);
    await decide(reviewer.token, asked.body.id, 'issue').expect(200);
    await t
      .http()
      .post(`/api/v1/consultations/${other.id}/cancel`)
      .set(auth(admin.token))
      .send({ reason: 'Venue unavailable' })
      .expect(200);
    const letter = await t
      .http()
      .get(`/api/v1/registrations/${org.registration.id}/letter-request`)
      .set(auth(org.token))
      .expect(200);
    expect(letter.body).toMatchObject({ status: 'revoked', reason: 'registration_ended' });
  });

  it('keeps other organisations out (404), CSO users from deciding (403) and reviewers from their own organisation (403)', async () => {
    const org = await registered();
    const asked = await ask(org.token, org.registration.id).expect(201);
    const stranger = await focalPointWithOrganisation(t);
    await t
      .http()
      .get(`/api/v1/registrations/${org.registration.id}/letter-request`)
      .set(auth(stranger.token))
      .expect(404);
    await ask(stranger.token, org.registration.id).expect(404);
    await decide(org.token, asked.body.id, 'issue').expect(403);
    const cso = await decide(stranger.token, asked.body.id, 'issue').expect(403);
    expect(cso.body.code).toBeUndefined();
    await t
      .http()
      .get(`/api/v1/consultations/${consultation.id}/letter-requests`)
      .set(auth(org.token))
      .expect(403);

    const ownReviewer = await staffToken(t, UserRole.Reviewer);
    const { Membership } = await import('../src/organisations/membership.entity');
    await t.transactions.run((manager) =>
      manager.save(
        manager.create(Membership, {
          userId: ownReviewer.user.id,
          organisationId: org.organisation.id,
          role: 'member' as never,
        }),
      ),
    );
    const own = await decide(ownReviewer.token, asked.body.id, 'issue').expect(403);
    expect(own.body.code).toBe('OWN_ORGANISATION');
    const issued = await decide(reviewer.token, asked.body.id, 'issue').expect(200);
    await t
      .http()
      .get(`/api/v1/letter-requests/${issued.body.id}/letter.pdf`)
      .set(auth(stranger.token))
      .expect(404);
  });

  it('rate-limits verification per client address', async () => {
    let status = 0;
    let response;
    for (let i = 0; i <= VERIFY_LIMIT && status !== 429; i++) {
      response = await t.http().get(`/api/v1/letters/verify/ABCD-EFGH-${i}`);
      status = response.status;
    }
    expect(status).toBe(429);
    expect(Number(response!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('erases passport data 30 days after the consultation ends; the letter then verifies as expired', async () => {
    const { letter, code, token } = await issuedLetter();
    const job = t.app.get(RetentionJob);
    const { endsAt } = await t.dataSource
      .getRepository(Consultation)
      .findOneByOrFail({ id: consultation.id });
    const row = () => t.dataSource.getRepository(LetterRequest).findOneByOrFail({ id: letter.id });
    const before = await job.erase(new Date(endsAt.getTime() + 30 * DAY - 60_000));
    expect(before.letterPassports).toBe(0);
    expect((await row()).passportNumber).not.toBeNull();
    const after = await job.erase(new Date(endsAt.getTime() + 30 * DAY + 60_000));
    expect(after.letterPassports).toBeGreaterThanOrEqual(1);
    expect(await row()).toMatchObject({ passportNumber: null, dateOfBirth: null });
    expect((await row()).passportErasedAt).not.toBeNull();
    const again = await job.erase(new Date(endsAt.getTime() + 30 * DAY + 60_000));
    expect(again.letterPassports).toBe(0);
    // Past the verification rate limit's window, which an earlier test used up.
    t.clock.advance(20 * 60_000);
    const verified = await t.http().get(`/api/v1/letters/verify/${code}`);
    t.clock.advance(-20 * 60_000);
    expect(verified.status).toBe(200);
    expect(verified.body.status).toBe('expired');
    expect(verified.body.passportNumber ?? null).toBeNull();
    // "Your data" lists the request, never its passport number.
    const data = await t.http().get('/api/v1/me/data').set(auth(token)).expect(200);
    const requests = data.body.additional.letterRequests as { id: string }[];
    expect(requests.map((r) => r.id)).toContain(letter.id);
    expect(JSON.stringify(requests)).not.toMatch(/passportNumber|dateOfBirth/);
  });
});

describe('data-encryption keys', () => {
  it('still reads values written with an older key after rotation, and fails loudly with a wrong key', async () => {
    const oldKey = `old:${randomBytes(32).toString('base64')}`;
    const newKey = `new:${randomBytes(32).toString('base64')}`;
    const first = await createTestApp({ env: { DATA_ENCRYPTION_KEYS: oldKey } });
    let code = '';
    try {
      const admin = await staffToken(first, UserRole.Admin);
      const reviewer = await staffToken(first, UserRole.Reviewer);
      const consultation = await publishedConsultation(first, admin.token);
      const start = Date.parse(
        (await first.http().get(`/api/v1/consultations/${consultation.id}`)).body.startsAt,
      );
      const org = await focalPointWithOrganisation(first);
      const registration = await first
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({
          organisationId: org.organisation.id,
          participant: participant({ needsVisaLetter: true }),
        })
        .expect(201);
      const asked = await first
        .http()
        .post(`/api/v1/registrations/${registration.body.id}/letter-request`)
        .set(auth(org.token))
        .send({
          passportName: 'ROTATED KEY',
          dateOfBirth: BIRTH,
          nationality: 'SN',
          passportNumber: PASSPORT,
          passportExpiry: day(start + 400 * DAY),
          consulateCity: 'Dakar',
          consulateCountry: 'SN',
          arrivalDate: day(start - DAY),
          departureDate: day(start + DAY),
        })
        .expect(201);
      await first
        .http()
        .post(`/api/v1/letter-requests/${asked.body.id}/decisions`)
        .set(auth(reviewer.token))
        .send({ decision: 'issue' })
        .expect(200);
      const [row] = await first.dataSource.query('SELECT "verificationCode" FROM letter_requests');
      expect(row.verificationCode).toMatch(/^v1:old:/);
      const { FieldCipher } = await import('../src/common/field-cipher');
      code = first.app
        .get(FieldCipher)
        .decrypt(row.verificationCode, 'letter_requests.verificationCode');
    } finally {
      await first.app.close();
    }
    const rotated = await createTestApp({
      database: first.database,
      env: { DATA_ENCRYPTION_KEYS: `${newKey},${oldKey}` },
    });
    try {
      const verified = await rotated.http().get(`/api/v1/letters/verify/${code}`).expect(200);
      expect(verified.body).toMatchObject({ status: 'valid', passportNumber: '••••••521' });
    } finally {
      await rotated.app.close();
    }
    const wrong = await createTestApp({
      database: first.database,
      env: { DATA_ENCRYPTION_KEYS: newKey },
    });
    try {
      await wrong.http().get(`/api/v1/letters/verify/${code}`).expect(500);
    } finally {
      await wrong.close();
    }
  });
});
