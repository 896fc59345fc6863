import {
  formatDate,
  formatDateTime,
  formatDay,
  formatTime,
  toLocalInput,
  zoneName,
} from '../common/dates';
import { formatMoney, fromMinor } from '../common/money';
import { FieldError } from '../common/pages';
import { Locale } from '../common/roles';
import { countryName, countryOptions } from '../organisations/countries';
import { consultationFormValues, sessionRows } from './consultation.form';
import { Consultation, ConsultationStatus, Eligibility } from './consultation.entity';
import { Seats } from './seats';

export function consultationView(
  consultation: Consultation,
  seats: Seats,
  registrationOpen: boolean,
) {
  return {
    id: consultation.id,
    title: consultation.title,
    theme: consultation.theme,
    description: consultation.description,
    venue: consultation.venue,
    city: consultation.city,
    country: consultation.country,
    timezone: consultation.timezone,
    startsAt: consultation.startsAt.toISOString(),
    endsAt: consultation.endsAt.toISOString(),
    registrationOpensAt: consultation.registrationOpensAt.toISOString(),
    registrationClosesAt: consultation.registrationClosesAt.toISOString(),
    registrationOpen,
    capacity: consultation.capacity,
    perOrganisationLimit: consultation.perOrganisationLimit,
    eligibility: consultation.eligibility,
    requiresApproval: consultation.requiresApproval,
    fundingBudget: {
      amount: fromMinor(consultation.fundingBudgetMinor),
      currency: consultation.fundingCurrency,
    },
    fundingDeadline: consultation.fundingDeadline?.toISOString() ?? null,
    status: consultation.status,
    seats,
    sessions: (consultation.sessions ?? []).map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    })),
  };
}

/** What a consultation's public page and lists show, in its own time zone. */
export function consultationSummary(c: Consultation, locale: Locale, registrationOpen: boolean) {
  const tz = c.timezone;
  return {
    id: c.id,
    title: c.title,
    theme: c.theme,
    description: c.description,
    venue: c.venue,
    city: c.city,
    countryName: countryName(c.country, locale),
    timezone: zoneName(tz, c.startsAt),
    status: c.status,
    date: formatDate(c.startsAt, locale, tz),
    startsAt: formatDateTime(c.startsAt, locale, tz),
    endsAt: formatDateTime(c.endsAt, locale, tz),
    registrationOpensAt: formatDateTime(c.registrationOpensAt, locale, tz),
    registrationClosesAt: formatDateTime(c.registrationClosesAt, locale, tz),
    registrationOpen,
    eligibility: c.eligibility,
    requiresApproval: c.requiresApproval,
    capacity: c.capacity,
    perOrganisationLimit: c.perOrganisationLimit,
    seatsLeft: Math.max(0, c.capacity - c.seatsConfirmed - c.seatsOffered),
    fundingBudget: formatMoney(c.fundingBudgetMinor, c.fundingCurrency, locale),
    fundingCurrency: c.fundingCurrency,
    agenda: agendaDays(c, locale),
  };
}

/** The sessions by day in the consultation's zone, each day under its date, in time order. */
function agendaDays(c: Consultation, locale: Locale) {
  const days: { date: string; datetime: string; sessions: unknown[] }[] = [];
  const sessions = [...(c.sessions ?? [])].sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime(),
  );
  for (const s of sessions) {
    const date = formatDay(s.startsAt, locale, c.timezone);
    if (days.at(-1)?.date !== date)
      days.push({
        date,
        datetime: toLocalInput(s.startsAt, c.timezone).slice(0, 10),
        sessions: [],
      });
    days.at(-1)!.sessions.push({
      title: s.title,
      description: s.description,
      starts: formatTime(s.startsAt, locale, c.timezone),
      ends: formatTime(s.endsAt, locale, c.timezone),
      datetime: s.startsAt.toISOString(),
    });
  }
  return days;
}

/** A line of the admin's list, with the actions its status allows. */
export function adminConsultationRow(c: Consultation, locale: Locale, registrationOpen: boolean) {
  return {
    ...consultationSummary(c, locale, registrationOpen),
    canPublish: c.status === ConsultationStatus.Draft,
    canCancel: c.status === ConsultationStatus.Draft || c.status === ConsultationStatus.Published,
    canComplete: c.status === ConsultationStatus.Published,
  };
}

export function consultationFormModel(
  locale: Locale,
  consultation: Consultation | null,
  body?: Record<string, unknown>,
  errors?: Record<string, FieldError[]>,
) {
  const values = consultationFormValues(consultation, body) as Record<string, unknown>;
  return {
    title: consultation ? 'admin.consultations.edit_title' : 'admin.consultations.new_title',
    consultationId: consultation?.id,
    countries: countryOptions(locale, values.country as string),
    eligibilities: Object.values(Eligibility).map((value) => ({
      value,
      selected: value === values.eligibility,
    })),
    sessions: sessionRows(consultation, body),
    form: { values, errors },
  };
}
