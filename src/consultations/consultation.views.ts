import {
  formatDate,
  formatDateTime,
  formatDay,
  formatTime,
  toLocalInput,
  zoneName,
} from '../common/dates';
import { formatMoney, fromMinor } from '../common/money';
import { FieldError, LANGUAGE_NAMES } from '../common/pages';
import { LOCALES, Locale } from '../common/roles';
import { Localised, localise, localisedFields } from '../common/translations';
import { countryName, countryOptions } from '../organisations/countries';
import { consultationFormValues, sessionRows } from './consultation.form';
import { ConsultationSession, SESSION_TEXT } from './consultation-session.entity';
import {
  Consultation,
  CONSULTATION_TEXT,
  ConsultationStatus,
  Eligibility,
} from './consultation.entity';
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
    language: consultation.language,
    translations: consultation.translations ?? {},
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
    modificationDeadline: (
      consultation.modificationDeadline ?? consultation.registrationClosesAt
    ).toISOString(),
    status: consultation.status,
    seats,
    sessions: (consultation.sessions ?? []).map((s) => ({
      id: s.id,
      title: s.title,
      description: s.description,
      translations: s.translations ?? {},
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
    })),
  };
}

/** The consultation's title, theme and description in the reader's language, else the original. */
export function consultationTexts(
  c: Consultation,
  locale: Locale,
): Record<(typeof CONSULTATION_TEXT)[number], Localised> {
  return localise(c, CONSULTATION_TEXT, locale);
}

/** A view model's title, theme and description (each with its `…Lang`), in the reader's language. */
export function consultationTextFields(c: Consultation, locale: Locale) {
  return localisedFields(c, CONSULTATION_TEXT, locale);
}

/** A session's title and description (each with its `…Lang`), in the reader's language. */
function sessionTextFields(s: ConsultationSession, c: Consultation, locale: Locale) {
  return localisedFields({ ...s, language: c.language }, SESSION_TEXT, locale);
}

/** What a consultation's public page and lists show, in its own time zone. */
export function consultationSummary(c: Consultation, locale: Locale, registrationOpen: boolean) {
  const tz = c.timezone;
  return {
    id: c.id,
    ...consultationTextFields(c, locale),
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
      ...sessionTextFields(s, c, locale),
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
  const values = consultationFormValues(consultation, body);
  return {
    title: consultation ? 'admin.consultations.edit_title' : 'admin.consultations.new_title',
    consultationId: consultation?.id,
    participantsPublished: consultation?.participantsPublished ?? false,
    languages: LOCALES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
    countries: countryOptions(locale, values.country as string),
    eligibilities: Object.values(Eligibility).map((value) => ({
      value,
      selected: value === values.eligibility,
    })),
    sessions: sessionRows(consultation, body),
    form: { values, errors },
  };
}

/** The confirmation page of cancelling or completing one consultation. */
export function confirmationModel(c: Consultation, action: string, locale: Locale) {
  const { title } = consultationTexts(c, locale);
  return {
    action,
    consultation: { id: c.id, title: title.text, titleLang: title.lang },
    intro: `admin.consultations.confirm_${action}_intro`,
    submit: `admin.consultations.confirm_${action}_submit`,
  };
}
