import { Locale } from '../accounts/user.entity';
import { t } from '../common/i18n';
import { fromMinor } from '../common/money';
import { countryName } from '../organisations/countries';
import { FundingApplication, FundingStatus } from './funding-application.entity';
import { BudgetSummary, RankedApplication } from './funding.service';
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
    const text = t(locale, `priority.${reason.code}`, params);
    if (reasonTexts.size > 10_000) reasonTexts.clear();
    reasonTexts.set(key, text);
    return text;
  });
}

/** Where the application stands, in words that say where the money is. */
export function fundingOutcome(application: FundingApplication, locale: Locale): string {
  const amount = application.awardedMinor === null ? null : fromMinor(application.awardedMinor);
  if (amount && application.status === FundingStatus.Awarded)
    return t(locale, 'funding.outcome_awarded', { amount, currency: application.currency });
  if (amount && application.status === FundingStatus.Released)
    return t(locale, 'funding.outcome_released', { amount, currency: application.currency });
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
