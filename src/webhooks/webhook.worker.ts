import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DataSource, In, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { FieldCipher } from '../common/field-cipher';
import { webhooksConfig } from '../config';
import { Transactions } from '../database/transactions';
import { signatureHeader } from './signature';
import { DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';
import { SECRET_CONTEXT, WebhookEndpoint } from './webhook-endpoint.entity';
import { PostResult, postJson } from './webhook-http';
import { WebhookFailures } from './webhook-failures';

const BATCH = 20;

/**
 * Sends the deliveries, like the mail worker sends the outbox: a delivery is claimed by one worker
 * at a time (row locks with SKIP LOCKED on PostgreSQL, a conditional update on SQLite), POSTed
 * signed, and settled: a 2xx answer delivers it, anything else (an error status, a redirect, no
 * answer within WEBHOOK_TIMEOUT_MS, a refused address) retries with back-off doubling from
 * WEBHOOK_RETRY_BASE_MS up to WEBHOOK_RETRY_MAX_DELAY_MS while the endpoint stays enabled.
 * Deliveries of a disabled endpoint wait, and go when it is enabled again.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookWorker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopping = false;

  constructor(
    @Inject(webhooksConfig.KEY) private readonly config: ConfigType<typeof webhooksConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly failures: WebhookFailures,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.pollMs <= 0) return;
    this.timer = setInterval(
      () =>
        void this.drain().catch((e: unknown) =>
          this.logger.error(`webhook drain failed: ${(e as Error).message ?? String(e)}`),
        ),
      this.config.pollMs,
    );
    this.timer.unref();
  }

  /** Finishes the delivery being sent, claims nothing more, and puts back what it had claimed. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Sends everything that is due; returns how many deliveries it attempted. One drain at a time. */
  drain(): Promise<number> {
    this.running ??= this.drainAll().finally(() => (this.running = undefined));
    return this.running;
  }

  /** What was due when the drain began: a delivery retried during it waits for the next one. */
  private async drainAll(): Promise<number> {
    await this.recoverAbandoned();
    const dueBy = this.clock.now();
    let handled = 0;
    while (!this.stopping) {
      const batch = await this.claim(dueBy);
      if (!batch.length) return handled;
      for (const [index, delivery] of batch.entries()) {
        if (this.stopping) {
          await this.unclaim(batch.slice(index));
          return handled;
        }
        await this.attempt(delivery);
        handled++;
      }
    }
    return handled;
  }

  private async unclaim(deliveries: WebhookDelivery[]): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(
        WebhookDelivery,
        { id: In(deliveries.map((d) => d.id)), status: DeliveryStatus.Sending },
        { status: DeliveryStatus.Queued, claimToken: null, attempts: () => 'attempts - 1' },
      ),
    );
  }

  private async recoverAbandoned(): Promise<void> {
    const staleBefore = new Date(this.clock.now().getTime() - this.config.sendingTimeoutMs);
    await this.transactions.run((manager) =>
      manager.update(
        WebhookDelivery,
        { status: DeliveryStatus.Sending, claimedAt: LessThan(staleBefore) },
        { status: DeliveryStatus.Queued, claimToken: null },
      ),
    );
  }

  private async claim(dueBy: Date): Promise<WebhookDelivery[]> {
    const token = randomUUID();
    const now = this.clock.now();
    await this.transactions.run(async (manager) => {
      const due = manager
        .createQueryBuilder(WebhookDelivery, 'd')
        .select('d.id')
        .where('d.status = :queued', { queued: DeliveryStatus.Queued })
        .andWhere('d.nextAttemptAt <= :dueBy', { dueBy })
        .andWhere(
          `d.endpointId IN (SELECT e.id FROM webhook_endpoints e WHERE e.enabled = :enabled)`,
          { enabled: true },
        )
        .orderBy('d.createdAt', 'ASC')
        .limit(BATCH);
      if (this.transactions.onPostgres) due.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await due.getMany()).map((d) => d.id);
      if (!ids.length) return;
      await manager
        .createQueryBuilder()
        .update(WebhookDelivery)
        .set({
          status: DeliveryStatus.Sending,
          claimToken: token,
          claimedAt: now,
          attempts: () => 'attempts + 1',
        })
        .where({ id: In(ids), status: DeliveryStatus.Queued })
        .execute();
    });
    return this.dataSource.getRepository(WebhookDelivery).find({
      where: { claimToken: token, status: DeliveryStatus.Sending },
      order: { createdAt: 'ASC' },
    });
  }

  private async attempt(delivery: WebhookDelivery): Promise<void> {
    const endpoint = await this.dataSource
      .getRepository(WebhookEndpoint)
      .findOneBy({ id: delivery.endpointId });
    if (!endpoint) {
      await this.settle(delivery, { statusCode: null, durationMs: 0, error: 'endpoint deleted' });
      return;
    }
    const body = JSON.stringify(delivery.body);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    const result = await postJson(
      endpoint.url,
      {
        'Content-Type': 'application/json',
        'User-Agent': 'Convene-Webhooks/1',
        'Convene-Event': delivery.event,
        'Convene-Delivery': delivery.id,
        'Convene-Signature': signatureHeader(
          this.cipher.decrypt(endpoint.secret, SECRET_CONTEXT),
          timestamp,
          body,
        ),
      },
      body,
      { timeoutMs: this.config.timeoutMs, allowPrivate: this.config.allowPrivate },
    );
    await this.settle(delivery, result);
  }

  private async settle(delivery: WebhookDelivery, result: PostResult): Promise<void> {
    const now = this.clock.now();
    const delivered =
      result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const delay = Math.min(
      this.config.retryBaseMs * 2 ** Math.min(delivery.attempts - 1, 40),
      this.config.retryMaxDelayMs,
    );
    await this.transactions.run(async (manager) => {
      const settled = await manager.update(
        WebhookDelivery,
        { id: delivery.id, claimToken: delivery.claimToken!, status: DeliveryStatus.Sending },
        {
          status: delivered ? DeliveryStatus.Delivered : DeliveryStatus.Queued,
          claimToken: null,
          lastAttemptAt: now,
          lastStatusCode: result.statusCode,
          lastDurationMs: result.durationMs,
          lastError: delivered ? null : (result.error ?? `HTTP ${result.statusCode}`).slice(0, 300),
          ...(delivered
            ? { deliveredAt: now }
            : { nextAttemptAt: new Date(now.getTime() + delay) }),
        },
      );
      if (!settled.affected) return;
      if (delivered) await this.failures.answered(manager, delivery.endpointId);
      else await this.failures.failed(manager, delivery.endpointId, now);
    });
  }
}
