import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DataSource, EntityManager } from 'typeorm';
import { newSecret } from '../accounts/secrets';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/domain-error';
import { FieldCipher } from '../common/field-cipher';
import { Page } from '../common/page';
import { SignedInUser } from '../common/web';
import { webhooksConfig } from '../config';
import { Transactions } from '../database/transactions';
import { isPrivateAddress } from './address-policy';
import { CreateWebhookDto } from './dto/webhooks.dto';
import { WebhookDelivery } from './webhook-delivery.entity';
import { SECRET_CONTEXT, WebhookEndpoint } from './webhook-endpoint.entity';
import { invalidUrl, privateAddress, unresolvable } from './webhooks.errors';
import { WebhookSubscriptions } from './webhooks.listener';

export interface NewSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** Admins' endpoints: registered, listed, switched on and off, deleted, their secret rotated. */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(webhooksConfig.KEY) private readonly config: ConfigType<typeof webhooksConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly cipher: FieldCipher,
  ) {}

  /** The URL is checked on the addresses its host resolves to now (and again at every delivery). */
  async create(admin: SignedInUser, input: CreateWebhookDto): Promise<NewSecret> {
    await this.assertReachable(input.url);
    const secret = newSecret('whsec_');
    const endpoint = await this.transactions.run(async (manager) => {
      const saved = await manager.save(
        manager.create(WebhookEndpoint, {
          url: input.url,
          events: input.events,
          secret: this.cipher.encrypt(secret, SECRET_CONTEXT),
          enabled: true,
          failingSince: null,
          disabledForFailuresAt: null,
          createdById: admin.id,
        }),
      );
      await this.record(manager, admin, 'webhook.created', saved);
      return saved;
    });
    this.subscriptions.invalidate();
    return { endpoint, secret };
  }

  /** The endpoints, oldest first. */
  async list(page = 1, pageSize = 100): Promise<Page<WebhookEndpoint>> {
    const [items, total] = await this.dataSource.getRepository(WebhookEndpoint).findAndCount({
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total, page, pageSize };
  }

  async find(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.dataSource.getRepository(WebhookEndpoint).findOneBy({ id });
    if (!endpoint) throw notFound();
    return endpoint;
  }

  /** The delivery log of one endpoint, newest first. */
  async deliveries(id: string, page = 1, pageSize = 20): Promise<Page<WebhookDelivery>> {
    await this.find(id);
    const [items, total] = await this.dataSource.getRepository(WebhookDelivery).findAndCount({
      where: { endpointId: id },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total, page, pageSize };
  }

  /** Enabling starts a fresh failure period; waiting deliveries go again. */
  async setEnabled(admin: SignedInUser, id: string, enabled: boolean): Promise<WebhookEndpoint> {
    const endpoint = await this.transactions.run(async (manager) => {
      const found = await manager.findOneBy(WebhookEndpoint, { id });
      if (!found) throw notFound();
      if (found.enabled === enabled) return found;
      found.enabled = enabled;
      if (enabled) {
        found.failingSince = null;
        found.disabledForFailuresAt = null;
      }
      await manager.save(found);
      await this.record(manager, admin, enabled ? 'webhook.enabled' : 'webhook.disabled', found);
      return found;
    });
    this.subscriptions.invalidate();
    return endpoint;
  }

  async remove(admin: SignedInUser, id: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const found = await manager.findOneBy(WebhookEndpoint, { id });
      if (!found) throw notFound();
      await manager.delete(WebhookDelivery, { endpointId: id });
      await manager.delete(WebhookEndpoint, { id });
      await this.record(manager, admin, 'webhook.deleted', found);
    });
    this.subscriptions.invalidate();
  }

  /** A new secret signs every delivery from now on, retries included; the old one stops at once. */
  async rotateSecret(admin: SignedInUser, id: string): Promise<NewSecret> {
    const secret = newSecret('whsec_');
    const endpoint = await this.transactions.run(async (manager) => {
      const found = await manager.findOneBy(WebhookEndpoint, { id });
      if (!found) throw notFound();
      found.secret = this.cipher.encrypt(secret, SECRET_CONTEXT);
      await manager.save(found);
      await this.record(manager, admin, 'webhook.secret_rotated', found);
      return found;
    });
    return { endpoint, secret };
  }

  private async assertReachable(url: string): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      // e.g. an IPv6 zone id (`[fe80::1%25eth0]`), which the DTO's URL check lets through.
      throw invalidUrl();
    }
    if (this.config.allowPrivate) return;
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      if (isPrivateAddress(host)) throw privateAddress();
      return;
    }
    const addresses = await lookup(host, { all: true }).catch(() => {
      throw unresolvable();
    });
    if (!addresses.length) throw unresolvable();
    if (addresses.some((a) => isPrivateAddress(a.address))) throw privateAddress();
  }

  /** The audit row names the endpoint and its events, never its URL (it may carry a key) or secret. */
  private record(
    manager: EntityManager,
    admin: SignedInUser,
    action: string,
    endpoint: WebhookEndpoint,
  ) {
    return this.audit.record(manager, {
      actorId: admin.id,
      action,
      entity: 'webhook_endpoint',
      entityId: endpoint.id,
      details: { events: endpoint.events, enabled: endpoint.enabled },
    });
  }
}
