import { isUUID } from 'class-validator';
import { REGISTRATION_SORTS } from '../registrations/dto/registration.dto';
import { RegistrationStatus } from '../registrations/registration.entity';

type Body = Record<string, unknown>;

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map(String);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value : undefined;

/** The bulk bar as the API reads it: the ticked ids, the decision, the reason. */
export function bulkDecisionFromForm(body: Body) {
  return { ids: list(body.ids), decision: body.decision, reason: body.reason };
}

/** The participant list's filters the bulk bar carries, to go back to the same view. */
export function participantsBack(consultationId: string, body: Body): string {
  const query = new URLSearchParams();
  const status = text(body.status);
  if (status && (Object.values(RegistrationStatus) as string[]).includes(status))
    query.set('status', status);
  const q = text(body.q);
  if (q) query.set('q', q.slice(0, 200));
  const visa = text(body.needsVisaLetter);
  if (visa === 'true' || visa === 'false') query.set('needsVisaLetter', visa);
  const organisationId = text(body.organisationId);
  if (organisationId && isUUID(organisationId)) query.set('organisationId', organisationId);
  const sort = text(body.sort);
  if (sort && (REGISTRATION_SORTS as readonly string[]).includes(sort)) {
    query.set('sort', sort);
    const dir = text(body.dir);
    if (dir === 'asc' || dir === 'desc') query.set('dir', dir);
  }
  const page = text(body.page);
  if (page && /^[1-9]\d{0,5}$/.test(page) && page !== '1') query.set('page', page);
  const search = query.toString();
  return `/staff/consultations/${consultationId}/participants${search ? `?${search}` : ''}`;
}

/**
 * The message form as the API reads it. Fields carry the API's names; the translations are
 * `subject_fr`, `body_fr`, `subject_es`, `body_es`, each pair left out when both are empty.
 */
export function messageFromForm(body: Body) {
  const translation = (locale: 'fr' | 'es') =>
    text(body[`subject_${locale}`]) || text(body[`body_${locale}`])
      ? { subject: body[`subject_${locale}`] ?? '', body: body[`body_${locale}`] ?? '' }
      : undefined;
  const fr = translation('fr');
  const es = translation('es');
  const visa = body.needsVisaLetter;
  return {
    audience: {
      ...(list(body.statuses).length ? { statuses: list(body.statuses) } : {}),
      ...(text(body.organisationId) ? { organisationId: body.organisationId } : {}),
      ...(visa === 'yes'
        ? { needsVisaLetter: true }
        : visa === 'no'
          ? { needsVisaLetter: false }
          : {}),
    },
    subject: body.subject ?? '',
    body: body.body ?? '',
    ...(fr || es ? { translations: { ...(fr ? { fr } : {}), ...(es ? { es } : {}) } } : {}),
  };
}
