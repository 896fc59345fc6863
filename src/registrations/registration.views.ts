import { formatDateTime, formatTime } from '../common/dates';
import { t } from '../common/i18n';
import { Locale } from '../common/roles';
import { Seats } from '../consultations/seats';
import { consultationSummary } from '../consultations/consultation.views';
import { Consultation } from '../consultations/consultation.entity';
import { countryName, countryOptions } from '../organisations/countries';
import { Membership } from '../organisations/membership.entity';
import { RegistrationQueryDto } from './dto/registration.dto';
import { ACTIVE_STATUSES, GENDERS, Registration, RegistrationStatus } from './registration.entity';

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
  format: 'csv' | 'xlsx' = 'csv',
): string {
  const query = new URLSearchParams(
    Object.entries({ status: filters.status, q: filters.q }).filter(([, v]) => v) as [
      string,
      string,
    ][],
  ).toString();
  return `/api/v1/consultations/${consultationId}/registrations.${format}${query ? `?${query}` : ''}`;
}

/** The status filter of the participants page. */
export function statusOptions(selected: string | undefined) {
  return Object.values(RegistrationStatus).map((s) => ({ value: s, selected: s === selected }));
}

/** The register form: the consultation, the user's organisations, and what was typed. */
export function registerFormModel(
  data: { consultation: Consultation; registrationOpen: boolean; memberships: Membership[] },
  locale: Locale,
  values: Record<string, unknown>,
  submissionId: string,
) {
  return {
    title: 'registrations.register_title',
    consultation: consultationSummary(data.consultation, locale, data.registrationOpen),
    organisations: data.memberships.map((m) => ({
      id: m.organisationId,
      name: m.organisation!.name,
      selected: m.organisationId === values.organisationId,
    })),
    genders: GENDERS.map((g) => ({ value: g, selected: g === values.gender })),
    nationalities: countryOptions(locale, values.nationality as string | undefined),
    form: { values: { submissionId, ...values } },
  };
}

/** The staff participants page. */
export function participantsModel(
  data: {
    consultation: Consultation;
    registrationOpen: boolean;
    seats: Seats;
    page: { items: Registration[]; total: number };
    positions: Map<string, number>;
    confirmed: { byRegion: Map<string, number>; total: number };
    own: Set<string>;
  },
  query: RegistrationQueryDto,
  locale: Locale,
) {
  const { consultation } = data;
  return {
    title: 'staff.participants.title',
    consultation: consultationSummary(consultation, locale, data.registrationOpen),
    seats: data.seats,
    statuses: statusOptions(query.status),
    q: query.q ?? '',
    total: data.page.total,
    csvUrl: participantsCsvUrl(consultation.id, query),
    xlsxUrl: participantsCsvUrl(consultation.id, query, 'xlsx'),
    filterStatus: query.status ?? '',
    filterQ: query.q ?? '',
    canBulkDecide: data.page.items.some(
      (r) => r.status === RegistrationStatus.Pending && !data.own.has(r.organisationId),
    ),
    registrations: data.page.items.map((r) => ({
      ...registrationRow(r, data.positions, locale, consultation.timezone),
      balance: regionalBalance(r, data.confirmed, locale),
      awaitsAnotherReviewer: data.own.has(r.organisationId),
    })),
  };
}

/** The check-in page at the door. */
export function checkInModel(
  data: {
    consultation: Consultation;
    matches: Registration[];
    seats: Seats;
    own: Set<string>;
    checkedIn: number;
  },
  q: string,
  locale: Locale,
) {
  const { consultation } = data;
  return {
    title: 'staff.check_in.title',
    consultation: consultationSummary(consultation, locale, false),
    q,
    searched: Boolean(q),
    confirmed: data.seats.confirmed,
    checkedIn: data.checkedIn,
    matches: data.matches.map((r) => ({
      ...registrationRow(r, new Map(), locale, consultation.timezone),
      awaitsAnotherReviewer: data.own.has(r.organisationId),
    })),
  };
}
