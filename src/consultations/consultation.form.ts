import { fromLocalInput, toLocalInput } from '../common/dates';
import { isLocale } from '../common/i18n';
import { fromMinor } from '../common/money';
import { LOCALES, Locale } from '../common/roles';
import { ConsultationSession, SESSION_TEXT } from './consultation-session.entity';
import { Consultation, CONSULTATION_TEXT } from './consultation.entity';

const DATE_FIELDS = [
  'startsAt',
  'endsAt',
  'registrationOpensAt',
  'registrationClosesAt',
  'fundingDeadline',
  'modificationDeadline',
] as const;

/**
 * The form has one fieldset per language, each with the consultation's texts and each session's;
 * the `language` select says which of them is the original. Field names follow the API's paths:
 * `translations.fr.title`, `sessions.0.startsAt`, `sessions.0.translations.fr.title`.
 */
const textField = (language: string, field: string) => `translations.${language}.${field}`;
const sessionField = (row: number, name: string) => `sessions.${row}.${name}`;
const SESSION_ROW = /^sessions\.(\d{1,3})\./;

function textsFrom<F extends string>(
  form: Record<string, unknown>,
  name: (language: Locale, field: F) => string,
  fields: readonly F[],
  original: Locale,
) {
  const text = (language: Locale, field: F) => {
    const value = form[name(language, field)];
    return typeof value === 'string' ? value : undefined;
  };
  const originals = Object.fromEntries(
    fields.map((field) => [field, text(original, field)]).filter(([, v]) => v !== undefined),
  ) as Partial<Record<F, string>>;
  const translations = Object.fromEntries(
    LOCALES.filter((language) => language !== original).map((language) => [
      language,
      Object.fromEntries(fields.map((field) => [field, text(language, field) ?? ''])),
    ]),
  );
  return { originals, translations };
}

/** The rows of the agenda the form sent, by their number in the field names. */
function postedRows(form: Record<string, unknown>): number[] {
  const rows = new Set<number>();
  for (const key of Object.keys(form)) {
    const match = SESSION_ROW.exec(key);
    if (match) rows.add(Number(match[1]));
  }
  return [...rows].sort((a, b) => a - b);
}

const filled = (form: Record<string, unknown>, row: number) =>
  Object.entries(form).some(
    ([key, value]) =>
      key.startsWith(`sessions.${row}.`) && typeof value === 'string' && value.trim(),
  );

export interface ConsultationForm {
  /** The API's body. */
  input: Record<string, unknown>;
  /** The form field that shows an error of the API's body (`title` → `translations.fr.title`). */
  fieldOf(path: string): string;
}

/** One posted agenda row as the API's session: times from the consultation's zone, texts in each language. */
function sessionFromForm(
  form: Record<string, unknown>,
  row: number,
  timezone: string,
  original: Locale,
) {
  const local = (name: string) => {
    const value = form[sessionField(row, name)];
    return typeof value === 'string' ? (fromLocalInput(value, timezone) ?? value) : '';
  };
  const session = textsFrom(
    form,
    (l, field) => sessionField(row, textField(l, field)),
    SESSION_TEXT,
    original,
  );
  return {
    title: session.originals.title ?? '',
    description: session.originals.description ?? '',
    translations: session.translations,
    startsAt: local('startsAt'),
    endsAt: local('endsAt'),
  };
}

/**
 * The admin form speaks in the consultation's own time zone (datetime-local inputs) and in three
 * languages; this turns it into the API's body. Rows of the agenda left empty are dropped.
 */
export function consultationFromForm(body: unknown): ConsultationForm {
  const form = (body ?? {}) as Record<string, unknown>;
  const timezone = typeof form.timezone === 'string' && form.timezone ? form.timezone : 'UTC';
  const language = typeof form.language === 'string' && form.language ? form.language : 'en';
  const original: Locale = isLocale(language) ? language : 'en';
  const out: Record<string, unknown> = { language };
  const texts = textsFrom(form, textField, CONSULTATION_TEXT, original);
  Object.assign(out, texts.originals);
  out.translations = texts.translations;
  for (const key of ['venue', 'city', 'country', 'timezone', 'eligibility']) {
    if (typeof form[key] === 'string') out[key] = form[key];
  }
  for (const key of DATE_FIELDS) {
    if (form[key] === '' && (key === 'fundingDeadline' || key === 'modificationDeadline')) continue;
    out[key] = fromLocalInput(form[key], timezone) ?? form[key];
  }
  for (const key of ['capacity', 'perOrganisationLimit']) {
    out[key] =
      typeof form[key] === 'string' && /^\d+$/.test(form[key]) ? Number(form[key]) : form[key];
  }
  out.requiresApproval = form.requiresApproval === 'true';
  // The currency has a default on the form: without an amount there is no budget to set.
  if (form.fundingAmount) {
    out.fundingBudget = {
      amount: form.fundingAmount,
      currency:
        typeof form.fundingCurrency === 'string'
          ? form.fundingCurrency.toUpperCase()
          : form.fundingCurrency,
    };
  }
  const rows = postedRows(form).filter((row) => filled(form, row));
  out.sessions = rows.map((row) => sessionFromForm(form, row, timezone, original));
  return {
    input: out,
    fieldOf(path) {
      const session = /^sessions\.(\d+)\.(.+)$/.exec(path);
      if (session && rows[Number(session[1])] !== undefined) {
        const row = rows[Number(session[1])];
        const rest = session[2];
        return (SESSION_TEXT as readonly string[]).includes(rest)
          ? sessionField(row, textField(original, rest))
          : sessionField(row, rest);
      }
      return (CONSULTATION_TEXT as readonly string[]).includes(path)
        ? textField(original, path)
        : path;
    },
  };
}

/** The texts of `entity` under the form's names: the original's language and every translation. */
function textValues<F extends string>(
  entity: { [K in F]: string } & {
    translations?: Partial<Record<Locale, Partial<Record<F, string>>>>;
  },
  language: Locale,
  fields: readonly F[],
  name: (language: Locale, field: F) => string,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const l of LOCALES) {
    for (const field of fields) {
      const text = l === language ? entity[field] : entity.translations?.[l]?.[field];
      if (text) values[name(l, field)] = text;
    }
  }
  return values;
}

/** The form's fields for an existing consultation (or the raw input re-shown after an error). */
export function consultationFormValues(
  consultation: Consultation | null,
  body?: Record<string, unknown>,
): Record<string, unknown> {
  if (body) return body;
  if (!consultation)
    return {
      language: 'en',
      timezone: 'Europe/Zurich',
      eligibility: 'observers_only',
      fundingCurrency: 'USD',
      capacity: '50',
      perOrganisationLimit: '3',
    };
  const tz = consultation.timezone;
  const language = consultation.language;
  const sessions = (consultation.sessions ?? []).map((s: ConsultationSession, row) => ({
    [sessionField(row, 'startsAt')]: toLocalInput(s.startsAt, tz),
    [sessionField(row, 'endsAt')]: toLocalInput(s.endsAt, tz),
    ...textValues(s, language, SESSION_TEXT, (l, field) => sessionField(row, textField(l, field))),
  }));
  return {
    language,
    ...textValues(consultation, language, CONSULTATION_TEXT, textField),
    venue: consultation.venue,
    city: consultation.city,
    country: consultation.country,
    timezone: tz,
    startsAt: toLocalInput(consultation.startsAt, tz),
    endsAt: toLocalInput(consultation.endsAt, tz),
    registrationOpensAt: toLocalInput(consultation.registrationOpensAt, tz),
    registrationClosesAt: toLocalInput(consultation.registrationClosesAt, tz),
    capacity: String(consultation.capacity),
    perOrganisationLimit: String(consultation.perOrganisationLimit),
    eligibility: consultation.eligibility,
    requiresApproval: consultation.requiresApproval,
    fundingAmount: fromMinor(consultation.fundingBudgetMinor),
    fundingCurrency: consultation.fundingCurrency,
    fundingDeadline: toLocalInput(consultation.fundingDeadline, tz),
    modificationDeadline: toLocalInput(consultation.modificationDeadline, tz),
    ...Object.assign({}, ...sessions),
  };
}

/**
 * The agenda's rows on the form: the sessions (or the rows sent with text in them), then two empty
 * ones. `row` is the number in the field names, `number` the one shown.
 */
export function sessionRows(consultation: Consultation | null, body?: Record<string, unknown>) {
  const kept = body
    ? postedRows(body).filter((row) => filled(body, row))
    : (consultation?.sessions ?? []).map((_, row) => row);
  const next = kept.length ? Math.max(...kept) + 1 : 0;
  return [...kept, next, next + 1].map((row, i) => ({ row, number: i + 1 }));
}
