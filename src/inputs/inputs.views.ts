import { formatDate, formatDateTime } from '../common/dates';
import { Page } from '../common/page';
import { Locale } from '../common/roles';
import { localisedFields } from '../common/translations';
import { SESSION_TEXT } from '../consultations/consultation-session.entity';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTextFields } from '../consultations/consultation.views';
import {
  ObserverStatus,
  Organisation,
  ORGANISATION_TYPES,
  THEMATIC_AREAS,
} from '../organisations/organisation.entity';
import { REGIONS } from '../organisations/regions';
import { CALL_TEXT, InputCall } from './input-call.entity';
import { Submission, SUBMISSION_LANGUAGES } from './submission.entity';
import {
  CosignerResponse,
  InputCallResponse,
  SubmissionOrganisationResponse,
  SubmissionResponse,
  SubmissionSummaryResponse,
} from './inputs.responses';
import { SubmissionDetail, SubmissionRow } from './inputs.queries';
import { CosignerStatus } from './submission-cosigner.entity';
import { countWords } from './word-count';

export function callView(call: InputCall, now: Date): InputCallResponse {
  return {
    id: call.id,
    consultationId: call.consultationId,
    sessionId: call.sessionId,
    title: call.title,
    guidance: call.guidance,
    language: call.language,
    translations: call.translations ?? {},
    opensAt: call.opensAt.toISOString(),
    closesAt: call.closesAt.toISOString(),
    open: call.opensAt <= now && now < call.closesAt,
    wordLimit: call.wordLimit,
    eligibility: call.eligibility,
    perOrganisation: call.perOrganisation,
    allowAttachment: call.allowAttachment,
  };
}

export function organisationView(o: Organisation): SubmissionOrganisationResponse {
  return {
    id: o.id,
    name: o.name,
    acronym: o.acronym ?? null,
    country: o.country,
    region: o.region,
    type: o.type,
    observer: o.observerStatus === ObserverStatus.Observer,
  };
}

/**
 * The co-signers a reader sees: the confirmed ones, organisations with observer status first
 * (UNFCCC's practice: admitted organisations, then "also on behalf of"), each group by name.
 * The submitting organisation and staff see every invitation and its answer.
 */
export function cosignersView(detail: SubmissionDetail, all: boolean): CosignerResponse[] {
  return detail.cosigners
    .filter(({ row }) => all || row.status === CosignerStatus.Confirmed)
    .map(({ row, organisation }) => ({
      organisationId: organisation.id,
      name: organisation.name,
      observer: organisation.observerStatus === ObserverStatus.Observer,
      status: row.status,
    }))
    .sort((a, b) => Number(b.observer) - Number(a.observer) || a.name.localeCompare(b.name));
}

export function submissionView(
  detail: SubmissionDetail,
  seesAll: boolean,
  link: (path: string) => string,
): SubmissionResponse {
  const s = detail.submission;
  return {
    id: s.id,
    callId: s.callId,
    consultationId: s.consultationId,
    sessionId: s.sessionId,
    organisation: organisationView(detail.organisation),
    title: s.title,
    body: s.body,
    wordCount: countWords(s.body),
    language: s.language,
    themes: s.themes,
    status: s.status,
    reason: seesAll ? s.reason : null,
    cosigners: cosignersView(detail, seesAll),
    attachment:
      s.attachmentStoredName && s.attachmentName
        ? {
            name: s.attachmentName,
            size: s.attachmentSize ?? 0,
            url: link(`/api/v1/submissions/${s.id}/attachment`),
          }
        : null,
    submittedAt: s.submittedAt?.toISOString() ?? null,
    publishedAt: s.publishedAt?.toISOString() ?? null,
    url: link(`/inputs/${s.id}`),
  };
}

export function excerptOf(body: string, max = 300): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export function summaryView(
  { submission: s, organisation }: SubmissionRow,
  link: (path: string) => string,
): SubmissionSummaryResponse {
  return {
    id: s.id,
    callId: s.callId,
    consultationId: s.consultationId,
    organisation: organisationView(organisation),
    title: s.title,
    excerpt: excerptOf(s.body),
    language: s.language,
    themes: s.themes,
    status: s.status,
    publishedAt: s.publishedAt?.toISOString() ?? null,
    url: link(`/inputs/${s.id}`),
  };
}

/** Times as a page shows them: in the consultation's zone, in the reader's language. */
export function callPageView(
  call: InputCall,
  consultation: Consultation,
  locale: Locale,
  now: Date,
) {
  const tz = consultation.timezone;
  const session = consultation.sessions?.find((s) => s.id === call.sessionId);
  return {
    id: call.id,
    ...localisedFields(call, CALL_TEXT, locale),
    session: session
      ? localisedFields({ ...session, language: consultation.language }, SESSION_TEXT, locale)
      : null,
    opensAt: formatDateTime(call.opensAt, locale, tz),
    closesAt: formatDateTime(call.closesAt, locale, tz),
    state: now < call.opensAt ? 'not_open_yet' : now < call.closesAt ? 'open' : 'closed',
    open: call.opensAt <= now && now < call.closesAt,
    wordLimit: call.wordLimit,
    eligibility: call.eligibility,
    allowAttachment: call.allowAttachment,
  };
}

export function callsPageView(
  consultation: Consultation,
  calls: InputCall[],
  memberOf: number,
  locale: Locale,
  now: Date,
) {
  return {
    title: 'inputs.calls_title',
    consultation: { id: consultation.id, ...consultationTextFields(consultation, locale) },
    calls: calls.map((call) => callPageView(call, consultation, locale, now)),
    canSubmit: memberOf > 0,
  };
}

export function submissionFormView(
  call: InputCall,
  consultation: Consultation,
  choices: { organisations: Organisation[]; cosigners: Organisation[] },
  locale: Locale,
  now: Date,
  editing?: Submission,
) {
  return {
    title: editing ? 'inputs.edit_title' : 'inputs.submit_title',
    call: callPageView(call, consultation, locale, now),
    consultation: { id: consultation.id, ...consultationTextFields(consultation, locale) },
    action: editing ? `/inputs/${editing.id}/edit` : `/input-calls/${call.id}/submissions`,
    editing: Boolean(editing),
    organisations: choices.organisations.map((o) => ({ id: o.id, name: o.name })),
    cosigners: choices.cosigners.map((o) => ({ id: o.id, name: o.name })),
    submissionLanguages: SUBMISSION_LANGUAGES,
    themes: THEMATIC_AREAS,
  };
}

/** The values an edit form starts with: the submission as it is. */
export function submissionFormValues(detail: SubmissionDetail) {
  const s = detail.submission;
  return {
    title: s.title,
    body: s.body,
    language: s.language,
    themes: s.themes,
    cosignerOrganisationIds: detail.cosigners.map((c) => c.organisation.id),
  };
}

export function submissionPageView(
  detail: SubmissionDetail,
  staff: boolean,
  locale: Locale,
  link: (path: string) => string,
  now: Date,
) {
  const s = detail.submission;
  const seesAll = detail.own || staff;
  const cosigners = cosignersView(detail, seesAll);
  const open = now < detail.call.closesAt;
  const editable = detail.own && open && ['draft', 'returned'].includes(s.status);
  return {
    title: s.title,
    submission: {
      id: s.id,
      title: s.title,
      body: s.body,
      language: s.language,
      textLang: s.language === 'other' ? '' : s.language,
      themes: s.themes,
      status: s.status,
      reason: seesAll ? s.reason : null,
      // A date of record, the same here as in the archive (UTC), not a time at the venue.
      publishedAt: s.publishedAt ? formatDate(s.publishedAt, locale, 'UTC') : null,
      attachment: s.attachmentStoredName ? { name: s.attachmentName } : null,
    },
    organisation: organisationView(detail.organisation),
    consultation: {
      id: detail.consultation.id,
      ...consultationTextFields(detail.consultation, locale),
    },
    call: callPageView(detail.call, detail.consultation, locale, now),
    observersCosigning: cosigners.filter((c) => c.status === 'confirmed' && c.observer),
    othersCosigning: cosigners.filter((c) => c.status === 'confirmed' && !c.observer),
    invitations: seesAll ? cosigners : [],
    citation: link(`/inputs/${s.id}`),
    own: detail.own,
    canEdit: editable,
    canSubmit: editable,
    canAttach: editable && detail.call.allowAttachment,
    canWithdraw: detail.own && ['draft', 'submitted', 'returned'].includes(s.status),
    cosignable: detail.cosigners
      .filter(({ organisation }) => detail.cosignable.includes(organisation.id))
      .map(({ organisation }) => ({ id: organisation.id, name: organisation.name })),
  };
}

export function archivePageView(
  page: Page<SubmissionRow>,
  query: Record<string, unknown>,
  locale: Locale,
) {
  const params = new URLSearchParams(
    Object.entries(query).filter(([k, v]) => typeof v === 'string' && v && k !== 'page') as [
      string,
      string,
    ][],
  );
  const pageLink = (n: number) => {
    const p = new URLSearchParams(params);
    p.set('page', String(n));
    return `/inputs?${p.toString()}`;
  };
  const last = Math.max(1, Math.ceil(page.total / page.pageSize));
  return {
    title: 'inputs.archive_title',
    results: page.items.map(({ submission: s, organisation }) => ({
      id: s.id,
      title: s.title,
      textLang: s.language === 'other' ? '' : s.language,
      excerpt: excerptOf(s.body),
      organisation: organisation.name,
      status: s.status,
      publishedAt: s.publishedAt ? formatDate(s.publishedAt, locale, 'UTC') : null,
    })),
    total: page.total,
    page: page.page,
    previous: page.page > 1 ? pageLink(page.page - 1) : null,
    next: page.page < last ? pageLink(page.page + 1) : null,
    themes: THEMATIC_AREAS,
    regions: REGIONS,
    types: ORGANISATION_TYPES,
    submissionLanguages: SUBMISSION_LANGUAGES,
  };
}

export function queuePageView(consultation: Consultation, rows: SubmissionRow[], locale: Locale) {
  const heading = consultationTextFields(consultation, locale);
  return {
    title: 'inputs.staff_link',
    subject: heading.title,
    heading,
    consultationId: consultation.id,
    items: rows.map(({ submission: s, organisation }) => ({
      id: s.id,
      title: s.title,
      organisation: organisation.name,
      status: s.status,
      waiting: s.status === 'submitted',
      submittedAt: s.submittedAt
        ? formatDateTime(s.submittedAt, locale, consultation.timezone)
        : '',
    })),
  };
}
