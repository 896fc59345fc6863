import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Audited } from '../audit/audit.events';
import { Clock } from '../common/clock';
import { OnDomainEvent } from '../common/domain-events';
import { webhooksConfig } from '../config';
import { RegistrationEnded } from '../registrations/registration.events';
import { DeliveryStatus, WebhookBody, WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { auditedData, registrationData, webhookEventOf, WebhookEvent } from './webhook-events';

/**
 * Which events some enabled endpoint wants, as this instance last read it. The registration rush
 * calls `wanted` for every audit row, so it answers from memory, reading the endpoints again (one
 * small query, in the caller's transaction) at most every WEBHOOK_ENDPOINT_CACHE_MS. A change made
 * on this instance clears it at once; another instance sees it after at most that delay.
 */
@Injectable()
export class WebhookSubscriptions {
  private events?: Set<string>;
  private readAt = 0;

  constructor(
    @Inject(webhooksConfig.KEY) private readonly config: ConfigType<typeof webhooksConfig>,
  ) {}

  async wanted(manager: EntityManager, event: WebhookEvent): Promise<boolean> {
    if (!this.events || Date.now() - this.readAt >= this.config.endpointCacheMs) {
      const endpoints = await manager.find(WebhookEndpoint, {
        select: { id: true, events: true },
        where: { enabled: true },
      });
      this.events = new Set(endpoints.flatMap((e) => e.events));
      this.readAt = Date.now();
    }
    return this.events.has(event);
  }

  invalidate(): void {
    this.events = undefined;
  }
}

/**
 * Turns what the other modules record into deliveries: one row per enabled endpoint subscribed to
 * the event, written in the transaction of the change, so a change rolled back sends nothing and
 * a committed one is never lost. The mapping is `webhook-events.ts`'s.
 */
@Injectable()
export class WebhooksListener {
  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly clock: Clock,
  ) {}

  @OnDomainEvent(Audited)
  async audited({ manager, id, at, entry }: Audited): Promise<void> {
    const event = webhookEventOf(entry.action);
    if (!event || !(await this.subscriptions.wanted(manager, event))) return;
    await this.queue(manager, { id, event, at: at.toISOString(), data: {} }, () =>
      auditedData(manager, entry),
    );
  }

  @OnDomainEvent(RegistrationEnded)
  async ended({ manager, registration }: RegistrationEnded): Promise<void> {
    const event: WebhookEvent = 'registration.cancelled';
    if (!(await this.subscriptions.wanted(manager, event))) return;
    const at = this.clock.now().toISOString();
    await this.queue(manager, { id: randomUUID(), event, at, data: {} }, () =>
      Promise.resolve(registrationData(registration)),
    );
  }

  private async queue(
    manager: EntityManager,
    body: WebhookBody,
    data: () => Promise<Record<string, unknown>>,
  ): Promise<void> {
    const endpoints = (
      await manager.find(WebhookEndpoint, {
        select: { id: true, events: true },
        where: { enabled: true },
      })
    ).filter((endpoint) => endpoint.events.includes(body.event));
    if (!endpoints.length) return;
    const full = { ...body, data: await data() };
    const now = this.clock.now();
    await manager.insert(
      WebhookDelivery,
      endpoints.map((endpoint) => ({
        endpointId: endpoint.id,
        eventId: body.id,
        event: body.event,
        body: full as never,
        status: DeliveryStatus.Queued,
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
  }
}
