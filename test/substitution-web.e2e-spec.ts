import { Consultation as ConsultationRow } from '../src/consultations/consultation.entity';
import { UserRole } from '../src/accounts/user.entity';
import { Registration } from '../src/registrations/registration.entity';
import { PASSWORD, userFactory } from './support/factories';
import { participant, publishedConsultation } from './support/consultations';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';

async function signIn(t: TestApp, email: string) {
  const browser = new WebClient(t);
  expect((await browser.submit('/signin', { email, password: PASSWORD })).status).toBe(303);
  return browser;
}

describe('changing a registration through the pages', () => {
  let t: TestApp;
  let consultation: { id: string };
  let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>>;
  let browser: WebClient;
  let staff: WebClient;
  let registrationId: string;
  const current = () =>
    t.dataSource.getRepository(Registration).findOneByOrFail({ id: registrationId });

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await staffToken(t, UserRole.Admin);
    consultation = await publishedConsultation(t, admin.token);
    focal = await focalPointWithOrganisation(t);
    const registered = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set('Authorization', `Bearer ${focal.token}`)
      .send({
        organisationId: focal.organisation.id,
        participant: participant({ name: 'Awa Diop' }),
      })
      .expect(201);
    registrationId = registered.body.id;
    browser = await signIn(t, focal.user.email);
    staff = await signIn(t, (await userFactory(t, { role: UserRole.Reviewer })).email);
  });
  afterAll(() => t.close());

  it('links the delegation to the edit and substitute forms', async () => {
    const page = await browser
      .get(`/organisations/${focal.organisation.id}/delegation`)
      .expect(200);
    expect(page.text).toContain(`/registrations/${registrationId}/edit`);
    expect(page.text).toContain(`/registrations/${registrationId}/substitute`);
  });

  it('edits the details, re-showing the form with its errors', async () => {
    const fields = { name: 'Awa Diop', gender: 'female', nationality: 'SN', position: 'Director' };
    const bad = await browser.submit(`/registrations/${registrationId}/edit`, {
      ...fields,
      nationality: 'XX',
    });
    expect(bad.status).toBe(400);
    // The forms that collect a person's data link the privacy notice beside their button.
    for (const form of ['edit', 'substitute'])
      expect((await browser.get(`/registrations/${registrationId}/${form}`)).text).toContain(
        'class="hint privacy-note"',
      );
    expect(bad.text).toContain('error-summary');
    expect(bad.text).toContain('value="Director"');
    expect((await current()).position).toBe('Programme officer');
    const done = await browser.submit(`/registrations/${registrationId}/edit`, fields);
    expect(done.status).toBe(303);
    expect((await current()).position).toBe('Director');
  });

  it('substitutes the participant, refusing another organisation', async () => {
    const bad = await browser.submit(`/registrations/${registrationId}/substitute`, {
      name: 'Moussa Ba',
      email: 'not-an-email',
      gender: 'male',
      nationality: 'SN',
    });
    expect(bad.status).toBe(400);
    expect((await current()).participantVersion).toBe(1);
    const done = await browser.submit(`/registrations/${registrationId}/substitute`, {
      name: 'Moussa Ba',
      email: 'moussa@example.org',
      gender: 'male',
      nationality: 'SN',
    });
    expect(done.status).toBe(303);
    expect(await current()).toMatchObject({
      participantName: 'Moussa Ba',
      participantVersion: 2,
      status: 'confirmed',
    });
    const stranger = await signIn(t, (await focalPointWithOrganisation(t)).user.email);
    await stranger.get(`/registrations/${registrationId}/substitute`).expect(404);
  });

  it('lets staff undo a check-in and cancel with a reason from the participants list', async () => {
    const list = `/staff/consultations/${consultation.id}/participants`;
    const base = `/staff/consultations/${consultation.id}/registrations/${registrationId}`;
    await t.dataSource
      .getRepository(Registration)
      .update(registrationId, { checkedInAt: new Date() });
    const page = await staff.get(list).expect(200);
    expect(page.text).toContain(`${base}/undo-check-in`);
    expect((await staff.submit(list, { reason: '' }, `${base}/undo-check-in`)).status).toBe(303);
    expect((await current()).checkedInAt).not.toBeNull();
    expect(
      (await staff.submit(list, { reason: 'Wrong badge' }, `${base}/undo-check-in`)).status,
    ).toBe(303);
    expect((await current()).checkedInAt).toBeNull();
    // A no-show is offered only once the consultation has ended.
    const before = await staff.get(list).expect(200);
    expect(before.text).toContain(`${base}/staff-cancel`);
    expect(before.text).not.toContain(`${base}/no-show`);
    const consultations = t.dataSource.getRepository(ConsultationRow);
    const { startsAt, endsAt } = await consultations.findOneByOrFail({ id: consultation.id });
    await consultations.update(consultation.id, {
      startsAt: new Date(Date.now() - 2 * 86_400_000),
      endsAt: new Date(Date.now() - 86_400_000),
    });
    try {
      expect((await staff.get(list).expect(200)).text).toContain(`${base}/no-show`);
    } finally {
      await consultations.update(consultation.id, { startsAt, endsAt });
    }
    await staff.submit(list, { reason: '' }, `${base}/staff-cancel`);
    expect((await current()).status).toBe('confirmed');
    await staff.submit(list, { reason: 'Asked by the delegation' }, `${base}/staff-cancel`);
    expect((await current()).status).toBe('cancelled');
  });
  it('asks for approval when the consultation requires it, and staff approve from the list', async () => {
    const admin = await staffToken(t, UserRole.Admin);
    const strict = await publishedConsultation(t, admin.token, { requiresApproval: true });
    const made = await t
      .http()
      .post(`/api/v1/consultations/${strict.id}/registrations`)
      .set('Authorization', `Bearer ${focal.token}`)
      .send({
        organisationId: focal.organisation.id,
        participant: participant({ name: 'Fatou Sow' }),
      })
      .expect(201);
    const id = made.body.id as string;
    const requested = await browser.submit(`/registrations/${id}/substitute`, {
      name: 'Cheikh Ndiaye',
      email: `cheikh.${Date.now()}@example.org`,
      gender: 'male',
      nationality: 'SN',
    });
    expect(requested.status).toBe(303);
    const delegation = await browser
      .get(`/organisations/${focal.organisation.id}/delegation`)
      .expect(200);
    expect(delegation.text).toContain('Substitution by Cheikh Ndiaye waiting for approval.');
    const row = () => t.dataSource.getRepository(Registration).findOneByOrFail({ id });
    expect(await row()).toMatchObject({ participantName: 'Fatou Sow', participantVersion: 1 });
    const list = `/staff/consultations/${strict.id}/participants`;
    const page = await staff.get(list).expect(200);
    const approve = `/staff/consultations/${strict.id}/registrations/${id}/substitution-approve`;
    expect(page.text).toContain(approve);
    expect((await staff.submit(list, { reason: '' }, approve)).status).toBe(303);
    expect(await row()).toMatchObject({
      participantName: 'Cheikh Ndiaye',
      participantVersion: 2,
      pendingSubstitute: null,
    });
  });
});
