import { UserRole } from '../src/accounts/user.entity';
import { FundingBudget } from '../src/funding/funding-budget.entity';
import { participant, publishedConsultation } from './support/consultations';
import { focalPointWithOrganisation, staffToken } from './support/organisations';
import { createTestApp, TestApp } from './support/test-app';
import { WebClient } from './support/web-client';
import { PASSWORD } from './support/factories';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function signIn(t: TestApp, email: string) {
  const browser = new WebClient(t);
  expect((await browser.submit('/signin', { email, password: PASSWORD })).status).toBe(303);
  return browser;
}

describe('the staff funding page', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof staffToken>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t, UserRole.Admin);
  });
  afterAll(() => t.close());

  async function applied(consultationId: string, country: string, amount: string) {
    const org = await focalPointWithOrganisation(t, { country });
    const registration = await t
      .http()
      .post(`/api/v1/consultations/${consultationId}/registrations`)
      .set(auth(org.token))
      .send({ organisationId: org.organisation.id, participant: participant() })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/registrations/${registration.body.id}/funding-applications`)
      .set(auth(org.token))
      .send({
        lines: [{ kind: 'airfare', amount }],
        currency: 'USD',
        departureCity: 'Dakar',
        departureCountry: 'SN',
        justification: 'No budget for international travel.',
      })
      .expect(201);
  }

  const budgetRow = (consultationId: string) =>
    t.dataSource.getRepository(FundingBudget).findOneBy({ consultationId });

  it('refuses a bad cap with a flash on the page and changes nothing', async () => {
    const consultation = await publishedConsultation(t, admin.token);
    const browser = await signIn(t, admin.user.email);
    const page = `/staff/consultations/${consultation.id}/funding`;
    const refused = await browser.submit(
      page,
      { capPerApplication: '12.345', lineKinds: 'airfare' },
      `/staff/consultations/${consultation.id}/funding-settings`,
    );
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(page);
    expect((await browser.get(page).expect(200)).text).toContain(
      'Enter a positive amount like 850.00',
    );
    expect(await budgetRow(consultation.id)).toBeNull();
  });

  it('saves a cap, then suggests each award at most the cap and shows the regional balance', async () => {
    const consultation = await publishedConsultation(t, admin.token);
    await applied(consultation.id, 'SN', '800.00');
    await applied(consultation.id, 'SN', '300.00');
    const browser = await signIn(t, admin.user.email);
    const page = `/staff/consultations/${consultation.id}/funding`;
    const saved = await browser.submit(
      page,
      { capPerApplication: '500.00', lineKinds: 'airfare' },
      `/staff/consultations/${consultation.id}/funding-settings`,
    );
    expect(saved.status).toBe(303);
    expect(await budgetRow(consultation.id)).toMatchObject({
      capMinor: 50000,
      lineKinds: ['airfare'],
    });
    const html = (await browser.get(page).expect(200)).text;
    expect(html).toContain('The funding rules have been saved.');
    const suggested = [...html.matchAll(/name="amount" type="text" value="([^"]*)"/g)].map(
      (m) => m[1],
    );
    expect(suggested.sort()).toEqual(['300.00', '500.00']);
    expect(html).toContain('This would be the first award; the participant is from Africa.');
  });

  it('says in plain words how one more award would change a region’s share', async () => {
    const consultation = await publishedConsultation(t, admin.token);
    await applied(consultation.id, 'SN', '800.00');
    await applied(consultation.id, 'KE', '300.00');
    const list = await t
      .http()
      .get(`/api/v1/consultations/${consultation.id}/funding-applications`)
      .set(auth(admin.token))
      .expect(200);
    await t
      .http()
      .post(`/api/v1/funding-applications/${list.body.items[0].id}/decisions`)
      .set(auth(admin.token))
      .send({ decision: 'award', amount: '300.00' })
      .expect(200);
    const browser = await signIn(t, admin.user.email);
    const html = (await browser.get(`/staff/consultations/${consultation.id}/funding`).expect(200))
      .text;
    expect(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toContain(
      'Awarding would give Africa 2 of 2 funded participants (100%), up from 1 of 1 (100%).',
    );
  });

  it('is not for a reviewer to change the rules', async () => {
    const consultation = await publishedConsultation(t, admin.token);
    const reviewer = await staffToken(t, UserRole.Reviewer);
    const browser = await signIn(t, reviewer.user.email);
    const refused = await browser.submit(
      `/staff/consultations/${consultation.id}/funding`,
      { capPerApplication: '500.00' },
      `/staff/consultations/${consultation.id}/funding-settings`,
    );
    expect(refused.status).toBe(403);
    expect(await budgetRow(consultation.id)).toBeNull();
  });
});
