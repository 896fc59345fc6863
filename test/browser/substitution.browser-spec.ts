import type { Locator, Page } from 'playwright-core';
import en from '../../locales/en.json';
import { UserRole } from '../../src/accounts/user.entity';
import { countryName } from '../../src/organisations/countries';
import { participant, publishedConsultation } from '../support/consultations';
import { linkIn } from '../support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from '../support/organisations';
import { TestApp } from '../support/test-app';
import {
  auth,
  flash,
  follow,
  h1Text,
  Journey,
  message,
  onTestServer,
  pathOf,
  Person,
  submit,
} from './support/journey';

const LEAVING = 'Aminata Touré';
const ARRIVING = {
  name: 'Ibrahima Sarr',
  email: `ibrahima.sarr.${Date.now().toString(36)}@example.org`,
  nationality: countryName('SN', 'en'),
};

describe('a focal point substitutes a delegate, in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let t: TestApp | undefined;
  let focalPerson: Person | undefined;
  let organisationId = '';
  let registrationId = '';
  let focal: Awaited<ReturnType<typeof focalPointWithOrganisation>> | undefined;

  beforeAll(async () => {
    ({ app: t } = await journey.start());
    const admin = await staffToken(t, UserRole.Admin);
    const consultation = await publishedConsultation(t, admin.token, { capacity: 3 });
    focal = await focalPointWithOrganisation(t);
    organisationId = focal.organisation.id;
    const registered = await t
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(focal.token))
      .send({ organisationId, participant: participant({ name: LEAVING }) })
      .expect(201);
    registrationId = registered.body.id;
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
  });

  function card(page: Page, name: string): Locator {
    return page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) });
  }

  step('the focal point opens the delegation and the substitute form', async () => {
    focalPerson = await journey.newPerson('focal point');
    const { page } = focalPerson;
    await journey.signIn(focalPerson, focal!.user);
    expect(
      (await page.goto(`${t!.url}/organisations/${organisationId}/delegation`))?.status(),
    ).toBe(200);
    await axe.audit(page, 'delegation page');
    await follow(
      page,
      card(page, LEAVING).getByRole('link', {
        name: message(en.registrations.substitute, { name: LEAVING }),
        exact: true,
      }),
      `/registrations/${registrationId}/substitute`,
    );
    await expect(h1Text(page)).resolves.toBe(en.registrations.substitute_title);
    await axe.audit(page, 'substitute form');
  });

  step('an incomplete form comes back with the error summary', async () => {
    const { page } = focalPerson!;
    const form = page.locator(`form[action="/registrations/${registrationId}/substitute"]`);
    await form.getByLabel(en.registrations.name, { exact: true }).fill(ARRIVING.name);
    const rejected = await submit(
      page,
      form.getByRole('button', { name: en.registrations.substitute_submit, exact: true }),
    );
    expect(rejected.status()).toBe(400);
    await page.locator('.error-summary[role="alert"]').waitFor();
    await expect(
      page.getByLabel(en.registrations.name, { exact: true }).inputValue(),
    ).resolves.toBe(ARRIVING.name);
    await axe.audit(page, 'substitute form with errors');
  });

  step('the new person takes the seat', async () => {
    const { page } = focalPerson!;
    const form = page.locator(`form[action="/registrations/${registrationId}/substitute"]`);
    await form.getByLabel(en.registrations.email, { exact: true }).fill(ARRIVING.email);
    await form
      .getByLabel(en.registrations.gender, { exact: true })
      .selectOption({ label: en.genders.male });
    await form
      .getByLabel(en.registrations.nationality, { exact: true })
      .selectOption({ label: ARRIVING.nationality });
    const done = await submit(
      page,
      form.getByRole('button', { name: en.registrations.substitute_submit, exact: true }),
    );
    expect(done.status()).toBe(303);
    expect(pathOf(page)).toBe(`/organisations/${organisationId}/delegation`);
    await flash(page, message(en.registrations.substituted, { name: ARRIVING.name })).waitFor();
    await card(page, ARRIVING.name).waitFor();
    await expect(card(page, LEAVING).count()).resolves.toBe(0);
    await axe.audit(page, 'delegation page after the substitution');
  });

  step('the new person opens their own page from the mail, without an account', async () => {
    await t!.deliverMail();
    const mail = await journey.mail!.waitFor(ARRIVING.email);
    const link = linkIn(mail, '/my-registration').url;
    const guest = await journey.newPerson('new participant');
    const { page } = guest;
    expect((await page.goto(onTestServer(link, t!.url)))?.status()).toBe(200);
    await expect(h1Text(page)).resolves.toBe(en.my_registration.title);
    await page.getByText(ARRIVING.name, { exact: true }).waitFor();
    await axe.audit(page, 'my registration');
    axe.expectNoBlocking();
  });
});
