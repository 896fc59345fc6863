import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Cron, CronExpression } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { Brackets, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { BusinessRuleError, notFound } from '../common/domain-error';
import { mailConfig } from '../config';
import { insertEntity } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { MailTransport } from './mail.transport';
import { MailKind, OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { secretKeysOf } from './outbox-secrets';

export interface MailRequest {
  to: string;
  template: string;
  locale: string;
  payload: Record<string, unknown>;
  /** Default `notification`: counted towards, and held back by, the per-recipient limit. */
  kind?: MailKind;
  /**
   * Payload keys that hold one-time links. Any top-level string carrying a `token` query parameter
   * is treated as one anyway; name others here.
   */
  secrets?: string[];
}

const REQUEUE_CHUNK = 500;

@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
  ) {}

  /** Queues mail in the caller's transaction: a rolled-back change sends nothing. */
  async enqueue(manager: EntityManager, mail: MailRequest): Promise<void> {
    const now = this.clock.now();
    await insertEntity(manager, OutboxMessage, {
      id: randomUUID(),
      recipient: mail.to.trim().toLowerCase(),
      template: mail.template,
      locale: mail.locale,
      payload: mail.payload as never,
      secretKeys: secretKeysOf(mail.payload, mail.secrets) as never,
      kind: mail.kind ?? MailKind.Notification,
      status: OutboxStatus.Queued,
      attempts: 0,
      nextAttemptAt: now,
      queuedAt: now,
    });
  }

  /** Sends a failed message again, with a fresh retry period. */
  async requeue(adminId: string, id: string): Promise<OutboxMessage> {
    return this.transactions.run(async (manager) => {
      const message = await manager.findOneBy(OutboxMessage, { id });
      if (!message) throw notFound();
      const changed = await this.requeueIds(manager, [id]);
      if (!changed) throw new BusinessRuleError('INVALID_TRANSITION', 'errors.outbox_not_failed');
      await this.recordRequeue(manager, adminId, message);
      return manager.findOneByOrFail(OutboxMessage, { id });
    });
  }

  /** Sends every failed message again; returns how many. */
  async requeueFailed(adminId: string): Promise<number> {
    return this.transactions.run(async (manager) => {
      const failed = await manager.find(OutboxMessage, {
        select: { id: true, template: true },
        where: { status: OutboxStatus.Failed, prunedAt: IsNull() },
      });
      let count = 0;
      for (let i = 0; i < failed.length; i += REQUEUE_CHUNK) {
        count += await this.requeueIds(
          manager,
          failed.slice(i, i + REQUEUE_CHUNK).map((m) => m.id),
        );
      }
      for (const message of failed) await this.recordRequeue(manager, adminId, message);
      return count;
    });
  }

  private async requeueIds(manager: EntityManager, ids: string[]): Promise<number> {
    const now = this.clock.now();
    const result = await manager
      .createQueryBuilder()
      .update(OutboxMessage)
      .set({
        status: OutboxStatus.Queued,
        attempts: 0,
        nextAttemptAt: now,
        queuedAt: now,
        claimToken: null,
      })
      .where({ id: In(ids), status: OutboxStatus.Failed, prunedAt: IsNull() })
      .execute();
    return result.affected ?? 0;
  }

  private recordRequeue(
    manager: EntityManager,
    adminId: string,
    message: Pick<OutboxMessage, 'id' | 'template'>,
  ) {
    return this.audit.record(manager, {
      actorId: adminId,
      action: 'outbox.requeued',
      entity: 'outbox_message',
      entityId: message.id,
      details: { template: message.template },
    });
  }

  /**
   * Deletes the content of messages sent (or failed) more than MAIL_RETENTION_DAYS ago, keeping the
   * row as a record that mail went out, and the development .eml files as old. The update is
   * idempotent, so instances running it at the same time do the work once between them.
   */
  @Cron(CronExpression.EVERY_DAY_AT_3AM, {
    name: 'outbox-retention',
    timeZone: 'UTC',
    waitForCompletion: true,
  })
  async prune(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.config.retentionDays * 86_400_000);
    const pruned = await this.transactions.run(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ payload: {}, secretKeys: [], prunedAt: now })
        .where({ prunedAt: IsNull() })
        .andWhere(
          new Brackets((old) =>
            old
              .where('status = :sent AND "sentAt" < :cutoff', { sent: OutboxStatus.Sent, cutoff })
              .orWhere('status = :failed AND "queuedAt" < :cutoff', {
                failed: OutboxStatus.Failed,
                cutoff,
              }),
          ),
        )
        .execute();
      return result.affected ?? 0;
    });
    const files = await this.transport.pruneFiles(cutoff);
    if (files)
      this.logger.log(`deleted ${files} .eml file(s) older than ${this.config.retentionDays} days`);
    if (pruned)
      this.logger.log(
        `pruned the content of ${pruned} message(s) older than ${this.config.retentionDays} days`,
      );
    return pruned;
  }
}
