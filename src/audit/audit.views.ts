import { formatUtc } from '../common/dates';
import { t } from '../common/i18n';
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

const DETAIL_MAX = 120;
const FILTERS = [
  'entity',
  'entityId',
  'organisationId',
  'consultationId',
  'actorId',
  'action',
  'from',
  'to',
] as const;

/** A detail's value as a short line: text and numbers as they are, anything else as compact JSON. */
function detailText(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

/** "Ana Silva approved a registration (confirmed)." from the locales; the code when none is written. */
export function auditSentence(
  action: string,
  actor: string,
  details: Record<string, unknown>,
  locale: Locale,
): string {
  const key = `audit_actions.${action.replace(/\./g, '__')}`;
  const params = Object.fromEntries(
    Object.entries(details).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
  );
  // A registration's status reads in the page's language ("confirmada"), not as its code.
  if (typeof params.status === 'string') {
    const statusKey = `registration_status.${params.status}`;
    const status = t(locale, statusKey);
    // Mid-sentence, the label's capital goes: "(confirmada)".
    if (status !== statusKey)
      params.status = status.charAt(0).toLocaleLowerCase(locale) + status.slice(1);
  }
  const sentence = t(locale, key, { ...params, actor });
  return sentence === key ? action : sentence;
}

/** The admin page: who, when, a sentence for what, its details as a short list; filters kept in the pages' links. */
export function auditPageModel(page: Page<AuditLine>, query: AuditQueryDto, locale: Locale) {
  const view = auditPageView(page);
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query[name] ?? '']));
  const link = (to: number) => {
    const search = new URLSearchParams(
      Object.entries({ ...filters, page: String(to) }).filter(([, v]) => v) as [string, string][],
    );
    return `/admin/audit?${search.toString()}`;
  };
  const pages = Math.max(1, Math.ceil(view.total / view.pageSize));
  return {
    title: 'admin.audit.title',
    ...filters,
    ...view,
    pages,
    previousUrl: view.page > 1 ? link(view.page - 1) : null,
    nextUrl: view.page < pages ? link(view.page + 1) : null,
    events: view.items.map((e) => ({
      ...e,
      atText: formatUtc(new Date(e.at), locale),
      sentence: auditSentence(
        e.action,
        e.actor?.name ?? t(locale, 'admin.audit.system_actor'),
        e.details,
        locale,
      ),
      details: Object.entries(e.details).map(([name, value]) => ({
        name,
        value: detailText(value),
      })),
    })),
  };
}
