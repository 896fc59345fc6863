import ICAL from 'ical.js';
import { parse } from 'csv-parse/sync';
import type { Response } from 'supertest';
import { UserRole } from '../src/accounts/user.entity';
import { toLocalInput } from '../src/common/dates';
import { Consultation, Eligibility } from '../src/consultations/consultation.entity';
import {
  ParticipantDto,
  RegistrationDecisionDto,
  WaitlistMoveDto,
} from '../src/registrations/dto/registration.dto';
import { RegistrationsService } from '../src/registrations/registrations.service';
import { onPostgres } from './support/databases';
import { consultationFactory, participant, publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function seatCounters(t: TestApp, id: string) {
  const c = await t.dataSource.getRepository(Consultation).findOneByOrFail({ id });
  return { confirmed: c.seatsConfirmed, offered: c.seatsOffered, capacity: c.capacity };
}

async function statusCounts(t: TestApp, consultationId: string) {
  const rows: { status: string; count: string | number }[] = await t.dataSource.query(
    `SELECT status, COUNT(*) AS count FROM registrations WHERE "consultationId" = ${onPostgres ? '$1' : '?'} GROUP BY status`,
    [consultationId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.count)]));
}

describe('consultations and registration', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    mail = await new MailCatcher().start();
    t = await createTestApp({ mail, env: { WAITLIST_OFFER_HOURS: '48' } });
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  describe('a consultation from draft to clone', () => {
    let created: Response;
    const consultationTotal = async () =>
      (await t.http().get('/api/v1/consultations?pageSize=100').set(auth(admin.token)).expect(200))
        .body.total as number;

    beforeAll(async () => {
      created = await t
        .http()
        .post('/api/v1/consultations')
        .set(auth(admin.token))
        .send(consultationFactory({ title: 'Draft one' }))
        .expect(201);
    });

    it('creates a draft with its seats, funding budget and sessions', () => {
      expect(created.body).toMatchObject({
        status: 'draft',
        seats: { capacity: 10, confirmed: 0, offered: 0, available: 10, waitlisted: 0 },
      });
      expect(created.body.fundingBudget).toEqual({ amount: '20000.00', currency: 'USD' });
      expect(created.body.sessions).toHaveLength(1);
    });

    it('hides a draft from the public', async () => {
      await t.http().get(`/api/v1/consultations/${created.body.id}`).expect(404);
    });

    it('lets no CSO user create a consultation', async () => {
      const cso = await focalPointWithOrganisation(t);
      await t
        .http()
        .post('/api/v1/consultations')
        .set(auth(cso.token))
        .send(consultationFactory())
        .expect(403);
    });

    it('refuses a bad time zone, date, capacity and budget with 400, naming each field', async () => {
      const bad = await t
        .http()
        .post('/api/v1/consultations')
        .set(auth(admin.token))
        .send(
          consultationFactory({
            timezone: 'Mars/Olympus',
            startsAt: '2027-09-13 09:00',
            capacity: 0,
            fundingBudget: { amount: '10.999', currency: 'usd' },
          }),
        );
      expect(bad.status).toBe(400);
      expect((bad.body.message as string[]).map((m) => m.split(':')[0]).sort()).toEqual([
        'capacity',
        'fundingBudget.amount',
        'fundingBudget.currency',
        'startsAt',
        'timezone',
      ]);
    });

    it('refuses an edit that ends the consultation before it starts', async () => {
      const backwards = await t
        .http()
        .patch(`/api/v1/consultations/${created.body.id}`)
        .set(auth(admin.token))
        .send({ endsAt: '2020-01-01T00:00:00Z' })
        .expect(400);
      expect(backwards.body.message[0]).toMatch(/^endsAt:/);
    });

    it('refuses days that do not exist, and saves nothing', async () => {
      const before = await consultationTotal();
      for (const impossible of ['2027-13-40T09:00:00+02:00', '2027-02-30T09:00:00+02:00']) {
        const refused = await t
          .http()
          .post('/api/v1/consultations')
          .set(auth(admin.token))
          .send(consultationFactory({ startsAt: impossible }))
          .expect(400);
        expect(refused.body.message).toEqual([expect.stringMatching(/^startsAt:/)]);
      }
      expect(await consultationTotal()).toBe(before);
    });

    it('refuses null for a required field', async () => {
      for (const field of ['startsAt', 'fundingDeadline', 'title', 'capacity', 'eligibility']) {
        const refused = await t
          .http()
          .patch(`/api/v1/consultations/${created.body.id}`)
          .set(auth(admin.token))
          .send({ [field]: null });
        expect([refused.status, refused.body.message?.[0]?.split(':')[0]]).toEqual([400, field]);
      }
    });

    it('refuses a page number too large to be one', async () => {
      await t.http().get('/api/v1/consultations?page=99999999999999999999').expect(400);
    });

    it('refuses a funding deadline or a session after the end, and saves nothing', async () => {
      const before = await consultationTotal();
      const late = consultationFactory();
      const outOfOrder = await t
        .http()
        .post('/api/v1/consultations')
        .set(auth(admin.token))
        .send({
          ...late,
          fundingDeadline: late.endsAt,
          sessions: [
            {
              title: 'After the end',
              startsAt: late.endsAt,
              endsAt: new Date(Date.parse(late.endsAt) + 3_600_000).toISOString(),
            },
          ],
        });
      expect(outOfOrder.status).toBe(400);
      expect((outOfOrder.body.message as string[]).map((m) => m.split(':')[0]).sort()).toEqual([
        'fundingDeadline',
        'sessions.0.startsAt',
      ]);
      expect(await consultationTotal()).toBe(before);
    });

    it('publishes an edited draft with its edits, once', async () => {
      await t
        .http()
        .patch(`/api/v1/consultations/${created.body.id}`)
        .set(auth(admin.token))
        .send({ title: 'Renamed', capacity: 12 })
        .expect(200);
      const published = await t
        .http()
        .post(`/api/v1/consultations/${created.body.id}/publish`)
        .set(auth(admin.token))
        .expect(200);
      expect(published.body).toMatchObject({
        title: 'Renamed',
        status: 'published',
        registrationOpen: true,
      });
      await t
        .http()
        .post(`/api/v1/consultations/${created.body.id}/publish`)
        .set(auth(admin.token))
        .expect(409);
    });

    it('shows a published consultation on its public page, in its own time zone', async () => {
      const page = await t.http().get(`/consultations/${created.body.id}`).expect(200);
      expect(page.text).toContain('Renamed');
      expect(page.text).toMatch(/UTC\+0[12]:00 \(Zurich\)/);
    });

    it('clones a consultation as a draft a year later, at the same wall-clock time, with its sessions', async () => {
      const clone = await t
        .http()
        .post(`/api/v1/consultations/${created.body.id}/clone`)
        .set(auth(admin.token))
        .expect(201);
      expect(clone.body.status).toBe('draft');
      // Same date and wall-clock time a year later, leap years and summer time included.
      const wall = (iso: string) => toLocalInput(new Date(iso), 'Europe/Zurich');
      expect(wall(clone.body.startsAt)).toBe(
        wall(created.body.startsAt).replace(/^\d{4}/, (y) => String(Number(y) + 1)),
      );
      expect(clone.body.sessions.map((s: { title: string }) => s.title)).toEqual([
        "Migrants' rights",
      ]);
    });
  });

  describe('registering for a consultation of two seats, three per organisation', () => {
    let consultation: { id: string };
    let a: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let b: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let registered: Response[];
    const register = (token: string, organisationId: string, body = participant()) =>
      t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(token))
        .send({ organisationId, participant: body });

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, {
        capacity: 2,
        perOrganisationLimit: 3,
      });
      a = await focalPointWithOrganisation(t);
      b = await focalPointWithOrganisation(t);
      registered = [];
      for (let i = 0; i < 3; i++) {
        registered.push(await register(a.token, a.organisation.id).expect(201));
      }
    });

    it('confirms while seats last, then waitlists in order', () => {
      expect(registered[0].body).toMatchObject({ status: 'confirmed', waitlistPosition: null });
      expect(registered[2].body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    });

    it('refuses more than the per-organisation limit with ORGANISATION_LIMIT_REACHED', async () => {
      const limit = await register(a.token, a.organisation.id).expect(409);
      expect(limit.body.code).toBe('ORGANISATION_LIMIT_REACHED');
    });

    it('refuses a participant email already registered, whatever its case, with ALREADY_REGISTERED', async () => {
      const duplicate = await register(
        b.token,
        b.organisation.id,
        participant({ email: registered[0].body.participant.email.toUpperCase() }),
      ).expect(409);
      expect(duplicate.body.code).toBe('ALREADY_REGISTERED');
    });

    it("answers 404 to a registration for another user's organisation", async () => {
      await register(b.token, a.organisation.id).expect(404);
    });

    it('refuses a non-observer where only observers may register, with NOT_ELIGIBLE', async () => {
      const observersOnly = await publishedConsultation(t, admin.token, {
        eligibility: Eligibility.ObserversOnly,
      });
      const notEligible = await t
        .http()
        .post(`/api/v1/consultations/${observersOnly.id}/registrations`)
        .set(auth(b.token))
        .send({ organisationId: b.organisation.id, participant: participant() });
      expect(notEligible.status).toBe(409);
      expect(notEligible.body.code).toBe('NOT_ELIGIBLE');
    });

    it('refuses a registration before registration opens, with REGISTRATION_CLOSED', async () => {
      const closed = await publishedConsultation(t, admin.token, {
        registrationOpensAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      const tooEarly = await t
        .http()
        .post(`/api/v1/consultations/${closed.id}/registrations`)
        .set(auth(b.token))
        .send({ organisationId: b.organisation.id, participant: participant() });
      expect(tooEarly.body.code).toBe('REGISTRATION_CLOSED');
    });

    it('refuses bad participant values and unknown fields with 400, naming each', async () => {
      // Deliberately invalid: a gender and a country that do not exist, and a field no DTO has.
      const invalid = await register(b.token, b.organisation.id, {
        ...participant(),
        gender: 'robot',
        nationality: 'XX',
        email: 'nope',
        shoeSize: 44,
      } as unknown as ParticipantDto).expect(400);
      expect((invalid.body.message as string[]).map((m) => m.split(':')[0]).sort()).toEqual([
        'participant.email',
        'participant.gender',
        'participant.nationality',
        'participant.shoeSize',
      ]);
    });

    it('refuses a blank participant name', async () => {
      const blank = await register(b.token, b.organisation.id, participant({ name: '   ' })).expect(
        400,
      );
      expect(blank.body.message).toEqual([expect.stringMatching(/^participant\.name:/)]);
    });

    it('refuses a registration without a participant', async () => {
      const nobody = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(b.token))
        .send({ organisationId: b.organisation.id })
        .expect(400);
      expect(nobody.body.message).toEqual([expect.stringMatching(/^participant:/)]);
    });

    it('gives no seat to a refused registration', async () => {
      const seats = (await t.http().get(`/api/v1/consultations/${consultation.id}`).expect(200))
        .body.seats;
      expect(seats).toEqual({ capacity: 2, confirmed: 2, offered: 0, available: 0, waitlisted: 1 });
    });
  });

  describe('a freed seat offered to the waiting list, on one seat', () => {
    let consultation: { id: string };
    let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let seated: Response;
    let second: Response;
    let third: Response;
    const register = (consultationId: string) =>
      t
        .http()
        .post(`/api/v1/consultations/${consultationId}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(201);
    const read = async (registration: Response) =>
      (await t.http().get(`/api/v1/registrations/${registration.body.id}`).set(auth(org.token)))
        .body;

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, { capacity: 1 });
      org = await focalPointWithOrganisation(t, {}, 'es');
      seated = await register(consultation.id);
      second = await register(consultation.id);
      third = await register(consultation.id);
    });

    it('numbers the waiting list in order of registration', () => {
      expect([second.body.waitlistPosition, third.body.waitlistPosition]).toEqual([1, 2]);
    });

    it('refuses a capacity of zero', async () => {
      await t
        .http()
        .patch(`/api/v1/consultations/${consultation.id}`)
        .set(auth(admin.token))
        .send({ capacity: 0 })
        .expect(400);
    });

    it('offers a cancelled seat to the first on the list for 48 hours, and moves the others up', async () => {
      await t
        .http()
        .post(`/api/v1/registrations/${seated.body.id}/cancel`)
        .set(auth(org.token))
        .expect(200);
      const offered = await t
        .http()
        .get(`/api/v1/registrations/${second.body.id}`)
        .set(auth(org.token))
        .expect(200);
      expect(offered.body.status).toBe('offered');
      const hours = (new Date(offered.body.offerExpiresAt).getTime() - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(47.9);
      expect(hours).toBeLessThanOrEqual(48);
      expect((await read(third)).waitlistPosition).toBe(1);
      expect(await seatCounters(t, consultation.id)).toEqual({
        confirmed: 0,
        offered: 1,
        capacity: 1,
      });
    });

    it('mails the offer in the organisation’s language, with a link to take it', async () => {
      await t.deliverMail();
      const offerMail = await mail.waitFor(org.user.email, (m) => m.text.includes(second.body.id));
      expect(offerMail.subject).toMatch(/plaza|Plaza/);
      expect(offerMail.text).toContain(
        `/organisations/${org.organisation.id}/delegation?offer=${second.body.id}`,
      );
    });

    it('confirms an accepted offer, once', async () => {
      const accepted = await t
        .http()
        .post(`/api/v1/registrations/${second.body.id}/accept-offer`)
        .set(auth(org.token))
        .expect(200);
      expect(accepted.body.status).toBe('confirmed');
      expect(await seatCounters(t, consultation.id)).toEqual({
        confirmed: 1,
        offered: 0,
        capacity: 1,
      });
      await t
        .http()
        .post(`/api/v1/registrations/${second.body.id}/accept-offer`)
        .set(auth(org.token))
        .expect(409);
    });

    it('offers the next on the list a seat when capacity grows', async () => {
      await t
        .http()
        .patch(`/api/v1/consultations/${consultation.id}`)
        .set(auth(admin.token))
        .send({ capacity: 2 })
        .expect(200);
      expect((await read(third)).status).toBe('offered');
    });

    it('refuses an open offer once the consultation is over', async () => {
      const over = await publishedConsultation(t, admin.token, { capacity: 1 });
      const held = await register(over.id);
      const waiting = await register(over.id);
      await t
        .http()
        .post(`/api/v1/registrations/${held.body.id}/cancel`)
        .set(auth(org.token))
        .expect(200);
      await t.dataSource.getRepository(Consultation).update(over.id, {
        startsAt: new Date(Date.now() - 2 * 86_400_000),
        endsAt: new Date(Date.now() - 86_400_000),
      });
      await t
        .http()
        .post(`/api/v1/consultations/${over.id}/complete`)
        .set(auth(admin.token))
        .expect(200);
      await t
        .http()
        .post(`/api/v1/registrations/${waiting.body.id}/accept-offer`)
        .set(auth(org.token))
        .expect(409);
    });

    it('puts a newcomer first on a waiting list emptied by offers', async () => {
      // The offered entry keeps its old number, yet the list is empty again.
      expect((await register(consultation.id)).body).toMatchObject({
        status: 'waitlisted',
        waitlistPosition: 1,
      });
    });
  });

  describe('an offer not taken in time expires and passes the seat on (fake clock)', () => {
    let consultation: { id: string };
    let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let next: Response;
    let last: Response;
    let newcomer: Response;
    let service: RegistrationsService;
    const register = () =>
      t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(201);
    const read = async (registration: Response) =>
      (await t.http().get(`/api/v1/registrations/${registration.body.id}`).set(auth(org.token)))
        .body;

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, { capacity: 1 });
      org = await focalPointWithOrganisation(t);
      service = t.app.get(RegistrationsService);
      const seated = await register();
      next = await register();
      last = await register();
      await t
        .http()
        .post(`/api/v1/registrations/${seated.body.id}/cancel`)
        .set(auth(org.token))
        .expect(200);
    });

    it('puts a newcomer on the list behind those still waiting while an offer is open', async () => {
      newcomer = await register();
      expect(newcomer.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    });

    it('expires no offer before its deadline', async () => {
      expect(await service.expireOffers()).toBe(0);
    });

    it('refuses an offer past its deadline even before the job has expired it, and the job then does', async () => {
      t.clock.advance(49 * 3_600_000);
      try {
        await t
          .http()
          .post(`/api/v1/registrations/${next.body.id}/accept-offer`)
          .set(auth(org.token))
          .expect(409);
        expect(await service.expireOffers()).toBeGreaterThanOrEqual(1);
      } finally {
        t.clock.advance(-49 * 3_600_000);
      }
    });

    it('offers the expired seat to the next on the list, and moves the newcomer up', async () => {
      expect((await read(next)).status).toBe('expired');
      expect((await read(last)).status).toBe('offered');
      expect((await read(newcomer)).waitlistPosition).toBe(1);
      expect(await seatCounters(t, consultation.id)).toEqual({
        confirmed: 0,
        offered: 1,
        capacity: 1,
      });
    });
  });

  describe('registrations needing approval, on one seat', () => {
    let consultation: { id: string };
    let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let reviewer: Awaited<ReturnType<typeof staffToken>>;
    let p1: Response;
    let p2: Response;
    let p3: Response;
    let p4: Response;
    const register = () =>
      t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(201);
    const decide = (token: string, registration: Response, body: RegistrationDecisionDto) =>
      t
        .http()
        .post(`/api/v1/registrations/${registration.body.id}/decisions`)
        .set(auth(token))
        .send(body);
    const moveToFirst = (body: Partial<WaitlistMoveDto>) =>
      t
        .http()
        .post(`/api/v1/registrations/${p3.body.id}/waitlist-position`)
        .set(auth(reviewer.token))
        .send(body);
    const checkIn = (registration: Response) =>
      t
        .http()
        .post(`/api/v1/registrations/${registration.body.id}/check-in`)
        .set(auth(reviewer.token));

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, {
        capacity: 1,
        requiresApproval: true,
      });
      org = await focalPointWithOrganisation(t);
      reviewer = await staffToken(t);
      [p1, p2, p3, p4] = [await register(), await register(), await register(), await register()];
    });

    it('holds a registration needing approval as pending', () => {
      expect(p1.body.status).toBe('pending');
    });

    it('lets no CSO user decide a registration', async () => {
      await decide(org.token, p1, { decision: 'approve' }).expect(403);
    });

    it('confirms approved registrations while seats last, then waitlists them in order', async () => {
      expect(
        (await decide(reviewer.token, p1, { decision: 'approve' }).expect(200)).body.status,
      ).toBe('confirmed');
      expect(
        (await decide(reviewer.token, p2, { decision: 'approve' }).expect(200)).body.status,
      ).toBe('waitlisted');
      expect(
        (await decide(reviewer.token, p3, { decision: 'approve' }).expect(200)).body
          .waitlistPosition,
      ).toBe(2);
    });

    it('rejects with a reason, for good', async () => {
      expect(
        (await decide(reviewer.token, p4, { decision: 'reject', reason: 'Not a CSO.' }).expect(200))
          .body.status,
      ).toBe('rejected');
      await decide(reviewer.token, p4, { decision: 'approve' }).expect(409);
    });

    it('refuses to move someone on the waiting list without a reason', async () => {
      await moveToFirst({ position: 1 }).expect(400);
    });

    it('moves someone up the waiting list with a reason, the others down, and audits the reason', async () => {
      const moved = await moveToFirst({
        position: 1,
        reason: 'Speaker on the migrants and crises panel.',
      }).expect(200);
      expect(moved.body.waitlistPosition).toBe(1);
      expect(
        (await t.http().get(`/api/v1/registrations/${p2.body.id}`).set(auth(reviewer.token))).body
          .waitlistPosition,
      ).toBe(2);
      const audit = await t
        .http()
        .get(`/api/v1/admin/audit?entity=registration&entityId=${p3.body.id}`)
        .set(auth(admin.token))
        .expect(200);
      expect(
        audit.body.items.find((e: { action: string }) => e.action === 'registration.waitlist_moved')
          .details,
      ).toMatchObject({ from: 2, to: 1, reason: 'Speaker on the migrants and crises panel.' });
    });

    it('checks in the confirmed only, and once', async () => {
      await checkIn(p2).expect(409);
      const checked = await checkIn(p1).expect(200);
      expect(checked.body.checkedInAt).toEqual(expect.any(String));
      await checkIn(p1).expect(409);
    });

    it('cannot cancel someone who attended (nor release their funding)', async () => {
      expect(
        (
          await t
            .http()
            .post(`/api/v1/registrations/${p1.body.id}/cancel`)
            .set(auth(org.token))
            .expect(409)
        ).body.code,
      ).toBe('INVALID_TRANSITION');
    });
  });

  it('answers 404 for another organisation’s registrations', async () => {
    const consultation = await publishedConsultation(t, admin.token);
    const a = await focalPointWithOrganisation(t);
    const b = await focalPointWithOrganisation(t);
    const registration = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(a.token))
      .send({ organisationId: a.organisation.id, participant: participant() })
      .expect(201);
    await t
      .http()
      .get(`/api/v1/registrations/${registration.body.id}`)
      .set(auth(b.token))
      .expect(404);
    await t
      .http()
      .post(`/api/v1/registrations/${registration.body.id}/cancel`)
      .set(auth(b.token))
      .expect(404);
    await t
      .http()
      .post(`/api/v1/registrations/${registration.body.id}/accept-offer`)
      .set(auth(b.token))
      .expect(404);
    const list = await t
      .http()
      .get(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(b.token))
      .expect(200);
    expect(list.body.total).toBe(0);
    await t
      .http()
      .get(`/api/v1/consultations/${consultation.id}/registrations.csv`)
      .set(auth(b.token))
      .expect(403);
  });

  it('sends a confirmation with an .ics in the consultation’s time zone, with a stable UID', async () => {
    const consultation = await publishedConsultation(t, admin.token, {
      title: 'Consultation with a calendar',
    });
    const org = await focalPointWithOrganisation(t, {}, 'fr');
    const guest = participant();
    const registration = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: guest })
      .expect(201);
    await t.deliverMail();
    const toParticipant = await mail.waitFor(guest.email as string);
    const toMember = await mail.waitFor(org.user.email, (m) =>
      m.subject.includes('Consultation with a calendar'),
    );
    expect(toParticipant.subject).toMatch(/^Inscription confirmée/); // the member's language: she has no account
    expect(toMember.text).toContain(guest.name as string);
    const attachment = toParticipant.parsed.attachments.find((a) =>
      a.contentType.startsWith('text/calendar'),
    );
    expect(attachment).toBeDefined();
    const text = attachment!.content.toString('utf8');
    expect(text).toContain('DTSTART;TZID=Europe/Zurich:');
    const component = new ICAL.Component(ICAL.parse(text));
    const event = new ICAL.Event(component.getFirstSubcomponent('vevent')!);
    event.startDate.zone = new ICAL.Timezone(component.getFirstSubcomponent('vtimezone')!);
    expect(event.uid).toBe(`registration-${registration.body.id}@convene`);
    expect(event.summary).toBe('Consultation with a calendar');
    const details = (await t.http().get(`/api/v1/consultations/${consultation.id}`).expect(200))
      .body;
    expect(event.startDate.toJSDate().getTime()).toBe(
      Math.floor(new Date(details.startsAt).getTime() / 1000) * 1000,
    );
  });

  describe('participants exported as CSV with a BOM and formula-safe cells', () => {
    let response: Response;
    let rows: string[][];
    let cells: string[];

    beforeAll(async () => {
      const consultation = await publishedConsultation(t, admin.token);
      const org = await focalPointWithOrganisation(t, {
        name: '=HYPERLINK("http://evil.example","click")',
      });
      for (const name of [
        '=cmd|" /C calc"!A0',
        '+SUM(1,2)',
        '-2+3',
        '@SUM(1)',
        'Zoé Ñúñez, "quoted"',
      ]) {
        await t
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: participant({ name }) })
          .expect(201);
      }
      // A tab or line break before a formula is read as one by some spreadsheets too (a CR arrives as LF).
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({
          organisationId: org.organisation.id,
          participant: participant({
            name: 'Tab Needs',
            accessibilityNeeds: '\t=1+1',
            dietaryNeeds: '\r=2+2',
          }),
        })
        .expect(201);
      const reviewer = await staffToken(t);
      response = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/registrations.csv`)
        .set(auth(reviewer.token))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      rows = parse((response.body as Buffer).subarray(3).toString('utf8'));
      cells = rows.slice(1).flat();
    });

    it('answers CSV in UTF-8 that starts with a byte order mark', () => {
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      const bytes = response.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    });

    it('names its columns, and lists every participant, a name that starts a formula behind a quote', () => {
      expect(rows[0]).toContain('Participant');
      const names = rows.slice(1).map((r) => r[0]);
      expect(names.sort()).toEqual(
        [
          `'=cmd|" /C calc"!A0`,
          "'+SUM(1,2)",
          "'-2+3",
          "'@SUM(1)",
          'Zoé Ñúñez, "quoted"',
          'Tab Needs',
        ].sort(),
      );
    });

    it('puts an organisation name that starts a formula behind a quote', () => {
      expect(rows.slice(1).every((r) => r[2].startsWith("'="))).toBe(true);
    });

    it('puts a formula after a tab or a line break behind a quote too', () => {
      expect(cells).toEqual(expect.arrayContaining(["'\t=1+1", "'\n=2+2"]));
    });

    it('leaves no cell that a spreadsheet would read as a formula', () => {
      expect(cells.filter((cell) => /^[=+\-@\t\r\n]/.test(cell))).toEqual([]);
    });
  });

  it('finds participants by name without regard to case, accents included', async () => {
    const consultation = await publishedConsultation(t, admin.token);
    const org = await focalPointWithOrganisation(t);
    await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(org.token))
      .send({
        organisationId: org.organisation.id,
        participant: participant({ name: 'Óscar Ibáñez' }),
      })
      .expect(201);
    const reviewer = await staffToken(t);
    for (const q of ['óscar', 'ÓSCAR IBÁÑEZ', 'ibáñez']) {
      const found = await t
        .http()
        .get(`/api/v1/consultations/${consultation.id}/registrations?q=${encodeURIComponent(q)}`)
        .set(auth(reviewer.token))
        .expect(200);
      expect(
        found.body.items.map((r: { participant: { name: string } }) => r.participant.name),
      ).toEqual(['Óscar Ibáñez']);
    }
  });

  describe('cancelling a consultation ends every registration and tells each participant', () => {
    let consultation: { id: string };
    let org: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
    let guests: ParticipantDto[];

    beforeAll(async () => {
      consultation = await publishedConsultation(t, admin.token, {
        capacity: 1,
        title: 'To be cancelled',
      });
      org = await focalPointWithOrganisation(t);
      guests = [participant(), participant()];
      for (const guest of guests) {
        await t
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: guest })
          .expect(201);
      }
    });

    it('cancels every registration, confirmed or waiting, and frees every seat', async () => {
      await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/cancel`)
        .set(auth(admin.token))
        .send({ reason: 'The venue is no longer available.' })
        .expect(200);
      expect(await statusCounts(t, consultation.id)).toEqual({ cancelled: 2 });
      expect(await seatCounters(t, consultation.id)).toEqual({
        confirmed: 0,
        offered: 0,
        capacity: 1,
      });
    });

    it('mails every participant that the consultation is cancelled', async () => {
      await t.deliverMail();
      for (const guest of guests) {
        await mail.waitFor(guest.email as string, (m) =>
          m.subject.startsWith('Cancelled: To be cancelled'),
        );
      }
    });

    it('refuses new registrations with REGISTRATION_CLOSED', async () => {
      const closed = await t
        .http()
        .post(`/api/v1/consultations/${consultation.id}/registrations`)
        .set(auth(org.token))
        .send({ organisationId: org.organisation.id, participant: participant() })
        .expect(409);
      expect(closed.body.code).toBe('REGISTRATION_CLOSED');
    });
  });
});

describe('registration under load', () => {
  it('60 concurrent registrations for 10 seats: exactly 10 confirmed, 50 waitlisted at positions 1..50', async () => {
    const first = await createTestApp();
    const second = onPostgres ? await createTestApp({ database: first.database }) : first;
    try {
      const admin = await staffToken(first, UserRole.Admin);
      const consultation = await publishedConsultation(first, admin.token, { capacity: 10 });
      const orgs = await Promise.all(
        Array.from({ length: 6 }, () => focalPointWithOrganisation(first)),
      );
      const attempts = Array.from({ length: 60 }, (_, i) => {
        const org = orgs[i % orgs.length];
        const instance = i % 2 ? second : first;
        return instance
          .http()
          .post(`/api/v1/consultations/${consultation.id}/registrations`)
          .set(auth(org.token))
          .send({ organisationId: org.organisation.id, participant: participant() });
      });
      const responses = await Promise.all(attempts);
      expect(responses.map((r) => r.status)).toEqual(Array(60).fill(201));
      expect(responses.filter((r) => r.body.status === 'confirmed')).toHaveLength(10);
      const positions = responses
        .filter((r) => r.body.status === 'waitlisted')
        .map((r) => r.body.waitlistPosition as number)
        .sort((a, b) => a - b);
      expect(positions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await seatCounters(first, consultation.id)).toEqual({
        confirmed: 10,
        offered: 0,
        capacity: 10,
      });
      expect(await statusCounts(first, consultation.id)).toEqual({ confirmed: 10, waitlisted: 50 });

      // Cancellations and new registrations at once never break confirmed + offered ≤ capacity.
      const confirmed = responses.filter((r) => r.body.status === 'confirmed');
      const owner = (organisationId: string) =>
        orgs.find((o) => o.organisation.id === organisationId)!;
      const mixed = [
        ...confirmed.slice(0, 5).map((r, i) =>
          (i % 2 ? second : first)
            .http()
            .post(`/api/v1/registrations/${r.body.id}/cancel`)
            .set(auth(owner(r.body.organisationId).token)),
        ),
        ...Array.from({ length: 10 }, (_, i) => {
          const org = orgs[i % orgs.length];
          return (i % 2 ? first : second)
            .http()
            .post(`/api/v1/consultations/${consultation.id}/registrations`)
            .set(auth(org.token))
            .send({ organisationId: org.organisation.id, participant: participant() });
        }),
      ];
      const mixedResponses = await Promise.all(mixed);
      expect(mixedResponses.every((r) => r.status === 200 || r.status === 201)).toBe(true);
      const counters = await seatCounters(first, consultation.id);
      const counts = await statusCounts(first, consultation.id);
      expect(counters.confirmed + counters.offered).toBeLessThanOrEqual(10);
      expect(counters.confirmed).toBe(counts.confirmed ?? 0);
      expect(counters.offered).toBe(counts.offered ?? 0);
      expect(counters.confirmed + counters.offered).toBe(10);
      expect(counts.cancelled).toBe(5);
    } finally {
      if (second !== first) await second.close();
      await first.close();
    }
  });

  it('a double-submitted form creates one registration', async () => {
    const t = await createTestApp();
    try {
      const admin = await staffToken(t, UserRole.Admin);
      const consultation = await publishedConsultation(t, admin.token);
      const org = await focalPointWithOrganisation(t);
      const body = {
        organisationId: org.organisation.id,
        participant: participant(),
        submissionId: '2f1b8a52-4b7e-4f6a-9f0e-8f8d1c2b3a4d',
      };
      const [one, two] = await Promise.all(
        [0, 1].map(() =>
          t
            .http()
            .post(`/api/v1/consultations/${consultation.id}/registrations`)
            .set(auth(org.token))
            .send(body),
        ),
      );
      expect([one.status, two.status]).toEqual([201, 201]);
      expect(one.body.id).toBe(two.body.id);
      expect(await statusCounts(t, consultation.id)).toEqual({ confirmed: 1 });
    } finally {
      await t.close();
    }
  });
});
