import ICAL from 'ical.js';
import { UserRole } from '../src/accounts/user.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { CreateConsultationDto } from '../src/consultations/dto/consultation.dto';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { publishedConsultation, participant } from './support/consultations';
import { CaughtMail, linkIn, MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { csrfIn } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 86_400_000;

function calendarOf(message: CaughtMail) {
  const attachment = message.parsed.attachments.find((a) =>
    a.contentType.startsWith('text/calendar'),
  );
  if (!attachment) throw new Error(`no calendar in "${message.subject}"`);
  const text = attachment.content.toString('utf8');
  const component = new ICAL.Component(ICAL.parse(text));
  const event = component.getFirstSubcomponent('vevent')!;
  return {
    method: component.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
  };
}

describe('changing a registration: edits, substitutions, the participant link', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };
  let reviewer: { token: string };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
    reviewer = await staffToken(t, UserRole.Reviewer);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  const register = async (
    org: Awaited<ReturnType<typeof focalPointWithOrganisation>>,
    consultationId: string,
    who = participant(),
  ) => {
    const response = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: who })
      .expect(201);
    return { ...response.body, who } as { id: string; status: string; who: typeof who };
  };
  const substitute = (token: string, id: string, who = participant()) =>
    t
      .http()
      .post(`/api/v1/registrations/${id}/substitute`)
      .set(auth(token))
      .send({ participant: who });
  const counters = async (id: string) => {
    const c = await t.dataSource.getRepository(Consultation).findOneByOrFail({ id });
    return { confirmed: c.seatsConfirmed, offered: c.seatsOffered };
  };
  const tokenFromMail = async (
    email: string,
    predicate: (m: CaughtMail) => boolean = () => true,
  ) => {
    await t.deliverMail();
    return linkIn(await mail.waitFor(email, predicate), '/my-registration').token;
  };
  const myPage = (token: string) =>
    t.http().get(`/my-registration?${new URLSearchParams({ token })}`);

  async function setting(overrides: Partial<CreateConsultationDto> = {}) {
    const consultation = await publishedConsultation(t, admin.token, overrides);
    const org = await focalPointWithOrganisation(t);
    return { consultation, org };
  }

  it('edits details until the modification deadline, never the email, and only for its organisation', async () => {
    const { consultation, org } = await setting();
    const a = await register(org, consultation.id);
    const edited = await t
      .http()
      .patch(`/api/v1/registrations/${a.id}`)
      .set(auth(org.token))
      .send({
        participant: { position: 'Director', dietaryNeeds: 'Vegetarian', email: a.who.email },
      })
      .expect(200);
    expect(edited.body.participant).toMatchObject({
      position: 'Director',
      dietaryNeeds: 'Vegetarian',
    });
    expect(edited.body.participantVersion).toBe(1);
    const email = await t
      .http()
      .patch(`/api/v1/registrations/${a.id}`)
      .set(auth(org.token))
      .send({ participant: { email: 'someone.else@example.org' } })
      .expect(400);
    expect(email.body.message.join(' ')).toMatch(/substitution/);
    const other = await focalPointWithOrganisation(t);
    await t
      .http()
      .patch(`/api/v1/registrations/${a.id}`)
      .set(auth(other.token))
      .send({ participant: { position: 'X' } })
      .expect(404);
    await t
      .http()
      .patch(`/api/v1/registrations/${a.id}`)
      .set(auth(admin.token))
      .send({ participant: { position: 'Set by staff' } })
      .expect(200);
    t.clock.advance(61 * DAY);
    try {
      const late = await t
        .http()
        .patch(`/api/v1/registrations/${a.id}`)
        .set(auth(org.token))
        .send({ participant: { position: 'Too late' } })
        .expect(409);
      expect(late.body.code).toBe('DEADLINE_PASSED');
      expect((await substitute(org.token, a.id).expect(409)).body.code).toBe('DEADLINE_PASSED');
    } finally {
      t.clock.advance(-61 * DAY);
    }
  });

  it('honours an earlier modification deadline set on the consultation', async () => {
    const { consultation, org } = await setting();
    const a = await register(org, consultation.id);
    const at = new Date(Date.now() + DAY).toISOString();
    const patched = await t
      .http()
      .patch(`/api/v1/consultations/${consultation.id}`)
      .set(auth(admin.token))
      .send({ modificationDeadline: at })
      .expect(200);
    expect(patched.body.modificationDeadline).toBe(at);
    t.clock.advance(2 * DAY);
    try {
      expect((await substitute(org.token, a.id).expect(409)).body.code).toBe('DEADLINE_PASSED');
    } finally {
      t.clock.advance(-2 * DAY);
    }
  });

  it('keeps status, seat, waiting-list place and counters; refuses a duplicate email', async () => {
    const { consultation, org } = await setting({ capacity: 1 });
    const a = await register(org, consultation.id);
    const b = await register(org, consultation.id);
    const c = await register(org, consultation.id);
    expect([a.status, b.status, c.status]).toEqual(['confirmed', 'waitlisted', 'waitlisted']);
    const before = await counters(consultation.id);
    const swappedB = await substitute(org.token, b.id).expect(200);
    expect(swappedB.body).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
      participantVersion: 2,
    });
    const swappedA = await substitute(org.token, a.id).expect(200);
    expect(swappedA.body).toMatchObject({ status: 'confirmed', participantVersion: 2 });
    expect(await counters(consultation.id)).toEqual(before);
    const cNow = await t
      .http()
      .get(`/api/v1/registrations/${c.id}`)
      .set(auth(org.token))
      .expect(200);
    expect(cNow.body.waitlistPosition).toBe(2);
    const duplicate = await substitute(org.token, a.id, participant({ email: c.who.email })).expect(
      409,
    );
    expect(duplicate.body.code).toBe('ALREADY_REGISTERED');
    await substitute(
      org.token,
      a.id,
      participant({ email: swappedA.body.participant.email }),
    ).expect(400);
    const audit = await t.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ entityId: a.id, action: 'registration.substituted' });
    expect(audit.details).toMatchObject({ fromVersion: 1, toVersion: 2 });
    expect(JSON.stringify(audit.details)).not.toContain('@');
  });

  it('tells the old person (cancelling their own calendar entry), the new one (with their own) and the member once', async () => {
    const { consultation, org } = await setting();
    const a = await register(org, consultation.id);
    const oldToken = await tokenFromMail(a.who.email);
    await myPage(oldToken).expect(200);
    const next = participant();
    await substitute(org.token, a.id, next).expect(200);
    await t.deliverMail();
    const toOld = await mail.waitFor(a.who.email, (m) => m.subject.startsWith('Your place'));
    const toNew = await mail.waitFor(next.email);
    expect(calendarOf(toOld)).toEqual({ method: 'CANCEL', uid: `registration-${a.id}@convene` });
    expect(calendarOf(toNew)).toEqual({
      method: 'PUBLISH',
      uid: `registration-${a.id}-v2@convene`,
    });
    expect(toOld.text).not.toContain('/my-registration');
    expect(toOld.text).not.toContain('/delegation');
    expect(toNew.text).not.toContain('/delegation');
    const toMember = mail
      .to(org.user.email)
      .filter((m) => m.subject.startsWith('Substitution done'));
    expect(toMember).toHaveLength(1);
    expect(toMember[0].text).not.toContain('/my-registration');
    const newLink = linkIn(toNew, '/my-registration');
    const newToken = newLink.token;
    // The link opens the page in the language of the mail (the member's English here).
    expect(newLink.url.searchParams.get('lang')).toBe('en');
    // The old link says why it opens nothing any more.
    expect((await myPage(oldToken).expect(404)).text).toContain(
      'This link no longer opens a registration.',
    );
    const page = await myPage(newToken).expect(200);
    expect(page.text).toContain(next.name);
    // The token is no session and no API credential.
    await t.http().get(`/api/v1/registrations/${a.id}`).set(auth(newToken)).expect(401);
    await t.http().get('/api/v1/me').set(auth(newToken)).expect(401);
  });

  it('puts the participant link in the participant mail only', async () => {
    const { consultation, org } = await setting();
    const a = await register(org, consultation.id);
    await t.deliverMail();
    const toParticipant = await mail.waitFor(a.who.email);
    const toMember = await mail.waitFor(org.user.email, (m) => m.text.includes(a.who.name));
    expect(toParticipant.text).toContain('/my-registration?token=cvp_');
    expect(toParticipant.text).not.toContain('/delegation');
    expect(toMember.text).not.toContain('/my-registration');
    expect(toMember.text).toContain('/delegation');
    await myPage('cvp_not-a-real-token').expect(404);
  });

  it('makes a substitution a request when approval is required: the current participant keeps the seat', async () => {
    const { consultation, org } = await setting({ requiresApproval: true, capacity: 2 });
    const a = await register(org, consultation.id);
    await t
      .http()
      .post(`/api/v1/registrations/${a.id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'approve' })
      .expect(200);
    const first = participant();
    const requested = await substitute(org.token, a.id, first).expect(202);
    expect(requested.body).toMatchObject({
      status: 'confirmed',
      participantVersion: 1,
      participant: { email: a.who.email },
      pendingSubstitute: { email: first.email, name: first.name },
    });
    const decide = (body: object) =>
      t
        .http()
        .post(`/api/v1/registrations/${a.id}/substitution-decisions`)
        .set(auth(reviewer.token))
        .send(body);
    await decide({ decision: 'decline' }).expect(400);
    await t
      .http()
      .post(`/api/v1/registrations/${a.id}/substitution-decisions`)
      .set(auth(org.token))
      .send({ decision: 'approve' })
      .expect(403);
    const declined = await decide({
      decision: 'decline',
      reason: 'Not in the delegation list.',
    }).expect(200);
    expect(declined.body).toMatchObject({ pendingSubstitute: null, participantVersion: 1 });
    expect((await decide({ decision: 'approve' }).expect(409)).body.code).toBe(
      'INVALID_TRANSITION',
    );
    const second = participant();
    await substitute(org.token, a.id, second).expect(202);
    const approved = await decide({ decision: 'approve' }).expect(200);
    expect(approved.body).toMatchObject({
      status: 'confirmed',
      participantVersion: 2,
      participant: { email: second.email },
      pendingSubstitute: null,
    });
    expect(await counters(consultation.id)).toEqual({ confirmed: 1, offered: 0 });
  });

  it('releases a funding award rather than passing it to the new person, and tells the applicant', async () => {
    const { consultation, org } = await setting({
      fundingBudget: { amount: '5000.00', currency: 'USD' },
    });
    const a = await register(org, consultation.id);
    const application = await t
      .http()
      .post(`/api/v1/registrations/${a.id}/funding-applications`)
      .set(auth(org.token))
      .send({
        lines: [{ kind: 'airfare', amount: '800.00' }],
        currency: 'USD',
        departureCity: 'Dakar',
        departureCountry: 'SN',
        justification: 'No travel budget.',
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/funding-applications/${application.body.id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'award', amount: '800.00' })
      .expect(200);
    await substitute(org.token, a.id).expect(200);
    const after = await t
      .http()
      .get(`/api/v1/funding-applications/${application.body.id}`)
      .set(auth(org.token))
      .expect(200);
    expect(after.body.status).toBe('released');
    const funding = await t
      .http()
      .get(`/api/v1/consultations/${consultation.id}/funding`)
      .set(auth(admin.token))
      .expect(200);
    expect(funding.body.awarded).toBe('0.00');
    await t.deliverMail();
    const told = await mail.waitFor(
      org.user.email,
      (m) => m.subject === `Travel funding award cancelled: ${a.who.name}`,
    );
    expect(told.text).toContain('another person now takes the seat');
  });

  it('lets a participant without an account take an offered seat from their link', async () => {
    const { consultation, org } = await setting({ capacity: 1 });
    const a = await register(org, consultation.id);
    const b = await register(org, consultation.id);
    const token = await tokenFromMail(b.who.email);
    await t
      .http()
      .post(`/api/v1/registrations/${a.id}/cancel`)
      .set(auth(org.token))
      .send({})
      .expect(200);
    const page = await myPage(token).expect(200);
    expect(page.text).toContain('/my-registration/accept-offer');
    const cookie = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0]);
    const accepted = await t
      .http()
      .post('/my-registration/accept-offer')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfIn(page.text), token })
      .expect(303);
    expect(accepted.headers.location).toContain('/my-registration?token=');
    const now = await t
      .http()
      .get(`/api/v1/registrations/${b.id}`)
      .set(auth(org.token))
      .expect(200);
    expect(now.body.status).toBe('confirmed');
    // Without CSRF the form does nothing; a wrong token is 404.
    await t.http().post('/my-registration/cancel').type('form').send({ token }).expect(403);
    await t
      .http()
      .post('/my-registration/cancel')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfIn(page.text), token: 'cvp_wrong' })
      .expect(404);
    const withBadge = await myPage(token).expect(200);
    expect(withBadge.text).toContain('/my-registration/badge.pdf?token');
  });

  it('needs a reason from staff to cancel or reject; marks no-shows after the end; undoes a check-in', async () => {
    const { consultation, org } = await setting({ capacity: 3 });
    const a = await register(org, consultation.id);
    const b = await register(org, consultation.id);
    const post = (path: string, body: object, token = reviewer.token) =>
      t.http().post(`/api/v1/registrations/${path}`).set(auth(token)).send(body);
    await post(`${a.id}/cancel`, {}).expect(400);
    const cancelled = await post(`${a.id}/cancel`, {
      reason: 'Duplicate of another delegate.',
    }).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await post(`${b.id}/no-show`, { reason: 'Did not come.' }).expect(409)).body.code).toBe(
      'INVALID_TRANSITION',
    );
    await post(`${b.id}/check-in`, {}).expect(200);
    await post(`${b.id}/undo-check-in`, {}).expect(400);
    const undone = await post(`${b.id}/undo-check-in`, {
      reason: 'Scanned the wrong badge.',
    }).expect(200);
    expect(undone.body.checkedInAt).toBeNull();
    t.clock.advance(92 * DAY);
    try {
      await post(`${b.id}/no-show`, {}).expect(400);
      await post(`${b.id}/no-show`, { reason: 'x' }, org.token).expect(403);
      const noShow = await post(`${b.id}/no-show`, { reason: 'Did not come.' }).expect(200);
      expect(noShow.body.status).toBe('no_show');
    } finally {
      t.clock.advance(-92 * DAY);
    }
    // A no-show frees nothing: the seat stays counted.
    expect(await counters(consultation.id)).toEqual({ confirmed: 1, offered: 0 });
    const pending = await setting({ requiresApproval: true });
    const p = await register(pending.org, pending.consultation.id);
    await t
      .http()
      .post(`/api/v1/registrations/${p.id}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'reject' })
      .expect(400);
  });
});
