import { formatUtc } from '../common/dates';
import { Page } from '../common/page';
import { Locale } from '../common/roles';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WEBHOOK_EVENTS } from './webhook-events';
import { NewSecret } from './webhooks.service';
import {
  WebhookDeliveryResponse,
  WebhookEndpointResponse,
  WebhookSecretResponse,
} from './webhooks.responses';

/** What the API and pages show of an endpoint: never its secret. */
export function endpointView(e: WebhookEndpoint): WebhookEndpointResponse {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    enabled: e.enabled,
    failingSince: e.failingSince?.toISOString() ?? null,
    disabledForFailuresAt: e.disabledForFailuresAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  };
}

/** The one answer that carries the secret: creation and rotation. */
export function secretView({ endpoint, secret }: NewSecret): WebhookSecretResponse {
  return { ...endpointView(endpoint), secret };
}

export function deliveryView(d: WebhookDelivery): WebhookDeliveryResponse {
  return {
    id: d.id,
    eventId: d.eventId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    lastStatusCode: d.lastStatusCode,
    lastDurationMs: d.lastDurationMs,
    lastError: d.lastError,
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    createdAt: d.createdAt.toISOString(),
  };
}

export function endpointPageView(page: Page<WebhookEndpoint>) {
  return { ...page, items: page.items.map(endpointView) };
}

export function deliveryPageView(page: Page<WebhookDelivery>) {
  return { ...page, items: page.items.map(deliveryView) };
}

const dateText = (date: Date | null, locale: Locale) => (date ? formatUtc(date, locale) : null);

/** The admin page: the endpoints, the form to add one and, just after creating or rotating, the secret. */
export function webhooksPageModel(
  endpoints: WebhookEndpoint[],
  newSecret: { id: string; secret: string } | undefined,
  locale: Locale,
  chosen: string[] = [],
) {
  return {
    title: 'admin.webhooks.title',
    newSecret,
    eventChoices: WEBHOOK_EVENTS.map((value) => ({ value, checked: chosen.includes(value) })),
    endpoints: endpoints.map((e) => ({
      ...endpointView(e),
      eventsText: e.events.join(', '),
      failingSinceText: dateText(e.failingSince, locale),
      disabledForFailuresText: dateText(e.disabledForFailuresAt, locale),
      justCreated: newSecret?.id === e.id,
    })),
  };
}

/** One endpoint's delivery log, newest first. */
export function deliveriesPageModel(
  endpoint: WebhookEndpoint,
  page: Page<WebhookDelivery>,
  locale: Locale,
) {
  return {
    title: 'admin.webhooks.deliveries_title',
    endpoint: endpointView(endpoint),
    ...page,
    hasPrevious: page.page > 1,
    hasNext: page.page * page.pageSize < page.total,
    previousPage: page.page - 1,
    nextPage: page.page + 1,
    deliveries: page.items.map((d) => ({
      ...deliveryView(d),
      createdAtText: formatUtc(d.createdAt, locale),
      lastAttemptText: dateText(d.lastAttemptAt, locale),
      deliveredText: dateText(d.deliveredAt, locale),
      nextAttemptText: formatUtc(d.nextAttemptAt, locale),
    })),
  };
}
