import { UserRole } from '../src/accounts/user.entity';
import { Membership, MembershipRole } from '../src/organisations/membership.entity';
import { participant, publishedConsultation } from './support/consultations';
import { MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = 24 * 3_600_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Review: what an organisation merge leaves behind (letter requests keep the merged organisation). */
describe('review: organisation merge and visa letters', () => {
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

  async function letterOfMergedOrganisation() {
    const consultation = await publishedConsultation(t, admin.token, { capacity: 50 });
    const read = await t.http().get(`/api/v1/consultations/${consultation.id}`).expect(200);
    const startsAt = Date.parse(read.body.startsAt);
    const from = await focalPointWithOrganisation(t);
    const into = await focalPointWithOrganisation(t);
    const registered = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(from.token))
      .send({
        organisationId: from.organisation.id,
        participant: participant({ needsVisaLetter: true }),
      })
      .expect(201);
    const asked = await t
      .http()
      .post(`/api/v1/registrations/${registered.body.id}/letter-request`)
      .set(auth(from.token))
      .send({
        passportName: 'AMINATA DIALLO',
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
    // A reviewer who belongs to the surviving organisation.
    const insider = await staffToken(t, UserRole.Reviewer);
    await t.dataSource.getRepository(Membership).save({
      userId: insider.user.id,
      organisationId: into.organisation.id,
      role: MembershipRole.Member,
    });
    await t
      .http()
      .post(`/api/v1/organisations/${from.organisation.id}/merge`)
      .set(auth(admin.token))
      .send({ intoOrganisationId: into.organisation.id })
      .expect(200);
    return {
      into,
      insider,
      registrationId: registered.body.id as string,
      letterId: asked.body.id as string,
    };
  }

  it("after a merge, a reviewer of the surviving organisation cannot issue its participant's letter (OWN_ORGANISATION)", async () => {
    const { insider, letterId } = await letterOfMergedOrganisation();
    const decided = await t
      .http()
      .post(`/api/v1/letter-requests/${letterId}/decisions`)
      .set(auth(insider.token))
      .send({ decision: 'issue' });
    expect({ status: decided.status, code: decided.body.code }).toEqual({
      status: 403,
      code: 'OWN_ORGANISATION',
    });
  });

  it("after a merge, the surviving organisation's focal point still reads its participant's letter", async () => {
    const { into, letterId } = await letterOfMergedOrganisation();
    const reviewer = await staffToken(t, UserRole.Reviewer);
    await t
      .http()
      .post(`/api/v1/letter-requests/${letterId}/decisions`)
      .set(auth(reviewer.token))
      .send({ decision: 'issue' })
      .expect(200);
    await t
      .http()
      .get(`/api/v1/letter-requests/${letterId}/letter.pdf`)
      .set(auth(into.token))
      .expect(200);
  });
});
