import { formatDateTime, formatTime } from '../common/dates';
import { shareChange, t } from '../common/i18n';
import { Locale } from '../common/roles';
import { Seats } from '../consultations/seats';
import { consultationSummary } from '../consultations/consultation.views';
import { Consultation } from '../consultations/consultation.entity';
import { countryName, countryOptions } from '../organisations/countries';
import { Membership } from '../organisations/membership.entity';
import { Page } from '../common/page';
import { pagerLinks } from '../common/pager';
import { REGISTRATION_SORTS, RegistrationQueryDto, RegistrationSort } from './dto/registration.dto';
import {
  ACTIVE_STATUSES,
  Gender,
  GENDERS,
  PendingSubstitute,
  Registration,
  RegistrationStatus,
} from './registration.entity';

export function registrationView(
  registration: Registration,
  waitlistPosition: number | null,
  checkInCode: string | null,
) {
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
    participantVersion: registration.participantVersion,
    pendingSubstitute: pendingView(registration.pendingSubstitute),
    createdAt: registration.createdAt.toISOString(),
    checkInCode,
  };
}

function pendingView(p: PendingSubstitute | null) {
  if (!p) return null;
  return {
    name: p.participantName,
    email: p.participantEmail,
    position: p.position,
    gender: p.gender as Gender,
    nationality: p.nationality,
    accessibilityNeeds: p.accessibilityNeeds,
    dietaryNeeds: p.dietaryNeeds,
    needsVisaLetter: p.needsVisaLetter,
    publishConsent: p.publishConsent,
    requestedById: p.requestedById,
    requestedAt: p.requestedAt,
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
    registeredOn: formatDateTime(r.createdAt, locale, timezone),
    isPending: r.status === RegistrationStatus.Pending,
    isWaitlisted: r.status === RegistrationStatus.Waitlisted,
    isOffered: r.status === RegistrationStatus.Offered,
    isConfirmed: r.status === RegistrationStatus.Confirmed,
    isActive: ACTIVE_STATUSES.includes(r.status) && !r.checkedInAt,
    pendingSubstitute: r.pendingSubstitute?.participantName ?? null,
    badgeUrl:
      r.status === RegistrationStatus.Confirmed ? `/api/v1/registrations/${r.id}/badge.pdf` : null,
  };
}

/**
 * What approving a pending registration would do to the regional balance of the confirmed
 * participants (Africa: 4 of 11 (36%), up from 3 of 10 (30%)); null for any other row.
 */
export function regionalBalance(
  r: Registration,
  confirmed: { byRegion: Map<string, number>; total: number },
  locale: Locale,
): string | null {
  if (r.status !== RegistrationStatus.Pending || !r.organisation) return null;
  const region = r.organisation.region;
  const before = confirmed.byRegion.get(region) ?? 0;
  const name = t(locale, `regions.${region}`);
  if (confirmed.total === 0) return t(locale, 'staff.participants.balance_first', { region: name });
  return t(locale, 'staff.participants.balance', {
    region: name,
    ...shareChange(locale, before, confirmed.total),
  });
}

/** What the participants page keeps from one link to the next: its filters and its sort. */
type ListState = Pick<
  RegistrationQueryDto,
  'status' | 'q' | 'needsVisaLetter' | 'organisationId' | 'sort' | 'dir'
>;

function listParams(state: ListState): Record<string, string | undefined> {
  return Object.fromEntries(listEntries(state));
}

function listSearch(state: ListState): string {
  const query = new URLSearchParams(
    listEntries(state).filter((e): e is [string, string] => Boolean(e[1])),
  );
  const search = query.toString();
  return search ? `?${search}` : '';
}

function listEntries(state: ListState): [string, string | undefined][] {
  return [
    ['status', state.status],
    ['q', state.q],
    [
      'needsVisaLetter',
      state.needsVisaLetter === undefined ? undefined : String(state.needsVisaLetter),
    ],
    ['organisationId', state.organisationId],
    ['sort', state.sort],
    ['dir', state.sort ? state.dir : undefined],
  ];
}

/** The link to the CSV (or XLSX) of the list as filtered and sorted on the page. */
export function participantsCsvUrl(
  consultationId: string,
  state: ListState,
  format: 'csv' | 'xlsx' = 'csv',
): string {
  return `/api/v1/consultations/${consultationId}/registrations.${format}${listSearch(state)}`;
}

const SORT_LABELS: Record<RegistrationSort, string> = {
  name: 'staff.participants.participant',
  organisation: 'staff.participants.organisation',
  status: 'staff.participants.status',
  registered: 'staff.participants.registered',
};

/** The column headers: each a link that sorts by it (the sorted one flips), with its `aria-sort`. */
function sortHeaders(base: string, state: ListState) {
  const current = state.sort ?? 'registered';
  const dir = state.dir ?? 'asc';
  return Object.fromEntries(
    REGISTRATION_SORTS.map((column) => {
      const sorted = column === current;
      const next = sorted && dir === 'asc' ? 'desc' : 'asc';
      return [
        column,
        {
          label: SORT_LABELS[column],
          url: base + listSearch({ ...state, sort: column, dir: next }),
          ariaSort: sorted ? (dir === 'asc' ? 'ascending' : 'descending') : 'none',
        },
      ];
    }),
  );
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
    ended: boolean;
    seats: Seats;
    page: Page<Registration>;
    positions: Map<string, number>;
    confirmed: { byRegion: Map<string, number>; total: number };
    own: Set<string>;
  },
  query: RegistrationQueryDto,
  locale: Locale,
) {
  const { consultation } = data;
  const base = `/staff/consultations/${consultation.id}/participants`;
  return {
    title: 'staff.participants.title',
    consultation: consultationSummary(consultation, locale, data.registrationOpen),
    seats: data.seats,
    statuses: statusOptions(query.status),
    q: query.q ?? '',
    total: data.page.total,
    csvUrl: participantsCsvUrl(consultation.id, query),
    xlsxUrl: participantsCsvUrl(consultation.id, query, 'xlsx'),
    visaOptions: ['true', 'false'].map((value) => ({
      value,
      label: value === 'true' ? 'staff.participants.visa_yes' : 'staff.participants.visa_no',
      selected: String(query.needsVisaLetter) === value,
    })),
    filterStatus: query.status ?? '',
    filterQ: query.q ?? '',
    filterVisa: query.needsVisaLetter === undefined ? '' : String(query.needsVisaLetter),
    filterOrganisationId: query.organisationId ?? '',
    sortBy: query.sort ?? '',
    sortDir: query.sort ? (query.dir ?? '') : '',
    sorts: sortHeaders(base, query),
    pager: pagerLinks(base, listParams(query), data.page),
    // A no-show is marked only after the consultation (the rule the API applies too).
    ended: data.ended,
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

export type ParticipantFormMode = 'edit' | 'substitute';

/** The edit form (the participant's details as they are) or the substitute form (a new person). */
export function participantFormModel(
  r: Registration,
  mode: ParticipantFormMode,
  locale: Locale,
  values?: Record<string, unknown>,
) {
  const current = {
    name: r.participantName,
    position: r.position,
    gender: r.gender,
    nationality: r.nationality,
    accessibilityNeeds: r.accessibilityNeeds,
    dietaryNeeds: r.dietaryNeeds,
    needsVisaLetter: String(r.needsVisaLetter),
    publishConsent: String(r.publishConsent),
  };
  const shown = values ?? (mode === 'edit' ? current : {});
  return {
    title: mode === 'edit' ? 'registrations.edit_title' : 'registrations.substitute_title',
    mode,
    isEdit: mode === 'edit',
    registration: { id: r.id, name: r.participantName, email: r.participantEmail },
    action: `/registrations/${r.id}/${mode}`,
    back: `/organisations/${r.organisationId}/delegation#registration-${r.id}`,
    genders: GENDERS.map((g) => ({ value: g, selected: g === shown.gender })),
    nationalities: countryOptions(locale, shown.nationality as string | undefined),
    form: { values: shown, errors: {} },
  };
}
