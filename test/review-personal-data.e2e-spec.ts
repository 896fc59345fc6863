import { UserRole } from '../src/accounts/user.entity';
import { Consultation } from '../src/consultations/consultation.entity';
import { LetterRequest } from '../src/letters/letter-request.entity';
import { RetentionJob } from '../src/personal-data/retention.job';
import { Registration } from '../src/registrations/registration.entity';
import { PASSWORD } from './support/factories';
import { participant, publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 24 * 3_600_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const PASSPORT_NAME = 'AMINATA DIALLO NDIAYE';

/**
 * Review: personal data that outlives the retention job and account deletion through the visa
 * letter rows (letter_requests keep the passport name, nationality and travel dates for ever).
 */
describe('review: personal data left behind in visa letter requests', () => {
  let mail: MailCatcher;
  let t: TestApp;
  let admin: { token: string };
  let reviewer: { token: string };
  let startsAt: number;

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

  async function letterFor(email?: string) {
    const consultation = await publishedConsultation(t, admin.token, { capacity: 50 });
    const read = await t.http().get(`/api/v1/consultations/${consultation.id}`).expect(200);
    startsAt = Date.parse(read.body.startsAt);
    const org = await focalPointWithOrganisation(t);
    const registered = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(org.token))
      .send({
        organisationId: org.organisation.id,
        participant: participant({ needsVisaLetter: true, ...(email ? { email } : {}) }),
      })
      .expect(201);
    const asked = await t
      .http()
      .post(`/api/v1/registrations/${registered.body.id}/letter-request`)
      .set(auth(org.token))
      .send({
        passportName: PASSPORT_NAME,
        dateOfBirth: '1984-03-09',
        nationality: 'SN',
        passportNumber: 'XK7734521',
        passportExpiry: day(startsAt + 400 * DAY),
        consulateCity: 'Dakar',
        consulateCountry: 'SN',
        arrivalDate: day(startsAt - 2 * DAY),
        departureDate: day(startsAt + 3 * DAY),
      })
      .expect(201);
    const { endsAt } = await t.dataSource
      .getRepository(Consultation)
      .findOneByOrFail({ id: consultation.id });
    return {
      ...org,
      registrationId: registered.body.id as string,
      letterId: asked.body.id,
      endsAt,
    };
  }

  it('keeps the passport name after the retention job erased the participant', async () => {
    const { registrationId, letterId, endsAt } = await letterFor();
    await t
      .http()
      .post(`/api/v1/letter-requests/${letterId}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'issue' })
      .expect(200);
    // Past every retention period: participant data (730 days) and passport data (30 days).
    await t.app.get(RetentionJob).erase(new Date(endsAt.getTime() + 800 * DAY));
    const registration = await t.dataSource
      .getRepository(Registration)
      .findOneByOrFail({ id: registrationId });
    expect(registration.participantName).not.toBe(PASSPORT_NAME);
    expect(registration.participantEmail).toMatch(/^erased-/);
    const letter = await t.dataSource
      .getRepository(LetterRequest)
      .findOneByOrFail({ id: letterId });
    // The erased participant's full legal name and nationality are still there.
    expect({ passportName: letter.passportName, nationality: letter.nationality }).toEqual({
      passportName: expect.not.stringContaining('DIALLO'),
      nationality: expect.anything(),
    });
  });

  it('DELETE /me anonymises an ended registration but leaves its letter request with the passport number', async () => {
    const focal = await focalPointWithOrganisation(t);
    const { registrationId, letterId, endsAt } = await letterFor(focal.user.email);
    // A week after the consultation: inside the 30 days of passport retention.
    t.clock.advance(endsAt.getTime() + 7 * DAY - t.clock.now().getTime());
    await t
      .http()
      .delete('/api/v1/me')
      .set(auth(focal.token))
      .send({ password: PASSWORD, confirmed: true })
      .expect(204);
    const registration = await t.dataSource
      .getRepository(Registration)
      .findOneByOrFail({ id: registrationId });
    expect(registration.participantEmail).not.toBe(focal.user.email);
    const letter = await t.dataSource
      .getRepository(LetterRequest)
      .findOneByOrFail({ id: letterId });
    expect({
      passportName: letter.passportName,
      passportNumber: letter.passportNumber,
      dateOfBirth: letter.dateOfBirth,
    }).toEqual({
      passportName: expect.not.stringContaining('DIALLO'),
      passportNumber: null,
      dateOfBirth: null,
    });
  });
});

describe('review: "your data" of a former member', () => {
  let t: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    t = await createTestApp({});
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  it('no longer shows the needs of the participants they registered once they left the organisation', async () => {
    const { Membership, MembershipRole } = await import('../src/organisations/membership.entity');
    const { userFactory, tokenFor } = await import('./support/factories');
    const consultation = await publishedConsultation(t, admin.token, { capacity: 50 });
    const focal = await focalPointWithOrganisation(t);
    const member = await userFactory(t);
    await t.dataSource.getRepository(Membership).save({
      userId: member.id,
      organisationId: focal.organisation.id,
      role: MembershipRole.Member,
    });
    const memberToken = await tokenFor(t, member, PASSWORD);
    await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(memberToken))
      .send({
        organisationId: focal.organisation.id,
        participant: participant({ accessibilityNeeds: 'Wheelchair; insulin in the fridge' }),
      })
      .expect(201);
    await t
      .http()
      .delete(`/api/v1/organisations/${focal.organisation.id}/members/${member.id}`)
      .set(auth(focal.token))
      .expect((r) => expect(r.status).toBeLessThan(300));
    const data = await t.http().get('/api/v1/me/data').set(auth(memberToken)).expect(200);
    expect(JSON.stringify(data.body)).not.toContain('insulin');
  });
});
