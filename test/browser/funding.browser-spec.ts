import type { Locator, Page } from 'playwright-core';
import en from '../../locales/en.json';
import fr from '../../locales/fr.json';
import { User, UserRole } from '../../src/accounts/user.entity';
import { Eligibility } from '../../src/consultations/consultation.entity';
import { participant, publishedConsultation } from '../support/consultations';
import { userFactory } from '../support/factories';
import { MailCatcher } from '../support/mail-catcher';
import { focalPointWithOrganisation, staffToken } from '../support/organisations';
import { BASE_URL, TestApp } from '../support/test-app';
import {
  auth,
  expectLang,
  fact,
  flash,
  follow,
  h1,
  Journey,
  message,
  pathOf,
  Person,
  screenshot,
  submit,
  submitTo,
  UUID,
} from './support/journey';

/**
 * Travel funding, end to end in Chromium: a French focal point applies in French, a reviewer
 * awards part of it, the applicant sees the decision (page and email), and the representativeness
 * page draws its charts; axe-core audits every page on the way.
 */

const ORGANISATION = 'Réseau Baobab des migrants';
const DELEGATE = 'Awa Ndiaye';
const OTHER_DELEGATE = 'Pierre Martin';

/** Money as each language writes it: the code after a no-break space; French groups with U+202F. */
const USD = '\u00a0USD';
const FR_REQUESTED = `1\u202f200,05${USD}`;
const THIRD_DELEGATE = 'Ana Souza';
const JUSTIFICATION =
  'Notre association ne dispose d’aucun budget pour les voyages internationaux cette année.';
const REASON = 'Partial award';
const DIMENSIONS = [
  'region',
  'organisationType',
  'gender',
  'firstTime',
  'migrantLed',
  'womenLed',
  'youthLed',
] as const;

describe('travel funding in a real browser', () => {
  const journey = new Journey();
  const { axe, step } = journey;
  let mail: MailCatcher | undefined;
  let t: TestApp | undefined;

  let consultation: { id: string; title: string } = { id: '', title: '' };
  let focal: { user: User; organisationId: string; person?: Person } | undefined;
  let reviewer: { user: User; person: Person } | undefined;
  let registrationId = '';

  beforeAll(async () => {
    ({ mail, app: t } = await journey.start());
  });

  afterAll(async () => {
    await journey.stop();
    axe.print();
  });

  /** The card of one registration (delegation page) or application (staff page). */
  function card(page: Page, level: number, name: string | RegExp): Locator {
    return page.getByRole('listitem').filter({ has: page.getByRole('heading', { level, name }) });
  }

  async function goto(page: Page, path: string): Promise<void> {
    const response = await page.goto(`${t!.url}${path}`);
    if (response?.status() !== 200) {
      throw new Error(
        `GET ${path} answered ${response?.status()}:\n${await page.locator('body').innerText()}`,
      );
    }
  }

  /** Fills the French application form, by label, as the focal point would. */
  async function fillApplication(page: Page, airfare: string): Promise<void> {
    const optional = (label: string) => `${label} (${fr.form.optional})`;
    const costs = page.getByRole('group', { name: message(fr.funding.costs, { currency: 'USD' }) });
    await costs.getByLabel(optional(fr.cost_kinds.airfare), { exact: true }).fill(airfare);
    await costs.getByLabel(optional(fr.cost_kinds.accommodation), { exact: true }).fill('399.95');
    await page.getByLabel(fr.funding.departure_city, { exact: true }).fill('Dakar');
    await page
      .getByLabel(fr.funding.departure_country, { exact: true })
      .selectOption({ label: 'Sénégal' });
    await page.getByLabel(fr.funding.justification, { exact: true }).fill(JUSTIFICATION);
    await page
      .getByRole('group', { name: fr.funding.could_attend })
      .getByRole('radio', { name: fr.funding.no, exact: true })
      .check();
  }

  step('setup through the API: a consultation with a budget, and three delegations', async () => {
    const admin = await staffToken(t!, UserRole.Admin);
    consultation = await publishedConsultation(t!, admin.token, {
      capacity: 10,
      eligibility: Eligibility.Open,
      fundingBudget: { amount: '2000.00', currency: 'USD' },
    });

    // The French focal point, from Senegal, registers Awa.
    const senegal = await focalPointWithOrganisation(
      t!,
      {
        country: 'SN',
        name: ORGANISATION,
        type: 'migrant_association',
        migrantLed: true,
        womenLed: true,
      },
      'fr',
    );
    focal = { user: senegal.user, organisationId: senegal.organisation.id };
    const registration = await t!
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(senegal.token))
      .send({
        organisationId: senegal.organisation.id,
        participant: participant({ name: DELEGATE, gender: 'female', nationality: 'SN' }),
      })
      .expect(201);
    registrationId = (registration.body as { id: string }).id;
    expect(registrationId).toMatch(new RegExp(`^${UUID}$`));
    expect((registration.body as { status: string }).status).toBe('confirmed');

    // Two more delegations from elsewhere, so that the charts have several bars.
    const france = await focalPointWithOrganisation(t!, {
      country: 'FR',
      name: 'Forum européen des droits des migrants',
      type: 'ngo',
      migrantLed: false,
    });
    const french = await t!
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(france.token))
      .send({
        organisationId: france.organisation.id,
        participant: participant({ name: OTHER_DELEGATE, gender: 'male', nationality: 'FR' }),
      })
      .expect(201);
    // …which also applies, so that the reviewer has a ranking to read.
    await t!
      .http()
      .post(`/api/v1/registrations/${(french.body as { id: string }).id}/funding-applications`)
      .set(auth(france.token))
      .send({
        lines: [{ kind: 'airfare', amount: '300.00' }],
        currency: 'USD',
        departureCity: 'Paris',
        departureCountry: 'FR',
        justification: 'A small budget this year.',
        couldAttendWithout: true,
      })
      .expect(201);

    const brazil = await focalPointWithOrganisation(t!, {
      country: 'BR',
      name: 'Rede Sul-Americana de Migrantes',
      type: 'diaspora_organisation',
      migrantLed: true,
      youthLed: true,
    });
    await t!
      .http()
      .post(`/api/v1/consultations/${consultation.id}/registrations`)
      .set(auth(brazil.token))
      .send({
        organisationId: brazil.organisation.id,
        participant: participant({ name: THIRD_DELEGATE, gender: 'other', nationality: 'BR' }),
      })
      .expect(201);
  });

  step('the French focal point signs in and opens the delegation page, in French', async () => {
    // A browser of its own that asks for French, as it would in Dakar.
    const person = await journey.newPerson('French focal point', 'fr-FR');
    focal!.person = person;
    const { page } = person;
    await journey.signIn(person, focal!.user, { ui: fr, lang: 'fr' });
    await axe.audit(page, 'home (French focal point)');

    await follow(
      page,
      page
        .getByRole('main')
        .getByRole('link', { name: fr.registrations.delegation_title, exact: true }),
      `/organisations/${focal!.organisationId}/delegation`,
    );
    await expectLang(page, 'fr');
    await expect(h1(page)).resolves.toBe(`${fr.registrations.delegation_title} — ${ORGANISATION}`);
    const awa = card(page, 3, DELEGATE);
    await awa.getByText(fr.registration_status.confirmed, { exact: true }).waitFor();
    // The delegation page groups its cards under each consultation's title.
    await page
      .getByRole('heading', { level: 2, name: consultation.title })
      .getByRole('link', { name: consultation.title, exact: true })
      .waitFor();
    await axe.audit(page, 'delegation (before applying)');
  });

  step('the application form refuses an amount with three decimals, in French', async () => {
    const { page } = focal!.person!;
    const awa = card(page, 3, DELEGATE);
    await follow(
      page,
      awa.getByRole('link', {
        name: message(fr.funding.apply_for, { name: DELEGATE }),
        exact: true,
      }),
      `/registrations/${registrationId}/funding`,
    );
    await expectLang(page, 'fr');
    await expect(h1(page)).resolves.toBe(fr.funding.apply_title);
    await page.getByText(message(fr.funding.apply_intro, { name: DELEGATE })).waitFor();
    // Neither answer is chosen for the applicant: the question must be answered, not defaulted.
    await expect(
      page
        .getByRole('group', { name: fr.funding.could_attend })
        .getByRole('radio', { checked: true })
        .count(),
    ).resolves.toBe(0);
    await axe.audit(page, 'apply form');

    await fillApplication(page, '10.001');
    const apply = () => page.getByRole('button', { name: fr.funding.submit, exact: true });
    const rejected = await submit(page, apply());
    expect(rejected.status()).toBe(400);
    expect(pathOf(page)).toBe(`/registrations/${registrationId}/funding`);
    const summary = page.locator('.error-summary[role="alert"]');
    await summary.waitFor();
    await expect(summary.getByRole('heading').textContent()).resolves.toBe(fr.form.error_summary);
    const links = summary.getByRole('link');
    await expect(links.count()).resolves.toBe(1);
    await expect(links.first().textContent()).resolves.toBe(fr.errors.amount_positive);
    await expect(links.first().getAttribute('href')).resolves.toBe('#field-amount_airfare');

    // The field is marked, and everything typed is still there.
    const airfare = page.getByLabel(`${fr.cost_kinds.airfare} (${fr.form.optional})`, {
      exact: true,
    });
    await expect(airfare.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(airfare.inputValue()).resolves.toBe('10.001');
    await expect(
      page.getByLabel(`${fr.cost_kinds.accommodation} (${fr.form.optional})`).inputValue(),
    ).resolves.toBe('399.95');
    await expect(
      page.getByLabel(fr.funding.departure_city, { exact: true }).inputValue(),
    ).resolves.toBe('Dakar');
    await expect(
      page.getByLabel(fr.funding.departure_country, { exact: true }).inputValue(),
    ).resolves.toBe('SN');
    await expect(
      page.getByLabel(fr.funding.justification, { exact: true }).inputValue(),
    ).resolves.toBe(JUSTIFICATION);
    await expect(
      page.getByRole('radio', { name: fr.funding.no, exact: true }).isChecked(),
    ).resolves.toBe(true);
    await axe.audit(page, 'apply form with the error summary');

    // Following the summary's link moves focus to the field.
    await links.first().click();
    await expect(airfare.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  });

  step(
    'the message beside the amount field says what is wrong',
    async () => {
      const { page } = focal!.person!;
      const airfare = page.getByLabel(`${fr.cost_kinds.airfare} (${fr.form.optional})`, {
        exact: true,
      });
      // The field points at its message, which must say the same as the summary.
      await expect(airfare.getAttribute('aria-describedby')).resolves.toBe(
        'field-amount_airfare-error',
      );
      await expect(page.locator('#field-amount_airfare-error').textContent()).resolves.toBe(
        fr.errors.amount_positive,
      );
    },
    { blocking: false },
  );

  step('with valid amounts the application is received: 1200.05 USD requested', async () => {
    const { page } = focal!.person!;
    await fillApplication(page, '800.10');
    await submitTo(
      page,
      page.getByRole('button', { name: fr.funding.submit, exact: true }),
      `/organisations/${focal!.organisationId}/delegation`,
    );
    await flash(page, fr.funding.applied).waitFor();
    const awa = card(page, 3, DELEGATE);
    await awa
      .getByText(
        message(fr.funding.delegation_status, {
          status: fr.funding_status.submitted,
          requested: FR_REQUESTED,
        }),
      )
      .waitFor();
    await expect(
      awa.getByRole('link', { name: message(fr.funding.apply_for, { name: DELEGATE }) }).count(),
    ).resolves.toBe(0);
    await awa.getByRole('button', { name: fr.funding.withdraw, exact: true }).waitFor();
    await axe.audit(page, 'delegation (application submitted)');
  });

  step('a reviewer reads the budget and the ranking, with its reasons', async () => {
    const user = await userFactory(t!, { name: 'Rita Okafor', role: UserRole.Reviewer });
    reviewer = { user, person: await journey.newPerson('reviewer') };
    const { page } = reviewer.person;
    await journey.signIn(reviewer.person, user, { ui: en, lang: 'en' });
    await goto(page, `/staff/consultations/${consultation.id}/funding`);
    await expect(h1(page)).resolves.toBe(`${en.funding.staff_title}: ${consultation.title}`);

    const budget = page.getByRole('region', { name: en.funding.budget_heading });
    await expect(fact(budget, en.funding.budget)).resolves.toBe(`2,000.00${USD}`);
    await expect(fact(budget, en.funding.awarded)).resolves.toBe(`0.00${USD}`);
    await expect(fact(budget, en.funding.remaining)).resolves.toBe(`2,000.00${USD}`);
    await expect(fact(budget, en.funding.awaiting)).resolves.toBe(`1,500.05${USD}`);

    // Ranked: Awa (Senegal, a least developed country, could not come without) first.
    const ranked = page.locator('ol.ranked > li');
    await expect(ranked.count()).resolves.toBe(2);
    await expect(ranked.nth(0).getByRole('heading', { level: 3 }).textContent()).resolves.toBe(
      `${DELEGATE} — ${ORGANISATION}`,
    );
    await expect(ranked.nth(1).getByRole('heading', { level: 3 }).textContent()).resolves.toContain(
      OTHER_DELEGATE,
    );
    const awa = card(page, 3, new RegExp(`^${DELEGATE} — `));
    const reasons = (await awa.locator('ul.reasons > li').allTextContents()).map((r) => r.trim());
    expect(reasons).toEqual(
      expect.arrayContaining([
        message(en.priority.leastDevelopedCountry, { country: 'Senegal', points: '30' }),
        message(en.priority.firstConsultation, { points: '15' }),
        message(en.priority.migrantLed, { points: '10' }),
        message(en.priority.womenLed, { points: '5' }),
        message(en.priority.cannotAttendWithout, { points: '10' }),
      ]),
    );
    const text = (await awa.textContent()) ?? '';
    expect(text).toContain(message(en.funding.departure, { departure: 'Dakar, Senegal' }));
    expect(text).toContain(message(en.funding.requested, { amount: `1,200.05${USD}` }));
    expect(text).toContain(
      `${en.cost_kinds.airfare} 800.10${USD}, ${en.cost_kinds.accommodation} 399.95${USD}`,
    );
    expect(text).toContain(JUSTIFICATION);
    expect(text).toContain(en.funding_status.submitted);
    await expect(
      awa.getByLabel(message(en.funding.amount_to_award, { currency: 'USD' })).inputValue(),
    ).resolves.toBe('1200.05');
    await screenshot(page, 'funding-staff.png');
    await axe.audit(page, '/staff/consultations/:id/funding (two applications)');
  });

  step('the reviewer awards 600.00 of it; 1400.00 remains', async () => {
    const { page } = reviewer!.person;
    const awa = card(page, 3, new RegExp(`^${DELEGATE} — `));
    await awa.getByLabel(message(en.funding.amount_to_award, { currency: 'USD' })).fill('600.00');
    await awa.getByLabel(en.funding.decision_reason, { exact: true }).fill(REASON);
    await submitTo(
      page,
      awa.getByRole('button', { name: en.funding.award, exact: true }),
      `/staff/consultations/${consultation.id}/funding`,
    );
    await flash(page, message(en.funding.done_award, { amount: `600.00${USD}` })).waitFor();
    const budget = page.getByRole('region', { name: en.funding.budget_heading });
    await expect(fact(budget, en.funding.awarded)).resolves.toBe(`600.00${USD}`);
    await expect(fact(budget, en.funding.remaining)).resolves.toBe(`1,400.00${USD}`);
    await expect(fact(budget, en.funding.awaiting)).resolves.toBe(`300.00${USD}`);

    const decided = card(page, 3, new RegExp(`^${DELEGATE} — `));
    const text = (await decided.textContent()) ?? '';
    expect(text).toContain(message(en.funding.outcome_awarded, { amount: `600.00${USD}` }));
    await expect(decided.getByRole('button', { name: en.funding.award }).count()).resolves.toBe(0);
    await screenshot(page, 'funding-staff-awarded.png');
    await axe.audit(page, '/staff/consultations/:id/funding (after the award)');
  });

  step('the applicant sees the decision on the delegation page, in French', async () => {
    const { page } = focal!.person!;
    await page.reload();
    await expectLang(page, 'fr');
    const awa = card(page, 3, DELEGATE);
    await awa
      .getByText(
        message(fr.funding.delegation_status, {
          status: message(fr.funding.outcome_awarded, { amount: `600,00${USD}` }),
          requested: FR_REQUESTED,
        }),
      )
      .waitFor();
    await awa.getByText(REASON, { exact: true }).waitFor();
    await expect(
      awa.getByRole('button', { name: fr.funding.withdraw, exact: true }).count(),
    ).resolves.toBe(0);
    await axe.audit(page, 'delegation (decision shown)');
  });

  step(
    'the applicant was emailed the receipt and the decision, in French',
    async () => {
      await t!.deliverMail();
      const email = focal!.user.email;
      const received = await mail!.waitFor(
        email,
        (m) => m.subject === message(fr.emails.funding.received.subject, { participant: DELEGATE }),
      );
      expect(received.text).toContain(FR_REQUESTED);
      const decision = await mail!.waitFor(
        email,
        (m) => m.subject === message(fr.emails.funding.awarded.subject, { participant: DELEGATE }),
      );
      expect(decision.text).toContain(
        message(fr.emails.funding.awarded.body, {
          awarded: `600,00${USD}`,
          participant: DELEGATE,
          consultation: consultation.title,
          requested: FR_REQUESTED,
        }),
      );
      expect(decision.text).toContain(fr.emails.funding.reason_label);
      expect(decision.text).toContain(REASON);
      expect(decision.text).toContain(
        `${BASE_URL}/organisations/${focal!.organisationId}/delegation`,
      );
    },
    { blocking: false },
  );

  step(
    'the representativeness page draws one titled chart per dimension, with tables',
    async () => {
      const { page } = reviewer!.person;
      await goto(page, `/staff/consultations/${consultation.id}/funding`);
      await follow(
        page,
        page
          .getByRole('navigation', { name: en.tabs.label })
          .getByRole('link', { name: en.tabs.participation, exact: true }),
        `/staff/consultations/${consultation.id}/participation`,
      );
      await expect(h1(page)).resolves.toBe(`${en.participation.title}: ${consultation.title}`);
      await expect(page.title()).resolves.toContain(
        `${en.participation.title} · ${consultation.title}`,
      );
      await expect(
        page
          .getByRole('navigation', { name: en.tabs.label })
          .getByRole('link', { name: en.tabs.participation })
          .getAttribute('aria-current'),
      ).resolves.toBe('page');
      await page
        .getByText(message(en.participation.summary, { confirmed: '3', funded: '1' }))
        .waitFor();

      const charts = page.locator('.bars[role="img"]');
      await expect(charts.count()).resolves.toBe(DIMENSIONS.length);
      for (const [i, name] of DIMENSIONS.entries()) {
        const heading = (en.participation as Record<string, string>)[`dimension_${name}`];
        const section = page.getByRole('region', { name: heading });
        const chart = section.locator('.bars[role="img"]');
        await expect(chart.count()).resolves.toBe(1);
        await expect(charts.nth(i).getAttribute('id')).resolves.toBe(`chart-${name}`);
        // The chart is one image named by its heading; its labels are text at the page's size.
        await section.getByRole('img', { name: heading, exact: true }).waitFor();
        const box = await chart.boundingBox();
        expect(box && box.width > 200 && box.height > 40).toBe(true);
        const labelSize = await chart
          .locator('.bars__label')
          .first()
          .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        expect(labelSize).toBeGreaterThanOrEqual(14);
        // The numbers and shares, in a table beside the chart.
        const table = section.getByRole('table');
        await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual([
          heading,
          en.participation.confirmed,
          en.participation.share,
          en.participation.funded,
          en.participation.share,
        ]);
        expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
      }

      const cells = async (dimension: string, label: string) =>
        (
          await page
            .getByRole('region', { name: dimension })
            .getByRole('row')
            .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
            .getByRole('cell')
            .allTextContents()
        ).map((cell) => cell.trim());
      // The counts: confirmed, then funded (each followed by its share).
      const row = async (dimension: string, label: string) => {
        const [confirmed, , funded] = await cells(dimension, label);
        return [confirmed, funded];
      };
      const region = en.participation.dimension_region;
      // Shares of 3 confirmed and 1 funded participants.
      await expect(cells(region, en.regions.africa)).resolves.toEqual(['1', '33%', '1', '100%']);
      await expect(cells(region, en.regions.asia)).resolves.toEqual(['0', '0%', '0', '0%']);
      await expect(row(region, en.regions.africa)).resolves.toEqual(['1', '1']);
      await expect(row(region, en.regions.europe)).resolves.toEqual(['1', '0']);
      await expect(row(region, en.regions.americas)).resolves.toEqual(['1', '0']);
      await expect(row(region, en.regions.asia)).resolves.toEqual(['0', '0']);
      const gender = en.participation.dimension_gender;
      await expect(row(gender, en.genders.female)).resolves.toEqual(['1', '1']);
      await expect(row(gender, en.genders.male)).resolves.toEqual(['1', '0']);
      await expect(row(gender, en.genders.other)).resolves.toEqual(['1', '0']);
      const type = en.participation.dimension_organisationType;
      await expect(row(type, en.organisation_types.migrant_association)).resolves.toEqual([
        '1',
        '1',
      ]);
      await expect(row(type, en.organisation_types.ngo)).resolves.toEqual(['1', '0']);
      await expect(row(type, en.organisation_types.diaspora_organisation)).resolves.toEqual([
        '1',
        '0',
      ]);
      await expect(
        row(en.participation.dimension_firstTime, en.participation.yes),
      ).resolves.toEqual(['3', '1']);
      await expect(
        row(en.participation.dimension_migrantLed, en.participation.yes),
      ).resolves.toEqual(['2', '1']);
      await expect(row(en.participation.dimension_womenLed, en.participation.yes)).resolves.toEqual(
        ['1', '1'],
      );
      await expect(row(en.participation.dimension_youthLed, en.participation.yes)).resolves.toEqual(
        ['1', '0'],
      );

      // The bars follow the table: Africa's funded bar is drawn, Europe's is empty.
      const regionChart = page.locator('#chart-region');
      const widths = await regionChart
        .locator('rect.bar-funded')
        .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('width'))));
      const full = await regionChart
        .locator('rect.bar-confirmed')
        .first()
        .evaluate((r) => Number(r.getAttribute('width')));
      expect(full).toBeGreaterThan(0);
      expect(widths.slice(0, 5)).toEqual([full, 0, 0, 0, 0]);

      await screenshot(page, 'participation.png');
      await axe.audit(page, '/staff/consultations/:id/participation');
    },
  );

  step('no serious or critical accessibility problem, and no console error', async () => {
    journey.expectClean([
      'delegation (before applying)',
      'apply form',
      'apply form with the error summary',
      'delegation (application submitted)',
      '/staff/consultations/:id/funding (two applications)',
      '/staff/consultations/:id/funding (after the award)',
      'delegation (decision shown)',
      '/staff/consultations/:id/participation',
    ]);
  });
});
