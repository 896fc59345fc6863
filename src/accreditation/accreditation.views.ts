import { pagerLinks } from '../common/pager';
import { formatUtc } from '../common/dates';
import { Locale } from '../common/roles';
import { countryOptions, countryName } from '../organisations/countries';
import { MembershipRole } from '../organisations/membership.entity';
import { ObserverStatus } from '../organisations/organisation.entity';
import { organisationPage } from '../organisations/organisation.views';
import { REGIONS } from '../organisations/regions';
import { DOCUMENT_KINDS, AccreditationDocument } from './accreditation-document.entity';
import {
  AccreditationEvent,
  AccreditationEventType,
  REJECTION_REASONS,
} from './accreditation-event.entity';
import { AccreditationStatus, OPEN_STATUSES } from './accreditation-request.entity';
import { MAX_DOCUMENTS } from './accreditation-documents.service';
import {
  OrganisationAccreditation,
  QueuedRequest,
  QueuePage,
  RequestDetail,
  ReviewPage,
} from './accreditation.queries';
import { ApiDecision } from './accreditation.responses';
import { QueueQueryDto } from './dto/accreditation.dto';

const DAY = 86_400_000;

const DECISION_OF: Partial<Record<AccreditationEventType, ApiDecision>> = {
  [AccreditationEventType.Approved]: 'approve',
  [AccreditationEventType.Rejected]: 'reject',
  [AccreditationEventType.InfoRequested]: 'request_info',
};

export function documentView(requestId: string, document: AccreditationDocument) {
  return {
    id: document.id,
    kind: document.kind,
    name: document.originalName,
    size: document.size,
    uploadedAt: document.createdAt.toISOString(),
    url: `/api/v1/accreditation-requests/${requestId}/documents/${document.id}`,
  };
}

function eventView(event: AccreditationEvent) {
  return {
    type: event.type,
    message: event.message,
    reasonCode: event.reasonCode,
    by: { id: event.actorId, name: event.actor?.name ?? '' },
    at: event.at.toISOString(),
  };
}

/** The request as the API shows it: the decisions (who, when, what, why) and the conversation. */
export function requestView({ request, organisation, documents, events }: RequestDetail) {
  return {
    id: request.id,
    organisationId: request.organisationId,
    organisation: {
      id: organisation.id,
      name: organisation.name,
      country: organisation.country,
      region: organisation.region,
    },
    status: request.status,
    motivation: request.motivation,
    migrationActivities: request.migrationActivities,
    submittedAt: request.submittedAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
    documents: documents.map((d) => documentView(request.id, d)),
    decisions: events
      .filter((e) => DECISION_OF[e.type])
      .map((e) => ({
        decision: DECISION_OF[e.type]!,
        reason: e.message,
        reasonCode: e.reasonCode,
        by: e.actor?.name ?? '',
        byId: e.actorId,
        at: e.at.toISOString(),
      })),
    history: events.map(eventView),
  };
}

/** One line of the review queue. */
export function queueItemView(r: QueuedRequest) {
  return {
    id: r.id,
    status: r.status,
    organisation: {
      id: r.organisation.id,
      name: r.organisation.name,
      country: r.organisation.country,
      region: r.organisation.region,
    },
    submittedAt: r.submittedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}

/** A moment on the accreditation pages, in UTC. */
/** A request as its pages show it: documents to download and the history in words. */
function requestPageView(detail: RequestDetail, locale: Locale) {
  const { request, documents, events } = detail;
  return {
    id: request.id,
    status: request.status,
    open: OPEN_STATUSES.includes(request.status),
    motivation: request.motivation,
    migrationActivities: request.migrationActivities,
    submittedAt: formatUtc(request.submittedAt, locale),
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      name: d.originalName,
      sizeKb: Math.max(1, Math.round(d.size / 1024)),
      url: `/api/v1/accreditation-requests/${request.id}/documents/${d.id}`,
    })),
    history: events.map((e) => ({
      type: e.type,
      actor: e.actor?.name ?? '',
      at: formatUtc(e.at, locale),
      datetime: e.at.toISOString(),
      message: e.message,
      reasonCode: e.reasonCode,
    })),
  };
}

/** The organisation's accreditation page: what its focal point may do next. */
export function organisationAccreditationView(data: OrganisationAccreditation, locale: Locale) {
  const { organisation, membership, requests, current } = data;
  const focalPoint = membership?.role === MembershipRole.FocalPoint;
  const detail = data.detail ? requestPageView(data.detail, locale) : null;
  return {
    title: 'accreditation.title',
    organisation: organisationPage(organisation, locale, true),
    focalPoint,
    request: detail,
    canSubmit:
      focalPoint &&
      organisation.observerStatus === ObserverStatus.None &&
      !requests.some((r) => OPEN_STATUSES.includes(r.status)),
    canUpload: focalPoint && detail?.open && detail.documents.length < MAX_DOCUMENTS,
    canRemoveDocuments: focalPoint && detail?.open,
    canRespond: focalPoint && detail?.status === AccreditationStatus.InfoRequested,
    canWithdraw: focalPoint && detail?.open,
    documentKinds: DOCUMENT_KINDS,
    maxDocuments: MAX_DOCUMENTS,
    past: requests
      .filter((r) => r !== current)
      .map((r) => ({ status: r.status, submittedAt: formatUtc(r.submittedAt, locale) })),
  };
}

/** The staff review queue, with how long each request has waited. */
export function queuePageView(data: QueuePage, query: QueueQueryDto, locale: Locale, now: Date) {
  return {
    title: 'staff.queue.title',
    statuses: Object.values(AccreditationStatus).map((s) => ({
      value: s,
      selected: s === data.status,
    })),
    countries: countryOptions(locale, query.country),
    regions: REGIONS.map((region) => ({ value: region, selected: region === query.region })),
    total: data.page.total,
    pager: pagerLinks(
      '/staff/accreditation',
      { status: query.status, country: query.country, region: query.region, q: query.q },
      data.page,
    ),
    requests: data.page.items.map((r) => ({
      id: r.id,
      organisation: r.organisation.name,
      country: countryName(r.organisation.country, locale),
      region: r.organisation.region,
      status: r.status,
      submittedAt: formatUtc(r.submittedAt, locale),
      daysWaiting: Math.floor((now.getTime() - r.submittedAt.getTime()) / DAY),
      awaitsAnotherReviewer:
        data.ownOrganisationIds.has(r.organisation.id) && OPEN_STATUSES.includes(r.status),
    })),
  };
}

/** A reviewer's page for one request: staff never decide their own organisation's. */
export function reviewPageView(data: ReviewPage, locale: Locale) {
  const waiting = data.detail.request.status === AccreditationStatus.Submitted;
  return {
    title: 'staff.review.title',
    organisation: organisationPage(data.detail.organisation, locale, true),
    request: requestPageView(data.detail, locale),
    canDecide: waiting && !data.ownOrganisation,
    awaitsAnotherReviewer: waiting && data.ownOrganisation,
    reasonCodes: REJECTION_REASONS,
  };
}
