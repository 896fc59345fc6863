import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { InputCall } from './input-call.entity';
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
