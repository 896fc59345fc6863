import { formatUtc } from '../common/dates';
import { Page } from '../common/page';
import { Locale } from '../common/roles';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { redactPayload, secretKeysOf } from './outbox-secrets';

/** What admins see of a message: one-time links never, before or after sending. */
export function outboxView(m: OutboxMessage) {
  return {
    id: m.id,
    recipient: m.recipient,
    template: m.template,
    locale: m.locale,
    kind: m.kind,
    payload: redactPayload(m.payload, secretKeysOf(m.payload, m.secretKeys ?? [])),
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    lastError: m.lastError,
    sentAt: m.sentAt?.toISOString() ?? null,
    prunedAt: m.prunedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

export function outboxPageView(page: Page<OutboxMessage>) {
  return {
    page: page.page,
    pageSize: page.pageSize,
    total: page.total,
    items: page.items.map(outboxView),
  };
}

/** The admin page: the API's answer with dates as text and what may be requeued. */
export function outboxPageModel(
  page: Page<OutboxMessage>,
  status: OutboxStatus | undefined,
  smtp: boolean,
  locale: Locale,
  render: (m: ReturnType<typeof outboxView>) => { subject: string; text: string } | null = () =>
    null,
) {
  const view = outboxPageView(page);
  const date = (iso: string | null) => (iso ? formatUtc(new Date(iso), locale) : null);
  return {
    title: 'admin.outbox.title',
    statuses: Object.values(OutboxStatus),
    status: status ?? '',
    smtp,
    ...view,
    messages: view.items.map((m) => ({
      ...m,
      payloadText: JSON.stringify(m.payload, null, 2),
      rendered: render(m),
      createdAtText: date(m.createdAt),
      sentAtText: date(m.sentAt),
      nextAttemptAtText: date(m.nextAttemptAt),
      prunedAtText: date(m.prunedAt),
      canRequeue: m.status === OutboxStatus.Failed && !m.prunedAt,
    })),
    anyFailed: view.items.some((m) => m.status === OutboxStatus.Failed),
  };
}
