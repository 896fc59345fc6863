import { formatUtc } from '../common/dates';
import { Locale } from '../common/roles';
import { Page } from '../common/page';
import { AuditLine, AuditQueryDto } from './audit.queries';

/** One event as the API answers it. */
export function auditEventView({ event, actor }: AuditLine) {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: actor ? { id: actor.id, name: actor.name, email: actor.email } : null,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
    details: event.details,
  };
}

export function auditPageView(page: Page<AuditLine>) {
  return { ...page, items: page.items.map(auditEventView) };
}

/** The admin page: the API's answer with dates and details as text. */
export function auditPageModel(page: Page<AuditLine>, query: AuditQueryDto, locale: Locale) {
  const view = auditPageView(page);
  return {
    title: 'admin.audit.title',
    entity: query.entity ?? '',
    entityId: query.entityId ?? '',
    ...view,
    events: view.items.map((e) => ({
      ...e,
      atText: formatUtc(new Date(e.at), locale),
      detailsText: JSON.stringify(e.details),
    })),
  };
}
