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

  describe('a member reviewer on registrations needing approval, with one seat', () => {
    let consultation: { id: string };
    let insider: Awaited<ReturnType<typeof staffToken>>;
    let other: Awaited<ReturnType<typeof staffToken>>;
    let first: { id: string };
    let second: { id: string };
    const registration = (id: string) =>
      t.dataSource.getRepository(Registration).findOneByOrFail({ id });

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, {
        capacity: 1,
        requiresApproval: true,
      });
      const org = await focalPointWithOrganisation(t);
      insider = await memberStaff(org.organisation.id);
      other = await staffToken(t);
      const register = async () =>
        (
          await t
            .http()
            .post(`/api/v1/consultations/${consultation.id}/registrations`)
            .set(auth(org.token))
            .send({ organisationId: org.organisation.id, participant: participant() })
            .expect(201)
        ).body as { id: string };
      [first, second] = [await register(), await register()];
    });

    it('refuses a member reviewer’s approval or rejection with 403 OWN_ORGANISATION, and the registration stays pending with no seat taken', async () => {
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
      expect((await registration(first.id)).status).toBe('pending');
      expect(await seatCounters(t, consultation.id)).toEqual({ confirmed: 0, offered: 0 });
    });

    it('lets another reviewer approve: the first gets the seat, the second the waiting list', async () => {
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
    });

    it('refuses a member reviewer’s check-in with 403 OWN_ORGANISATION, and checks no one in', async () => {
      expect(
        (
          await t
            .http()
            .post(`/api/v1/registrations/${first.id}/check-in`)
            .set(auth(insider.token))
            .expect(403)
        ).body.code,
      ).toBe('OWN_ORGANISATION');
      expect((await registration(first.id)).checkedInAt).toBeNull();
    });

    it('refuses a member reviewer’s waiting-list move with 403 OWN_ORGANISATION', async () => {
      const move = await t
        .http()
        .post(`/api/v1/registrations/${second.id}/waitlist-position`)
        .set(auth(insider.token))
        .send({ position: 1, reason: 'A friend.' })
        .expect(403);
      expect(move.body.code).toBe('OWN_ORGANISATION');
    });

    it('lets another reviewer check the participant in', async () => {
      expect(
        (
          await t
            .http()
            .post(`/api/v1/registrations/${first.id}/check-in`)
            .set(auth(other.token))
            .expect(200)
        ).body.checkedInAt,
      ).toEqual(expect.any(String));
    });

    it('audits what was done and nothing that was refused', async () => {
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
  });

  describe('a member admin and their organisation’s accreditation', () => {
    let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let insider: Awaited<ReturnType<typeof staffToken>>;
    let other: Awaited<ReturnType<typeof staffToken>>;
    let requestId: string;
    const observerStatus = async () =>
      (await t.dataSource.getRepository(Organisation).findOneByOrFail({ id: org.organisation.id }))
        .observerStatus;

    beforeAll(async () => {
      org = await focalPointWithOrganisation(t);
      insider = await memberStaff(org.organisation.id, UserRole.Admin);
      other = await staffToken(t);
      const request = await t
        .http()
        .post(`/api/v1/organisations/${org.organisation.id}/accreditation-requests`)
        .set(auth(org.token))
        .send(REQUEST)
        .expect(201);
      requestId = request.body.id;
    });

    it('refuses every accreditation decision of a member with 403 OWN_ORGANISATION, and the request stays submitted', async () => {
      for (const decision of ['approve', 'reject', 'request_info']) {
        const refused = await t
          .http()
          .post(`/api/v1/accreditation-requests/${requestId}/decisions`)
          .set(auth(insider.token))
          .send({ decision, reason: 'Looks fine to me.', reasonCode: 'other' })
          .expect(403);
        expect(refused.body).toMatchObject({ code: 'OWN_ORGANISATION', message: OWN_ORGANISATION });
      }
      expect(
        (await t.dataSource.getRepository(AccreditationRequest).findOneByOrFail({ id: requestId }))
          .status,
      ).toBe('submitted');
      expect(await observerStatus()).toBe('applicant');
    });

    it('refuses a member admin’s observer-status change with 403 OWN_ORGANISATION, once another reviewer approved', async () => {
      await t
        .http()
        .post(`/api/v1/accreditation-requests/${requestId}/decisions`)
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
      expect(await observerStatus()).toBe('observer');
    });

    it('shows a member admin “Awaits another reviewer” on the profile, and no observer-status button', async () => {
      const profile = await (
        await signIn(t, insider.user.email)
      )
        .get(`/organisations/${org.organisation.id}`)
        .expect(200);
      expect(profile.text).toContain('Awaits another reviewer');
      expect(profile.text).not.toContain(`/organisations/${org.organisation.id}/observer-status`);
    });

    it('lets an admin outside the organisation suspend it', async () => {
      await t
        .http()
        .post(`/api/v1/organisations/${org.organisation.id}/observer-status`)
        .set(auth(admin.token))
        .send({ status: 'suspended', reason: 'Missed the report.' })
        .expect(200);
    });
  });

  describe('the staff pages of a member admin say “awaits another reviewer” and refuse the form posts', () => {
    const awaits = 'Awaits another reviewer: you are a member of this organisation.';
    let consultation: { id: string };
    let pending: { id: string };
    let confirmed: { id: string };
    let requestId: string;
    let browser: WebClient;
    let participants: { text: string };
    let review: { text: string };

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, {
        capacity: 5,
        requiresApproval: true,
      });
      const org = await focalPointWithOrganisation(t);
      const insider = await memberStaff(org.organisation.id, UserRole.Admin);
      pending = (
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
      confirmed = (
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
      requestId = request.body.id;
      browser = await signIn(t, insider.user.email);
    });

    it('shows the participants list without a decision button', async () => {
      participants = await browser
        .get(`/staff/consultations/${consultation.id}/participants`)
        .expect(200);
      expect(participants.text).toContain(awaits);
      expect(participants.text).not.toContain(`/registrations/${pending.id}/decisions`);
    });

    it('answers a registration decision posted anyway with the reason in a flash, and decides nothing', async () => {
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
    });

    it('shows the check-in page without a check-in button', async () => {
      const checkIn = await browser
        .get(`/staff/consultations/${consultation.id}/check-in?q=Ousmane`)
        .expect(200);
      expect(checkIn.text).toContain(awaits);
      expect(checkIn.text).not.toContain(`/check-in/${confirmed.id}"`);
    });

    it('shows the accreditation review page without a decision form, and says so in the queue', async () => {
      review = await browser.get(`/staff/accreditation/${requestId}`).expect(200);
      expect(review.text).toContain(awaits);
      expect(review.text).not.toContain(`/staff/accreditation/${requestId}/decisions`);
      expect((await browser.get('/staff/accreditation').expect(200)).text).toContain(awaits);
    });

    it('refuses an accreditation decision posted anyway with 403 and the reason, and decides nothing', async () => {
      const decided = await browser.agent
        .post(`/staff/accreditation/${requestId}/decisions`)
        .type('form')
        .send({ _csrf: csrfIn(review.text), decision: 'approve', reason: 'Looks fine to me.' });
      expect(decided.status).toBe(403);
      expect(decided.text).toContain(OWN_ORGANISATION);
      expect(
        (await t.dataSource.getRepository(AccreditationRequest).findOneByOrFail({ id: requestId }))
          .status,
      ).toBe('submitted');
    });

    it('shows another reviewer the decision buttons on the same pages', async () => {
      const reviewer = await staffToken(t);
      const colleague = await signIn(t, reviewer.user.email);
      expect(
        (await colleague.get(`/staff/consultations/${consultation.id}/participants`).expect(200))
          .text,
      ).toContain(`/registrations/${pending.id}/decisions`);
      expect((await colleague.get(`/staff/accreditation/${requestId}`).expect(200)).text).toContain(
        `/staff/accreditation/${requestId}/decisions`,
      );
    });
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

  describe('approving into a full consultation says “waitlisted”, with the place, in the flash and the mail', () => {
    let consultation: { id: string };
    let browser: WebClient;
    let first: { id: string; participant: { email: string } };
    let second: { id: string; participant: { email: string } };
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

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, {
        capacity: 1,
        requiresApproval: true,
      });
      const org = await focalPointWithOrganisation(t);
      const reviewer = await staffToken(t);
      browser = await signIn(t, reviewer.user.email);
      const register = async (name: string) =>
        (
          await t
            .http()
            .post(`/api/v1/consultations/${consultation.id}/registrations`)
            .set(auth(org.token))
            .send({ organisationId: org.organisation.id, participant: participant({ name }) })
            .expect(201)
        ).body as { id: string; participant: { email: string } };
      [first, second] = [await register('Aminata Diallo'), await register('Ibrahima Fall')];
    });

    it('says in the flash that an approval with a free seat confirms it', async () => {
      expect(await decide(first.id, 'approve')).toEqual([
        'The registration of Aminata Diallo has been approved: a seat is confirmed.',
      ]);
    });

    it('says in the flash that an approval with no free seat waitlists, and at which place', async () => {
      expect(await decide(second.id, 'approve')).toEqual([
        'The registration of Ibrahima Fall has been approved, but no seat was free: Ibrahima Fall is number 1 on the waiting list.',
      ]);
      expect(
        (await t.dataSource.getRepository(Registration).findOneByOrFail({ id: second.id })).status,
      ).toBe('waitlisted');
    });

    it('mails the waitlisted participant the place, every placeholder filled', async () => {
      await t.deliverMail();
      const waitlisted = await mail.waitFor(second.participant.email, (m) =>
        m.subject.startsWith('Approved, on the waiting list'),
      );
      expect(waitlisted.text).toContain('Ibrahima Fall is number 1 on the waiting list');
      expect(waitlisted.text).not.toMatch(/\{\w+\}/);
    });

    it('mails the confirmed participant a confirmation, every placeholder filled', async () => {
      expect(
        (await mail.waitFor(first.participant.email, (m) => m.subject.startsWith('Confirmed')))
          .text,
      ).not.toMatch(/\{\w+\}/);
    });
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
