import { formatDateTime, formatTime } from '../common/dates';
import { t } from '../common/i18n';
import { Locale } from '../common/roles';
import { countryName } from '../organisations/countries';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from './registration.entity';

export function registrationView(registration: Registration, waitlistPosition: number | null) {
  return {
    id: registration.id,
    consultationId: registration.consultationId,
    organisationId: registration.organisationId,
    registeredById: registration.registeredById,
    participant: {
      name: registration.participantName,
      email: registration.participantEmail,
      position: registration.position,
      gender: registration.gender,
      nationality: registration.nationality,
      accessibilityNeeds: registration.accessibilityNeeds,
      dietaryNeeds: registration.dietaryNeeds,
      needsVisaLetter: registration.needsVisaLetter,
      publishConsent: registration.publishConsent,
    },
    status: registration.status,
    waitlistPosition,
    offerExpiresAt: registration.offerExpiresAt?.toISOString() ?? null,
    checkedInAt: registration.checkedInAt?.toISOString() ?? null,
    createdAt: registration.createdAt.toISOString(),
  };
}

/** One registration as a row of the staff and delegation pages. */
export function registrationRow(
  r: Registration,
  positions: Map<string, number>,
  locale: Locale,
  timezone: string,
) {
  return {
    id: r.id,
    name: r.participantName,
    email: r.participantEmail,
    organisation: r.organisation?.name,
    organisationId: r.organisationId,
    status: r.status,
    position: positions.get(r.id) ?? null,
    jobTitle: r.position,
    gender: r.gender,
    nationality: countryName(r.nationality, locale),
    accessibilityNeeds: r.accessibilityNeeds,
    dietaryNeeds: r.dietaryNeeds,
    needsVisaLetter: r.needsVisaLetter,
    offerExpiresAt: r.offerExpiresAt ? formatDateTime(r.offerExpiresAt, locale, timezone) : null,
    checkedInAt: r.checkedInAt ? formatTime(r.checkedInAt, locale, timezone) : null,
    checkedInOn: r.checkedInAt ? formatDateTime(r.checkedInAt, locale, timezone) : null,
    isPending: r.status === RegistrationStatus.Pending,
    isWaitlisted: r.status === RegistrationStatus.Waitlisted,
    isOffered: r.status === RegistrationStatus.Offered,
    isConfirmed: r.status === RegistrationStatus.Confirmed,
    isActive: ACTIVE_STATUSES.includes(r.status) && !r.checkedInAt,
  };
}

/**
 * What approving a pending registration would do to the regional balance of the confirmed
 * participants (from 3 to 4 of 11 confirmed participants from Africa); null for any other row.
 */
export function regionalBalance(
  r: Registration,
  confirmed: { byRegion: Map<string, number>; total: number },
  locale: Locale,
): string | null {
  if (r.status !== RegistrationStatus.Pending || !r.organisation) return null;
  const region = r.organisation.region;
  const before = confirmed.byRegion.get(region) ?? 0;
  return t(locale, 'staff.participants.balance', {
    region: t(locale, `regions.${region}`),
    before,
    after: before + 1,
    total: confirmed.total + 1,
  });
}

/** The link to the CSV of the list as filtered on the page. */
export function participantsCsvUrl(
  consultationId: string,
  filters: { status?: string; q?: string },
): string {
  const query = new URLSearchParams(
    Object.entries({ status: filters.status, q: filters.q }).filter(([, v]) => v) as [
      string,
      string,
    ][],
  ).toString();
  return `/api/v1/consultations/${consultationId}/registrations.csv${query ? `?${query}` : ''}`;
}

/** The status filter of the participants page. */
export function statusOptions(selected: string | undefined) {
  return Object.values(RegistrationStatus).map((s) => ({ value: s, selected: s === selected }));
}
