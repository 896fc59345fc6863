import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EntityManager, IsNull, Not } from 'typeorm';
import { User, UserRole } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Links } from '../common/links';
import { webhooksConfig } from '../config';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookSubscriptions } from './webhooks.listener';

const DAY_MS = 86_400_000;

/**
 * An endpoint's health, in the transaction that settles each attempt: the first failure after a
 * success starts the clock, a success stops it, and WEBHOOK_DISABLE_AFTER_DAYS of failures switch
 * the endpoint off once (a conditional update, so two instances do it once between them), with an
 * audit row and a mail to every active admin through the outbox.
 */
@Injectable()
export class WebhookFailures {
  private readonly logger = new Logger(WebhookFailures.name);

  constructor(
    @Inject(webhooksConfig.KEY) private readonly config: ConfigType<typeof webhooksConfig>,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly links: Links,
    private readonly subscriptions: WebhookSubscriptions,
  ) {}

  async answered(manager: EntityManager, endpointId: string): Promise<void> {
    await manager.update(
      WebhookEndpoint,
      { id: endpointId, failingSince: Not(IsNull()) },
      { failingSince: null },
    );
  }

  async failed(manager: EntityManager, endpointId: string, now: Date): Promise<void> {
    await manager.update(
      WebhookEndpoint,
      { id: endpointId, failingSince: IsNull() },
      { failingSince: now },
    );
    const endpoint = await manager.findOneBy(WebhookEndpoint, { id: endpointId });
    if (!endpoint?.enabled || !endpoint.failingSince) return;
    if (now.getTime() - endpoint.failingSince.getTime() < this.config.disableAfterDays * DAY_MS)
      return;
    const switched = await manager.update(
      WebhookEndpoint,
      { id: endpointId, enabled: true },
      { enabled: false, disabledForFailuresAt: now },
    );
    if (!switched.affected) return;
    this.subscriptions.invalidate();
    this.logger.warn(`webhook endpoint ${endpointId} disabled after failing deliveries`);
    await this.audit.record(manager, {
      actorId: null,
      action: 'webhook.disabled_for_failures',
      entity: 'webhook_endpoint',
      entityId: endpointId,
      details: { failingSince: endpoint.failingSince.toISOString() },
    });
    await this.tellAdmins(manager, endpoint);
  }

  private async tellAdmins(manager: EntityManager, endpoint: WebhookEndpoint): Promise<void> {
    const admins = await manager.find(User, {
      where: { role: UserRole.Admin, disabledAt: IsNull() },
    });
    const target = new URL(endpoint.url);
    for (const admin of admins)
      await this.outbox.enqueue(manager, {
        to: admin.email,
        template: 'webhook-disabled',
        locale: admin.locale,
        kind: MailKind.Staff,
        payload: {
          name: admin.name,
          endpoint: `${target.origin}${target.pathname}`,
          days: this.config.disableAfterDays,
          pageUrl: this.links.to(`/admin/webhooks/${endpoint.id}`),
        },
      });
  }
}
