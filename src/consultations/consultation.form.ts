import { fromLocalInput, toLocalInput } from '../common/dates';
import { fromMinor } from '../common/money';
import { Consultation } from './consultation.entity';

const DATE_FIELDS = [
  'startsAt',
  'endsAt',
  'registrationOpensAt',
  'registrationClosesAt',
  'fundingDeadline',
] as const;
const list = (value: unknown) =>
  ([] as unknown[]).concat(value ?? []).map((v) => (typeof v === 'string' ? v : ''));

/**
 * The admin form speaks in the consultation's own time zone (datetime-local inputs) and sends the
 * agenda as repeated fields; this turns it into the API's body.
 */
export function consultationFromForm(body: unknown): Record<string, unknown> {
  const form = (body ?? {}) as Record<string, unknown>;
  const timezone = typeof form.timezone === 'string' && form.timezone ? form.timezone : 'UTC';
  const out: Record<string, unknown> = {};
  for (const key of [
    'title',
    'theme',
    'description',
    'venue',
    'city',
    'country',
    'timezone',
    'eligibility',
  ]) {
    if (typeof form[key] === 'string') out[key] = form[key];
  }
  for (const key of DATE_FIELDS) {
    if (form[key] === '' && key === 'fundingDeadline') continue;
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
  const titles = list(form.sessionTitle);
  const starts = list(form.sessionStartsAt);
  const ends = list(form.sessionEndsAt);
  const descriptions = list(form.sessionDescription);
  out.sessions = titles
    .map((title, i) => ({
      title,
      startsAt: starts[i] ?? '',
      endsAt: ends[i] ?? '',
      description: descriptions[i] ?? '',
    }))
    .filter((s) => s.title.trim() || s.startsAt || s.endsAt)
    .map((s) => ({
      ...s,
      startsAt: fromLocalInput(s.startsAt, timezone) ?? s.startsAt,
      endsAt: fromLocalInput(s.endsAt, timezone) ?? s.endsAt,
    }));
  return out;
}

/** The form's fields for an existing consultation (or the raw input re-shown after an error). */
export function consultationFormValues(
  consultation: Consultation | null,
  body?: Record<string, unknown>,
) {
  if (body) return body;
  if (!consultation)
    return {
      timezone: 'Europe/Zurich',
      eligibility: 'observers_only',
      fundingCurrency: 'USD',
      capacity: '50',
      perOrganisationLimit: '3',
    };
  const tz = consultation.timezone;
  return {
    title: consultation.title,
    theme: consultation.theme,
    description: consultation.description,
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
  };
}

export function sessionRows(consultation: Consultation | null, body?: Record<string, unknown>) {
  const rows = body
    ? list(body.sessionTitle).map((title, i) => ({
        title,
        startsAt: list(body.sessionStartsAt)[i] ?? '',
        endsAt: list(body.sessionEndsAt)[i] ?? '',
        description: list(body.sessionDescription)[i] ?? '',
      }))
    : (consultation?.sessions ?? []).map((s) => ({
        title: s.title,
        startsAt: toLocalInput(s.startsAt, consultation!.timezone),
        endsAt: toLocalInput(s.endsAt, consultation!.timezone),
        description: s.description,
      }));
  const filled = rows.filter((r) => r.title || r.startsAt);
  return [
    ...filled,
    ...Array.from({ length: 2 }, () => ({ title: '', startsAt: '', endsAt: '', description: '' })),
  ].map((row, i) => ({ ...row, index: i + 1 }));
}
