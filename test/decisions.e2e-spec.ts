import { UserRole } from '../src/accounts/user.entity';
import { AccreditationRequest } from '../src/accreditation/accreditation-request.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { Membership, MembershipRole } from '../src/organisations/membership.entity';
import { Organisation } from '../src/organisations/organisation.entity';
import { Registration } from '../src/registrations/registration.entity';
import { RegistrationsService } from '../src/registrations/registrations.service';
import { PASSWORD } from './support/factories';
import { participant, publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, REQUEST, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { csrfIn, WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const OWN_ORGANISATION =
  'You are a member of this organisation, so another reviewer must decide its records.';

async function signIn(t: TestApp, email: string) {
  const browser = new WebClient(t);
  expect((await browser.submit('/signin', { email, password: PASSWORD })).status).toBe(303);
  return browser;
}

/** The flash notices of a page, which must never show an unfilled {placeholder}. */
function notices(html: string): string[] {
  const found = [
    ...html.matchAll(/<div class="notice notice--\w+" role="status">([^<]*)<\/div>/g),
  ].map((m) => m[1]);
  for (const text of found) expect(text).not.toMatch(/\{\w+\}/);
  return found;
}

async function seatCounters(t: TestApp, id: string) {
  const c = await t.dataSource.getRepository(Consultation).findOneByOrFail({ id });
  return { confirmed: c.seatsConfirmed, offered: c.seatsOffered };
}

describe('staff never decide their own organisation’s records', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  /** A reviewer (or admin) who also belongs to the organisation. */
  async function memberStaff(organisationId: string, role: UserRole = UserRole.Reviewer) {
    const staff = await staffToken(t, role);
    await t.dataSource
      .getRepository(Membership)
      .save({ userId: staff.user.id, organisationId, role: MembershipRole.Member });
    return staff;
  }

  it('refuses a member reviewer any move on a waiting list where their organisation waits, even of another organisation’s entry', async () => {
    const consultation = await publishedConsultation(t, admin.token, { capacity: 1 });
    const [mine, theirs] = await Promise.all([1, 2].map(() => focalPointWithOrganisation(t)));
    const insider = await memberStaff(mine.organisation.id);
    const other = await staffToken(t);
    const register = async (org: typeof mine) =>
      (
        await t
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: participant() })
          .expect(201)
      ).body as { id: string; status: string };
    await register(theirs);
    const theirWaiting = await register(theirs);
    const myWaiting = await register(mine);
    expect([theirWaiting.status, myWaiting.status]).toEqual(['waitlisted', 'waitlisted']);
    const move = (token: string) =>
      t
        .http()
        .post(`/api/v1/registrations/${theirWaiting.id}/waitlist-position`)
        .set(auth(token))
        .send({ position: 2, reason: 'Moves my own organisation up.' });
    expect((await move(insider.token).expect(403)).body.code).toBe('OWN_ORGANISATION');
    const queue = async () =>
      (
        await t.dataSource.getRepository(Registration).find({
          where: { consultationId: consultation.id, status: 'waitlisted' as never },
          order: { waitlistSeq: 'ASC' },
        })
      ).map((r) => r.id);
    expect(await queue()).toEqual([theirWaiting.id, myWaiting.id]);
    await move(other.token).expect(200);
    expect(await queue()).toEqual([myWaiting.id, theirWaiting.id]);
  });

  it('refuses a member reviewer’s registration decision, check-in and waiting-list move with 403 OWN_ORGANISATION; another reviewer decides', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      capacity: 1,
      requiresApproval: true,
    });
    const org = await focalPointWithOrganisation(t);
    const insider = await memberStaff(org.organisation.id);
    const other = await staffToken(t);
    const register = async () =>
      (
        await t
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: participant() })
          .expect(201)
      ).body as { id: string };
    const [first, second] = [await register(), await register()];

    for (const decision of [
      { decision: 'approve' },
      { decision: 'reject', reason: 'Not eligible.' },
    ]) {
      const refused = await t
        .http()
        .post(`/api/v1/registrations/${first.id}/decisions`)
        .set(auth(insider.token))
        .send(decision)
        .expect(403);
      expect(refused.body).toMatchObject({
        statusCode: 403,
        code: 'OWN_ORGANISATION',
        message: OWN_ORGANISATION,
      });
    }
    expect(
      (await t.dataSource.getRepository(Registration).findOneByOrFail({ id: first.id })).status,
    ).toBe('pending');
    expect(await seatCounters(t, consultation.id)).toEqual({ confirmed: 0, offered: 0 });

    expect(
      (
        await t
          .http()
          .post(`/api/v1/registrations/${first.id}/decisions`)
          .set(auth(other.token))
          .send({ decision: 'approve' })
          .expect(200)
      ).body.status,
    ).toBe('confirmed');
    expect(
      (
        await t
          .http()
          .post(`/api/v1/registrations/${second.id}/decisions`)
          .set(auth(other.token))
          .send({ decision: 'approve' })
          .expect(200)
      ).body.status,
    ).toBe('waitlisted');

    expect(
      (
        await t
          .http()
          .post(`/api/v1/registrations/${first.id}/check-in`)
          .set(auth(insider.token))
          .expect(403)
      ).body.code,
    ).toBe('OWN_ORGANISATION');
    expect(
      (await t.dataSource.getRepository(Registration).findOneByOrFail({ id: first.id }))
        .checkedInAt,
    ).toBeNull();
    const move = await t
      .http()
      .post(`/api/v1/registrations/${second.id}/waitlist-position`)
      .set(auth(insider.token))
      .send({ position: 1, reason: 'A friend.' })
      .expect(403);
    expect(move.body.code).toBe('OWN_ORGANISATION');
    expect(
      (
        await t
          .http()
          .post(`/api/v1/registrations/${first.id}/check-in`)
          .set(auth(other.token))
          .expect(200)
      ).body.checkedInAt,
    ).toEqual(expect.any(String));

    const audit = await t
      .http()
      .get(`/api/v1/admin/audit?entity=registration&entityId=${first.id}`)
      .set(auth(admin.token))
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'registration.approved',
      'registration.checked_in',
      'registration.created',
    ]);
  });

  it('refuses a member reviewer’s accreditation decision and a member admin’s observer-status change (the profile offers no button)', async () => {
    const org = await focalPointWithOrganisation(t);
    const insider = await memberStaff(org.organisation.id, UserRole.Admin);
    const other = await staffToken(t);
    const request = await t
      .http()
      .post(`/api/v1/organisations/${org.organisation.id}/accreditation-requests`)
      .set(auth(org.token))
      .send(REQUEST)
      .expect(201);
    for (const decision of ['approve', 'reject', 'request_info']) {
      const refused = await t
        .http()
        .post(`/api/v1/accreditation-requests/${request.body.id}/decisions`)
        .set(auth(insider.token))
        .send({ decision, reason: 'Looks fine to me.', reasonCode: 'other' })
        .expect(403);
      expect(refused.body).toMatchObject({ code: 'OWN_ORGANISATION', message: OWN_ORGANISATION });
    }
    expect(
      (
        await t.dataSource
          .getRepository(AccreditationRequest)
          .findOneByOrFail({ id: request.body.id })
      ).status,
    ).toBe('submitted');
    expect(
      (await t.dataSource.getRepository(Organisation).findOneByOrFail({ id: org.organisation.id }))
        .observerStatus,
    ).toBe('applicant');

    await t
      .http()
      .post(`/api/v1/accreditation-requests/${request.body.id}/decisions`)
      .set(auth(other.token))
      .send({ decision: 'approve', reason: 'Active in the region.' })
      .expect(200);
    const suspend = await t
      .http()
      .post(`/api/v1/organisations/${org.organisation.id}/observer-status`)
      .set(auth(insider.token))
      .send({ status: 'suspended', reason: 'Testing.' })
      .expect(403);
    expect(suspend.body.code).toBe('OWN_ORGANISATION');
    expect(
      (await t.dataSource.getRepository(Organisation).findOneByOrFail({ id: org.organisation.id }))
        .observerStatus,
    ).toBe('observer');
    const profile = await (
      await signIn(t, insider.user.email)
    )
      .get(`/organisations/${org.organisation.id}`)
      .expect(200);
    expect(profile.text).toContain('Awaits another reviewer');
    expect(profile.text).not.toContain(`/organisations/${org.organisation.id}/observer-status`);
    await t
      .http()
      .post(`/api/v1/organisations/${org.organisation.id}/observer-status`)
      .set(auth(admin.token))
      .send({ status: 'suspended', reason: 'Missed the report.' })
      .expect(200);
  });

  it('shows “awaits another reviewer” on the review page, participants list, queue and check-in page, and refuses the form posts', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      capacity: 5,
      requiresApproval: true,
    });
    const org = await focalPointWithOrganisation(t);
    const insider = await memberStaff(org.organisation.id, UserRole.Admin);
    const pending = (
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({
          organisationId: org.organisation.id,
          participant: participant({ name: 'Fatou Sow' }),
        })
        .expect(201)
    ).body as { id: string };
    const confirmed = (
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({
          organisationId: org.organisation.id,
          participant: participant({ name: 'Ousmane Ba' }),
        })
        .expect(201)
    ).body as { id: string };
    await t
      .http()
      .post(`/api/v1/registrations/${confirmed.id}/decisions`)
      .set(auth(admin.token))
      .send({ decision: 'approve' })
      .expect(200);
    const request = await t
      .http()
      .post(`/api/v1/organisations/${org.organisation.id}/accreditation-requests`)
      .set(auth(org.token))
      .send(REQUEST)
      .expect(201);
    const browser = await signIn(t, insider.user.email);
    const awaits = 'Awaits another reviewer: you are a member of this organisation.';

    const participants = await browser
      .get(`/staff/consultations/${consultation.id}/participants`)
      .expect(200);
    expect(participants.text).toContain(awaits);
    expect(participants.text).not.toContain(`/registrations/${pending.id}/decisions`);
    const posted = await browser.agent
      .post(`/staff/consultations/${consultation.id}/registrations/${pending.id}/decisions`)
      .type('form')
      .send({ _csrf: csrfIn(participants.text), decision: 'approve' });
    expect(posted.status).toBe(303);
    expect(
      notices((await browser.get(posted.headers.location as string).expect(200)).text),
    ).toEqual([OWN_ORGANISATION]);
    expect(
      (await t.dataSource.getRepository(Registration).findOneByOrFail({ id: pending.id })).status,
    ).toBe('pending');

    const checkIn = await browser
      .get(`/staff/consultations/${consultation.id}/check-in?q=Ousmane`)
      .expect(200);
    expect(checkIn.text).toContain(awaits);
    expect(checkIn.text).not.toContain(`/check-in/${confirmed.id}"`);

    const review = await browser.get(`/staff/accreditation/${request.body.id}`).expect(200);
    expect(review.text).toContain(awaits);
    expect(review.text).not.toContain(`/staff/accreditation/${request.body.id}/decisions`);
    expect((await browser.get('/staff/accreditation').expect(200)).text).toContain(awaits);
    const decided = await browser.agent
      .post(`/staff/accreditation/${request.body.id}/decisions`)
      .type('form')
      .send({ _csrf: csrfIn(review.text), decision: 'approve', reason: 'Looks fine to me.' });
    expect(decided.status).toBe(403);
    expect(decided.text).toContain(OWN_ORGANISATION);
    expect(
      (
        await t.dataSource
          .getRepository(AccreditationRequest)
          .findOneByOrFail({ id: request.body.id })
      ).status,
    ).toBe('submitted');

    // Another reviewer sees the buttons.
    const reviewer = await staffToken(t);
    const colleague = await signIn(t, reviewer.user.email);
    expect(
      (await colleague.get(`/staff/consultations/${consultation.id}/participants`).expect(200))
        .text,
    ).toContain(`/registrations/${pending.id}/decisions`);
    expect(
      (await colleague.get(`/staff/accreditation/${request.body.id}`).expect(200)).text,
    ).toContain(`/staff/accreditation/${request.body.id}/decisions`);
  });
});

describe('messages that tell the real outcome', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('approving into a full consultation says “waitlisted”, with the place, in the flash and the mail', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      capacity: 1,
      requiresApproval: true,
    });
    const org = await focalPointWithOrganisation(t);
    const reviewer = await staffToken(t);
    const browser = await signIn(t, reviewer.user.email);
    const register = async (name: string) =>
      (
        await t
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: participant({ name }) })
          .expect(201)
      ).body as { id: string; participant: { email: string } };
    const [first, second] = [await register('Aminata Diallo'), await register('Ibrahima Fall')];
    const decide = async (id: string, decision: string) => {
      const page = await browser
        .get(`/staff/consultations/${consultation.id}/participants`)
        .expect(200);
      const posted = await browser.agent
        .post(`/staff/consultations/${consultation.id}/registrations/${id}/decisions`)
        .type('form')
        .send({ _csrf: csrfIn(page.text), decision });
      expect(posted.status).toBe(303);
      return notices((await browser.get(posted.headers.location as string).expect(200)).text);
    };

    expect(await decide(first.id, 'approve')).toEqual([
      'The registration of Aminata Diallo has been approved: a seat is confirmed.',
    ]);
    expect(await decide(second.id, 'approve')).toEqual([
      'The registration of Ibrahima Fall has been approved, but no seat was free: Ibrahima Fall is number 1 on the waiting list.',
    ]);
    expect(
      (await t.dataSource.getRepository(Registration).findOneByOrFail({ id: second.id })).status,
    ).toBe('waitlisted');

    await t.deliverMail();
    const waitlisted = await mail.waitFor(second.participant.email, (m) =>
      m.subject.startsWith('Approved, on the waiting list'),
    );
    expect(waitlisted.text).toContain('Ibrahima Fall is number 1 on the waiting list');
    expect(waitlisted.text).not.toMatch(/\{\w+\}/);
    expect(
      (await mail.waitFor(first.participant.email, (m) => m.subject.startsWith('Confirmed'))).text,
    ).not.toMatch(/\{\w+\}/);
  });

  it('the per-organisation limit names the number on the registration form', async () => {
    const consultation = await publishedConsultation(t, admin.token, { perOrganisationLimit: 1 });
    const org = await focalPointWithOrganisation(t);
    const browser = await signIn(t, org.user.email);
    const fields = (name: string, email: string) => ({
      organisationId: org.organisation.id,
      name,
      email,
      gender: 'female',
      nationality: 'SN',
    });
    const first = await browser.submit(
      `/consultations/${consultation.id}/register`,
      fields('Mariama Bah', 'mariama@example.org'),
    );
    expect(first.status).toBe(303);
    expect(notices((await browser.get(first.headers.location as string).expect(200)).text)).toEqual(
      ['Mariama Bah is registered: a seat is confirmed.'],
    );
    const refused = await browser.submit(
      `/consultations/${consultation.id}/register`,
      fields('Khady Faye', 'khady@example.org'),
    );
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Your organisation has reached its limit of 1 participant.');
    expect(refused.text).not.toContain('{limit}');
  });

  it('an expired offer’s mail does not ask to accept the seat', async () => {
    const consultation = await publishedConsultation(t, admin.token, { capacity: 1 });
    const org = await focalPointWithOrganisation(t);
    const register = async () =>
      (
        await t
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: participant() })
          .expect(201)
      ).body as { id: string; participant: { email: string } };
    const [seated, waiting] = [await register(), await register()];
    await t
      .http()
      .post(`/api/v1/registrations/${seated.id}/cancel`)
      .set(auth(org.token))
      .expect(200);
    await t.dataSource
      .getRepository(Registration)
      .update({ id: waiting.id }, { offerExpiresAt: new Date(Date.now() - 1000) });
    expect(await t.app.get(RegistrationsService).expireOffers()).toBe(1);
    await t.deliverMail();
    const expired = await mail.waitFor(waiting.participant.email, (m) =>
      m.subject.startsWith('Seat offer expired'),
    );
    expect(expired.text).not.toContain('Accept the seat');
    expect(expired.text).not.toMatch(/\{\w+\}/);
  });
});
