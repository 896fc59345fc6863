import ICAL from 'ical.js';
import { UserRole } from '../src/accounts/user.entity';
import { Consultation, ConsultationStatus } from '../src/consultations/consultation.entity';
import { consultationFactory, participant, publishedConsultation } from './support/consultations';
import { PASSWORD, userFactory } from './support/factories';
import { CaughtMail, MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';
import { AccreditationRequest } from '../src/accreditation/accreditation-request.entity';
import { User } from '../src/accounts/user.entity';
import { FundingApplication } from '../src/funding/funding-application.entity';
import { REQUEST } from './support/organisations';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function calendarsOf(mail: CaughtMail) {
  return mail.parsed.attachments
    .filter((a) => a.contentType.startsWith('text/calendar'))
    .map((a) => {
      const component = new ICAL.Component(ICAL.parse(a.content.toString('utf8')));
      const event = component.getFirstSubcomponent('vevent')!;
      return {
        method: component.getFirstPropertyValue('method'),
        uid: event.getFirstPropertyValue('uid'),
        sequence: Number(event.getFirstPropertyValue('sequence')),
        status: event.getFirstPropertyValue('status'),
      };
    });
}

describe('when the consultation changes', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };
  let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let consultationId: string;
  const body = consultationFactory({ capacity: 2, title: 'Consultation that moves' });
  const guests = [participant(), participant(), participant()];
  const registrations: { id: string; status: string }[] = [];

  const newMail = (before: number) => mail.messages.slice(before);

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail });
    admin = await staffToken(t, UserRole.Admin);
    org = await focalPointWithOrganisation(t, {}, 'fr');
    consultationId = (await publishedConsultation(t, admin.token, body)).id;
    for (const guest of guests) {
      const created = await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: guest })
        .expect(201);
      registrations.push(created.body);
    }
    await t.deliverMail();
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  describe('a change of dates and agenda', () => {
    let sent: CaughtMail[];

    beforeAll(async () => {
      const before = mail.messages.length;
      const starts = new Date(new Date(body.startsAt).getTime() + DAY);
      await t
        .http()
        .patch(`/api/v1/consultations/${consultationId}`)
        .set(auth(admin.token))
        .send({
          startsAt: starts.toISOString(),
          endsAt: new Date(starts.getTime() + 8 * HOUR).toISOString(),
          sessions: [
            {
              title: 'Opening',
              startsAt: starts.toISOString(),
              endsAt: new Date(starts.getTime() + HOUR).toISOString(),
            },
          ],
        })
        .expect(200);
      await t.deliverMail();
      sent = newMail(before);
    });

    it('tells every holder once per address, not the waiting list', () => {
      expect(registrations.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'waitlisted']);
      expect(sent.map((m) => m.to).sort()).toEqual(
        [guests[0].email, guests[1].email, org.user.email].map((e) => e.toLowerCase()).sort(),
      );
    });

    it('says what changed, old and new, in the recipient’s language', () => {
      const toMember = sent.find((m) => m.to === org.user.email.toLowerCase())!;
      expect(toMember.subject).toBe('Modification\u202f: Consultation that moves');
      expect(toMember.text).toContain('Début');
      expect(toMember.text).toContain("Séance «\u202fMigrants' rights\u202f»");
      expect(toMember.text).toContain('(supprimée)');
      expect(toMember.text).toContain('Séance «\u202fOpening\u202f»');
      expect(toMember.text).toMatch(/→/);
    });

    it('sends an updated .ics with the same UID and a higher SEQUENCE', () => {
      for (const [i, guest] of guests.slice(0, 2).entries()) {
        const toGuest = sent.find((m) => m.to === guest.email.toLowerCase())!;
        const confirmation = mail.to(guest.email).find((m) => m.subject.includes('confirmée'))!;
        const [original] = calendarsOf(confirmation);
        const [updated] = calendarsOf(toGuest);
        expect(updated.uid).toBe(`registration-${registrations[i].id}@convene`);
        expect(updated.uid).toBe(original.uid);
        expect(updated.sequence).toBeGreaterThan(original.sequence);
        expect(updated.status).toBe('CONFIRMED');
      }
      const toMember = sent.find((m) => m.to === org.user.email.toLowerCase())!;
      expect(calendarsOf(toMember).map((c) => c.uid)).toEqual(
        registrations.slice(0, 2).map((r) => `registration-${r.id}@convene`),
      );
    });

    it('raises the consultation’s calendar sequence once per change', async () => {
      const stored = await t.dataSource
        .getRepository(Consultation)
        .findOneByOrFail({ id: consultationId });
      expect(stored.calendarSequence).toBe(1);
    });
  });

  it('tells nobody of a change that moves nothing people plan around', async () => {
    const before = mail.messages.length;
    await t
      .http()
      .patch(`/api/v1/consultations/${consultationId}`)
      .set(auth(admin.token))
      .send({ capacity: 3, description: 'A new description.' })
      .expect(200);
    await t.deliverMail();
    expect(newMail(before).filter((m) => m.subject.startsWith('Modification'))).toEqual([]);
  });

  it('sends the participant of a cancelled registration a cancelling .ics', async () => {
    const before = mail.messages.length;
    await t
      .http()
      .post(`/api/v1/registrations/${registrations[0].id}/cancel`)
      .set(auth(org.token))
      .expect(200);
    await t.deliverMail();
    const toGuest = newMail(before).find((m) => m.to === guests[0].email.toLowerCase())!;
    const [cancelled] = calendarsOf(toGuest);
    expect(cancelled).toEqual({
      method: 'CANCEL',
      uid: `registration-${registrations[0].id}@convene`,
      sequence: 2,
      status: 'CANCELLED',
    });
  });

  describe('cancelling the consultation', () => {
    it('is refused without a reason, and nothing changes', async () => {
      await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/cancel`)
        .set(auth(admin.token))
        .send({})
        .expect(400);
      const stored = await t.dataSource
        .getRepository(Consultation)
        .findOneByOrFail({ id: consultationId });
      expect(stored.status).toBe(ConsultationStatus.Published);
    });

    it('sends every remaining holder a METHOD:CANCEL .ics', async () => {
      const before = mail.messages.length;
      await t
        .http()
        .post(`/api/v1/consultations/${consultationId}/cancel`)
        .set(auth(admin.token))
        .send({ reason: 'The venue is no longer available.' })
        .expect(200);
      await t.deliverMail();
      const sent = newMail(before);
      const toGuest = sent.find((m) => m.to === guests[1].email.toLowerCase())!;
      expect(calendarsOf(toGuest)).toEqual([
        {
          method: 'CANCEL',
          uid: `registration-${registrations[1].id}@convene`,
          sequence: 2,
          status: 'CANCELLED',
        },
      ]);
      const audit = await t
        .http()
        .get(`/api/v1/admin/audit?entity=consultation&entityId=${consultationId}`)
        .set(auth(admin.token))
        .expect(200);
      expect(JSON.stringify(audit.body)).toContain('The venue is no longer available.');
    });
  });

  describe('completing a consultation', () => {
    it('is refused before it has ended', async () => {
      const upcoming = await publishedConsultation(t, admin.token);
      const refused = await t
        .http()
        .post(`/api/v1/consultations/${upcoming.id}/complete`)
        .set(auth(admin.token))
        .send({})
        .expect(409);
      expect(refused.body.code).toBe('INVALID_TRANSITION');
    });

    it('is done once it has ended', async () => {
      const past = await publishedConsultation(t, admin.token);
      await t.dataSource.getRepository(Consultation).update(past.id, {
        startsAt: new Date(Date.now() - 2 * DAY),
        endsAt: new Date(Date.now() - DAY),
      });
      const done = await t
        .http()
        .post(`/api/v1/consultations/${past.id}/complete`)
        .set(auth(admin.token))
        .send({})
        .expect(200);
      expect(done.body.status).toBe('completed');
    });
  });

  describe('the confirmation page of cancelling', () => {
    let browser: WebClient;
    let target: string;
    const status = async () =>
      (await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: target })).status;

    beforeAll(async () => {
      const user = await userFactory(t, { role: UserRole.Admin });
      browser = new WebClient(t);
      await browser.submit('/signin', { email: user.email, password: PASSWORD }).then((r) => {
        expect(r.status).toBe(303);
      });
      target = (await publishedConsultation(t, admin.token)).id;
    });

    it('links from the list to a confirmation step instead of cancelling at once', async () => {
      const list = await browser.get('/admin/consultations').expect(200);
      expect(list.text).toContain(`href="/admin/consultations/${target}/cancel"`);
      expect(list.text).not.toContain(`action="/admin/consultations/${target}/cancel"`);
    });

    it('refuses without a reason', async () => {
      const page = `/admin/consultations/${target}/cancel`;
      const refused = await browser.submit(page, { reason: '', understood: 'on' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('Give a reason.');
      expect(await status()).toBe(ConsultationStatus.Published);
    });

    it('refuses without "I understand this cannot be undone"', async () => {
      const page = `/admin/consultations/${target}/cancel`;
      const refused = await browser.submit(page, { reason: 'Postponed to next year.' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('Tick the box to confirm');
      expect(refused.text).toContain('Postponed to next year.');
      expect(await status()).toBe(ConsultationStatus.Published);
    });

    it('cancels with both', async () => {
      const page = `/admin/consultations/${target}/cancel`;
      const done = await browser.submit(page, {
        reason: 'Postponed to next year.',
        understood: 'on',
      });
      expect(done.status).toBe(303);
      expect(await status()).toBe(ConsultationStatus.Cancelled);
    });

    it('refuses to complete before the end, on the page too', async () => {
      const upcoming = (await publishedConsultation(t, admin.token)).id;
      const refused = await browser.submit(`/admin/consultations/${upcoming}/complete`, {
        reason: 'Done.',
        understood: 'on',
      });
      expect(refused.status).toBe(409);
      expect(refused.text).toContain('only once it has ended');
    });
  });

  describe('other actions that cannot be undone, on their pages', () => {
    let staff: WebClient;

    beforeAll(async () => {
      const user = await userFactory(t, { role: UserRole.Admin });
      staff = new WebClient(t);
      expect(
        (await staff.submit('/signin', { email: user.email, password: PASSWORD })).status,
      ).toBe(303);
    });

    it('rejects an accreditation request only with "cannot be undone" ticked', async () => {
      const focal = await focalPointWithOrganisation(t);
      const id = (
        await t
          .http()
          .post(`/api/v1/organisations/${focal.organisation.id}/accreditation-requests`)
          .set(auth(focal.token))
          .send(REQUEST)
          .expect(201)
      ).body.id as string;
      const page = `/staff/accreditation/${id}`;
      const fields = { decision: 'reject', reasonCode: 'other', reason: 'Outside our mandate.' };
      const refused = await staff.submit(page, fields, `${page}/decisions`);
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('Tick the box to confirm');
      const stored = () => t.dataSource.getRepository(AccreditationRequest).findOneByOrFail({ id });
      expect((await stored()).status).toBe('submitted');
      const done = await staff.submit(page, { ...fields, understood: 'on' }, `${page}/decisions`);
      expect(done.status).toBe(303);
      expect((await stored()).status).toBe('rejected');
    });

    it('declines funding only with a reason and "cannot be undone" ticked', async () => {
      const consultation = await publishedConsultation(t, admin.token);
      const member = await focalPointWithOrganisation(t);
      const registration = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(member.token))
        .send({ organisationId: member.organisation.id, participant: participant() })
        .expect(201);
      const application = await t
        .http()
        .post(`/api/v1/registrations/${registration.body.id}/funding-applications`)
        .set(auth(member.token))
        .send({
          lines: [{ kind: 'airfare', amount: '800.00' }],
          currency: 'USD',
          departureCity: 'Dakar',
          departureCountry: 'SN',
          justification: 'No budget for international travel.',
        })
        .expect(201);
      const page = `/staff/consultations/${consultation.id}/funding`;
      const action = `/staff/funding-applications/${application.body.id}/decisions`;
      const status = async () =>
        (
          await t.dataSource
            .getRepository(FundingApplication)
            .findOneByOrFail({ id: application.body.id as string })
        ).status;
      for (const fields of <Record<string, string>[]>[
        { decision: 'decline', reason: '', understood: 'on' },
        { decision: 'decline', reason: 'Budget spent.' },
      ]) {
        expect((await staff.submit(page, fields, action)).status).toBe(303);
        expect(await status()).toBe('submitted');
      }
      const flashed = await staff.get(page).expect(200);
      expect(flashed.text).toContain('Tick the box to confirm');
      await staff.submit(
        page,
        { decision: 'decline', reason: 'Budget spent.', understood: 'on' },
        action,
      );
      expect(await status()).toBe('declined');
    });

    it('disables a user only with a reason and "cannot be undone" ticked', async () => {
      const someone = await userFactory(t, { name: 'Someone To Disable' });
      const action = `/admin/users/${someone.id}`;
      const disabledAt = async () =>
        (await t.dataSource.getRepository(User).findOneByOrFail({ id: someone.id })).disabledAt;
      for (const fields of <Record<string, string>[]>[
        { disabled: 'true', reason: 'Left.' },
        { disabled: 'true', reason: '', understood: 'on' },
      ]) {
        expect((await staff.submit('/admin/users', fields, action)).status).toBe(303);
        expect(await disabledAt()).toBeNull();
      }
      await staff.submit(
        '/admin/users',
        { disabled: 'true', reason: 'Left.', understood: 'on' },
        action,
      );
      expect(await disabledAt()).not.toBeNull();
      const audit = await t
        .http()
        .get(`/api/v1/admin/audit?entity=user&entityId=${someone.id}`)
        .set(auth(admin.token))
        .expect(200);
      expect(JSON.stringify(audit.body)).toContain('Left.');
    });
  });
});
