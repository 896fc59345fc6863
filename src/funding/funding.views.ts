import { Locale } from '../accounts/user.entity';
import { t } from '../common/i18n';
import { fromMinor } from '../common/money';
import { countryName } from '../organisations/countries';
import { FundingApplication } from './funding-application.entity';
import { BudgetSummary, RankedApplication } from './funding.service';
import { Priority } from './priority';

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

export function applicationView(application: FundingApplication, priority?: Priority) {
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
    ...(priority ? { priority: { score: priority.score, reasons: priorityReasons(priority, 'en') } } : {}),
  };
}

export function rankedView(application: RankedApplication) {
  return {
    ...applicationView(application, application.priority),
    organisation: { id: application.organisation.id, name: application.organisation.name, region: application.organisation.region },
    participant: { name: application.registration.participantName, gender: application.registration.gender },
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
