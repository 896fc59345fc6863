import { formatDate, formatDateTime } from '../common/dates';
import { formatPercent, shareChange, t } from '../common/i18n';
import { formatMoney, fromMinor } from '../common/money';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { countryName, countryOptions } from '../organisations/countries';
import { ACTIVE_STATUSES, Registration } from '../registrations/registration.entity';
import { barChart } from './charts';
import { COST_KINDS, FundingApplication, FundingStatus } from './funding-application.entity';
import { BudgetSummary, RankedApplication, StaffFundingReport } from './funding.reports';
import { awardCeiling, regionalBalance } from './funding.rules';
import { Participation } from './participation';
import { Priority, PrioritySnapshots } from './priority';

const reasonTexts = new Map<string, string>();

/** Each reason of the score, in words, in the reader's language (few distinct ones: kept). */
export function priorityReasons(priority: Priority, locale: Locale): string[] {
  return priority.reasons.map((reason) => {
    const key = `${locale}|${reason.code}|${JSON.stringify(reason.params ?? {})}`;
    const known = reasonTexts.get(key);
    if (known) return known;
    const params: Record<string, string | number> = { ...reason.params, points: reason.points };
    if (typeof params.country === 'string') params.country = countryName(params.country, locale);
    if (typeof params.region === 'string') params.region = t(locale, `regions.${params.region}`);
    // A year is a name, not a quantity: never "2,012".
    if (typeof params.year === 'number') params.year = String(params.year);
    const text = t(locale, `priority.${reason.code}`, params);
    if (reasonTexts.size > 10_000) reasonTexts.clear();
    reasonTexts.set(key, text);
    return text;
  });
}

/** Where the application stands, in words that say where the money is. */
export function fundingOutcome(application: FundingApplication, locale: Locale): string {
  const amount =
    application.awardedMinor === null
      ? null
      : formatMoney(application.awardedMinor, application.currency, locale);
  if (amount && application.status === FundingStatus.Awarded)
    return t(locale, 'funding.outcome_awarded', { amount });
  if (amount && application.status === FundingStatus.Released)
    return t(locale, 'funding.outcome_released', { amount });
  return t(locale, `funding_status.${application.status}`);
}

/** A priority as the API shows it: the score and its reasons in words. */
export function priorityView(priority: Priority | null) {
  return priority ? { score: priority.score, reasons: priorityReasons(priority, 'en') } : null;
}

/** What an applicant sees of their application; staff also get the priority snapshots. */
export function applicationView(
  application: FundingApplication,
  snapshots?: Partial<PrioritySnapshots>,
) {
  return {
    id: application.id,
    registrationId: application.registrationId,
    consultationId: application.consultationId,
    organisationId: application.organisationId,
    lines: application.lines.map((line) => ({ kind: line.kind, amount: fromMinor(line.amount) })),
    requestedTotal: fromMinor(application.requestedMinor),
    currency: application.currency,
    departureCity: application.departureCity,
    departureCountry: application.departureCountry,
    justification: application.justification,
    couldAttendWithout: application.couldAttendWithout,
    status: application.status,
    awardedAmount: application.awardedMinor === null ? null : fromMinor(application.awardedMinor),
    decisionReason: application.decisionReason,
    decidedAt: application.decidedAt?.toISOString() ?? null,
    createdAt: application.createdAt.toISOString(),
    ...(snapshots
      ? {
          priority: priorityView(snapshots.priority ?? null),
          priorityAtSubmission: priorityView(snapshots.priorityAtSubmission ?? null),
          ...(snapshots.priorityToday
            ? { priorityToday: priorityView(snapshots.priorityToday) }
            : {}),
        }
      : {}),
  };
}

export function rankedView(application: RankedApplication) {
  return {
    ...applicationView(application, application),
    awaitsAnotherReviewer: application.awaitsAnotherReviewer,
    organisation: {
      id: application.organisation.id,
      name: application.organisation.name,
      region: application.organisation.region,
    },
    participant: {
      name: application.registration.participantName,
      gender: application.registration.gender,
    },
  };
}

export function budgetView(summary: BudgetSummary) {
  return {
    budget: fromMinor(summary.budget),
    awarded: fromMinor(summary.awarded),
    remaining: fromMinor(summary.remaining),
    awaiting: fromMinor(summary.awaiting),
    currency: summary.currency,
    capPerApplication: summary.capMinor === null ? null : fromMinor(summary.capMinor),
    lineKinds: summary.lineKinds,
    deadline: summary.deadline?.toISOString() ?? null,
  };
}

/** The participation tallies as the API answers them: one object per dimension, keyed by value. */
export function participationView(participation: Participation) {
  return {
    confirmed: participation.confirmed,
    funded: participation.funded,
    ...Object.fromEntries(
      participation.dimensions.map((d) => [
        d.name,
        Object.fromEntries(
          d.rows.map((row) => [row.key, { confirmed: row.confirmed, funded: row.funded }]),
        ),
      ]),
    ),
  };
}

/** An application as the delegation page shows it beside its registration. */
export function applicationSummary(application: FundingApplication | undefined, locale: Locale) {
  if (!application) return null;
  return {
    id: application.id,
    status: application.status,
    outcome: fundingOutcome(application, locale),
    requested: formatMoney(application.requestedMinor, application.currency, locale),
    reason: application.decisionReason,
    canWithdraw: application.status === FundingStatus.Submitted,
  };
}

/** The funding side of one delegation row: its application, or whether it may apply. */
export function delegationFunding(
  registration: Registration,
  applications: Map<string, FundingApplication>,
  highlighted: string | undefined,
  locale: Locale,
) {
  return {
    consultation: consultationTexts(registration.consultation!, locale).title,
    consultationId: registration.consultationId,
    highlighted: registration.id === highlighted,
    funding: applicationSummary(applications.get(registration.id), locale),
    canApply: ACTIVE_STATUSES.includes(registration.status) && !applications.has(registration.id),
  };
}

/** "12 September 2027", or "12 – 13 September 2027" written out in full for several days. */
function dateRange(c: Consultation, locale: Locale): string {
  const [first, last] = [
    formatDate(c.startsAt, locale, c.timezone),
    formatDate(c.endsAt, locale, c.timezone),
  ];
  return first === last ? first : `${first} – ${last}`;
}

/** One consultation's part of the delegation page: its registrations under its title and dates. */
export interface DelegationGroup<R> {
  id: string;
  title: string;
  titleLang: string | undefined;
  dates: string;
  status: string;
  registerUrl: string | null;
  registrations: R[];
}

/**
 * The delegation page's registrations grouped by consultation: those still to come first, soonest
 * first, then past ones, latest first; "register another" where registration is open.
 */
export function delegationGroups<R>(
  rows: { registration: Registration; row: R }[],
  locale: Locale,
  now: Date,
  registrationOpen: (c: Consultation) => boolean,
): DelegationGroup<R>[] {
  const groups = new Map<string, DelegationGroup<R> & { consultation: Consultation }>();
  for (const { registration, row } of rows) {
    const c = registration.consultation!;
    let group = groups.get(c.id);
    if (!group) {
      const title = consultationTexts(c, locale).title;
      group = {
        consultation: c,
        id: c.id,
        title: title.text,
        titleLang: title.lang,
        dates: dateRange(c, locale),
        status: c.status,
        registerUrl: registrationOpen(c) ? `/consultations/${c.id}/register` : null,
        registrations: [],
      };
      groups.set(c.id, group);
    }
    group.registrations.push(row);
  }
  const upcoming = (c: Consultation) => c.endsAt.getTime() >= now.getTime();
  return [...groups.values()]
    .sort((a, b) => {
      const [x, y] = [a.consultation, b.consultation];
      if (upcoming(x) !== upcoming(y)) return upcoming(x) ? -1 : 1;
      const order = x.startsAt.getTime() - y.startsAt.getTime();
      return upcoming(x) ? order : -order;
    })
    .map(({ consultation: _omit, ...group }) => group);
}

/** The application form's model; `values` are what the applicant typed, kept on a failure. */
export function applyFormView(input: {
  registration: Registration;
  consultation: Consultation;
  consultationSummary: unknown;
  summary: BudgetSummary;
  now: Date;
  locale: Locale;
  values: Record<string, unknown>;
}) {
  const { registration, consultation, summary, locale, values } = input;
  const deadline = consultation.fundingDeadline ?? consultation.startsAt;
  return {
    title: 'funding.apply_title',
    registration: {
      id: registration.id,
      name: registration.participantName,
      organisationId: registration.organisationId,
    },
    consultation: input.consultationSummary,
    currency: summary.currency,
    deadline: formatDateTime(deadline, locale, consultation.timezone),
    open: input.now < deadline,
    kinds: summary.lineKinds.map((kind) => ({ kind, name: `amount_${kind}` })),
    countries: countryOptions(locale, (values.departureCountry as string) ?? undefined),
    form: { values },
  };
}

/** Says which score staff read: the one the decision recorded, or today's beside the one at submission. */
function scoreNote(application: RankedApplication, locale: Locale, timeZone: string): string {
  if (application.status !== FundingStatus.Submitted && application.priorityAtDecision) {
    return t(locale, 'funding.score_at_decision', {
      date: application.decidedAt ? formatDateTime(application.decidedAt, locale, timeZone) : '',
    });
  }
  if (application.status === FundingStatus.Submitted && application.priorityAtSubmission) {
    return t(locale, 'funding.score_today', { score: application.priorityAtSubmission.score });
  }
  return '';
}

/** The staff funding page: the budget, its settings and the ranked applications with their reasons. */
export function staffFundingView(
  report: StaffFundingReport,
  page: { locale: Locale; isAdminUser: boolean; consultationSummary: unknown },
) {
  const { consultation, summary, ranked } = report;
  const locale = page.locale;
  const money = (minor: number) => formatMoney(minor, summary.currency, locale);
  const balance = regionalBalance(
    ranked.filter((a) => a.status === FundingStatus.Awarded).map((a) => a.organisation.region),
  );
  return {
    title: 'funding.staff_title',
    subject: consultationTexts(consultation, locale).title.text,
    consultation: page.consultationSummary,
    isAdminUser: page.isAdminUser,
    budget: {
      budget: money(summary.budget),
      awarded: money(summary.awarded),
      remaining: money(summary.remaining),
      awaiting: money(summary.awaiting),
      currency: summary.currency,
      cap: summary.capMinor === null ? '' : money(summary.capMinor),
      // The form's field takes the amount as typed: 850.00.
      capInput: summary.capMinor === null ? '' : fromMinor(summary.capMinor),
    },
    lineKinds: COST_KINDS.map((kind) => ({ kind, checked: summary.lineKinds.includes(kind) })),
    csvUrl: `/api/v1/consultations/${consultation.id}/funding-applications.csv`,
    applications: ranked.map((a) => {
      const region = a.organisation.region;
      return {
        ...reviewRow(a, locale, consultation.timezone),
        suggested: fromMinor(awardCeiling(a.requestedMinor, summary.capMinor)),
        balance: balanceSentence(locale, region, balance(region)),
      };
    }),
  };
}

/** One application as a reviewer reads it on the staff funding page. */
function reviewRow(a: RankedApplication, locale: Locale, timeZone: string) {
  return {
    id: a.id,
    participant: a.registration.participantName,
    organisation: a.organisation.name,
    organisationId: a.organisation.id,
    region: a.organisation.region,
    departure: `${a.departureCity}, ${countryName(a.departureCountry, locale)}`,
    lines: a.lines.map((line) => ({
      kind: line.kind,
      amount: formatMoney(line.amount, a.currency, locale),
    })),
    requested: formatMoney(a.requestedMinor, a.currency, locale),
    currency: a.currency,
    justification: a.justification,
    couldAttendWithout: a.couldAttendWithout,
    status: a.status,
    outcome: fundingOutcome(a, locale),
    waiting: a.status === FundingStatus.Submitted && !a.awaitsAnotherReviewer,
    awaitsAnotherReviewer: a.awaitsAnotherReviewer,
    score: a.priority.score,
    scoreNote: scoreNote(a, locale, timeZone),
    reasons: priorityReasons(a.priority, locale),
  };
}

/** The participation page: each dimension's rows, labelled, with its chart. */
export function participationPageView(participation: Participation, locale: Locale) {
  const label = (dimension: string, key: string) => {
    if (dimension === 'region') return t(locale, `regions.${key}`);
    if (dimension === 'organisationType') return t(locale, `organisation_types.${key}`);
    if (dimension === 'gender') return t(locale, `genders.${key}`);
    return t(locale, `participation.${key}`);
  };
  const legend = {
    confirmed: t(locale, 'participation.confirmed'),
    funded: t(locale, 'participation.funded'),
  };
  return {
    confirmed: participation.confirmed,
    funded: participation.funded,
    dimensions: participation.dimensions.map((d) => {
      const heading = t(locale, `participation.dimension_${d.name}`);
      const rows = d.rows.map((row) => {
        const confirmedShare = formatPercent(locale, row.confirmed, participation.confirmed);
        const fundedShare = formatPercent(locale, row.funded, participation.funded);
        return {
          ...row,
          label: label(d.name, row.key),
          confirmedShare,
          fundedShare,
          // Numbers as text, so the sentence needs no plural form.
          value: t(locale, 'participation.bar_value', {
            confirmed: String(row.confirmed),
            confirmedShare,
            funded: String(row.funded),
            fundedShare,
          }),
        };
      });
      return {
        name: d.name,
        heading,
        rows,
        chart: barChart(`chart-${d.name}`, heading, rows, legend),
      };
    }),
  };
}

/** What one more award would do to the region's share of funded participants, in plain words. */
function balanceSentence(
  locale: Locale,
  region: string,
  change: { before: number; total: number },
): string {
  const name = t(locale, `regions.${region}`);
  const totalBefore = change.total - 1;
  if (totalBefore === 0) return t(locale, 'funding.balance_first', { region: name });
  return t(locale, 'funding.balance', {
    region: name,
    ...shareChange(locale, change.before, totalBefore),
  });
}
