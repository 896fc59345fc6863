import { Organisation } from '../organisations/organisation.entity';
import { AccreditationRequest } from './accreditation-request.entity';
import { AccreditationDocument } from './accreditation-document.entity';
import { AccreditationEvent, AccreditationEventType } from './accreditation-event.entity';
import { ApiDecision } from './accreditation.responses';
import { RequestDetail } from './accreditation.service';

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
export function queueItemView(r: AccreditationRequest & { organisation: Organisation }) {
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
