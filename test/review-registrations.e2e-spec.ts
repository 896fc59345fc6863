import { UserRole } from '../src/accounts/user.entity';
import { Registration } from '../src/registrations/registration.entity';
import { participant, publishedConsultation } from './support/consultations';
import { linkIn, MailCatcher } from './support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Review: the participant's own consent, edits and bearer calls. */
describe('review: registrations, consent and bearer calls', () => {
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

  async function registered(who: Record<string, unknown> = {}) {
    const consultation = await publishedConsultation(t, admin.token);
    const org = await focalPointWithOrganisation(t);
    const person = participant(who);
    const response = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: person })
      .expect(201);
    return { ...org, consultationId: consultation.id, person, id: response.body.id as string };
  }

  it('a consent the participant withdrew from their own page is not given back by their organisation', async () => {
    const {
      token: orgToken,
      consultationId,
      person,
      id,
    } = await registered({
      name: 'Withdrawn Consent',
      publishConsent: true,
    });
    await t.deliverMail();
    const { token } = linkIn(await mail.waitFor(person.email, () => true), '/my-registration');
    const web = new WebClient(t);
    // The consent form without publishConsent: withdrawn.
    const withdrawn = await web.submit(
      `/my-registration?${new URLSearchParams({ token })}`,
      { token },
      '/my-registration/consent',
    );
    expect(withdrawn.status).toBe(303);
    expect(
      (await t.dataSource.getRepository(Registration).findOneByOrFail({ id })).publishConsent,
    ).toBe(false);
    // The focal point edits the registration and sets it back.
    await t
      .http()
      .patch(`/api/v1/registrations/${id}`)
      .set(auth(orgToken))
      .send({ participant: { publishConsent: true } })
      .expect(400);
    await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/participants/publish`)
      .set(auth(admin.token))
      .send({ published: true })
      .expect(200);
    const list = await t
      .http()
      .get(`/api/v1/consultations/${consultationId}/participants`)
      .expect(200);
    expect(JSON.stringify(list.body)).not.toContain('Withdrawn Consent');
  });

  it('PATCH refuses fields that are not participant details (status, organisation)', async () => {
    const { token, id } = await registered();
    const stranger = await focalPointWithOrganisation(t);
    await t
      .http()
      .patch(`/api/v1/registrations/${id}`)
      .set(auth(token))
      .send({
        participant: { position: 'x', status: 'confirmed' },
        status: 'confirmed',
        organisationId: stranger.organisation.id,
        checkedInAt: new Date(),
      })
      .expect(400);
  });

  it('a bearer call with a bad token and a session cookie is 401, never a 500', async () => {
    const { id } = await registered();
    const response = await t
      .http()
      .patch(`/api/v1/registrations/${id}`)
      .set('Authorization', 'Bearer nope')
      .set('Cookie', 'convene_session=abc')
      .send({ participant: { position: 'x' } });
    expect(response.status).toBe(401);
  });
});
