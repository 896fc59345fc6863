import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { DataSource, In, LessThan, MoreThan } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Clock } from '../common/clock';
import { Locale } from '../common/roles';
import { mailConfig } from '../config';
import { Transactions } from '../database/transactions';
import { MailAttachments } from './mail-attachments';
import { MailRenderer } from './mail.renderer';
import { MailTransport } from './mail.transport';
import { MailKind, OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { redactPayload, scrubText, secretKeysOf } from './outbox-secrets';

const BATCH = 20;
const HOUR_MS = 3_600_000;

type Settlement = Pick<OutboxMessage, 'status'> &
  Partial<Pick<OutboxMessage, 'sentAt' | 'lastError' | 'nextAttemptAt' | 'attempts' | 'payload'>>;

/**
 * Delivers the outbox. A message is claimed by one worker at a time (row locks with SKIP LOCKED on
 * PostgreSQL, a conditional update on SQLite), so several app instances never send it twice.
 * Temporary failures (refused or timed-out connections, 4xx) retry with back-off doubling up to
 * MAIL_RETRY_MAX_DELAY_MS, for MAIL_RETRY_FOR_HOURS after the message was queued; permanent ones
 * (5xx) fail at once. Notification mail past the per-recipient hourly limit waits, uncounted as an
 * attempt. Once sent, one-time links are redacted from the stored payload.
 */
@Injectable()
export class MailWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(MailWorker.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopping = false;

  constructor(
    @Inject(mailConfig.KEY) private readonly config: ConfigType<typeof mailConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly renderer: MailRenderer,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
    private readonly attachments: MailAttachments,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.pollMs > 0) {
      // Only the message: a failed query's parameters could hold a payload and its links.
      this.timer = setInterval(
        () =>
          void this.drain().catch((e: unknown) =>
            this.logger.error(`outbox drain failed: ${(e as Error).message ?? String(e)}`),
          ),
        this.config.pollMs,
      );
      this.timer.unref();
    }
  }

  /**
   * On shutdown the worker finishes the message it is sending and claims nothing more; what it had
   * claimed but not begun goes straight back to the queue for another instance or the next start.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }

  /** Sends everything that is due; returns how many messages it handled. One drain at a time. */
  drain(): Promise<number> {
    this.running ??= this.drainAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drainAll(): Promise<number> {
    await this.recoverAbandoned();
    let handled = 0;
    while (!this.stopping) {
      const batch = await this.claim();
      if (!batch.length) return handled;
      for (const [index, message] of batch.entries()) {
        if (this.stopping) {
          await this.unclaim(batch.slice(index));
          return handled;
        }
        await this.deliver(message);
        handled++;
      }
    }
    return handled;
  }

  private async unclaim(messages: OutboxMessage[]): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(
        OutboxMessage,
        { id: In(messages.map((m) => m.id)), status: OutboxStatus.Sending },
        { status: OutboxStatus.Queued, claimToken: null, attempts: () => 'attempts - 1' },
      ),
    );
  }

  /** Messages left `sending` by a worker that died go back to the queue. */
  private async recoverAbandoned(): Promise<void> {
    const staleBefore = new Date(this.clock.now().getTime() - this.config.sendingTimeoutMs);
    await this.transactions.run((manager) =>
      manager.update(
        OutboxMessage,
        { status: OutboxStatus.Sending, claimedAt: LessThan(staleBefore) },
        { status: OutboxStatus.Queued, claimToken: null },
      ),
    );
  }

  private async claim(): Promise<OutboxMessage[]> {
    const token = randomUUID();
    const now = this.clock.now();
    await this.transactions.run(async (manager) => {
      const due = manager
        .createQueryBuilder(OutboxMessage, 'm')
        .select('m.id')
        .where('m.status = :queued', { queued: OutboxStatus.Queued })
        .andWhere('m.nextAttemptAt <= :now', { now })
        .orderBy('m.createdAt', 'ASC')
        .limit(BATCH);
      if (this.transactions.onPostgres) due.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await due.getMany()).map((m) => m.id);
      if (!ids.length) return;
      await manager
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({
          status: OutboxStatus.Sending,
          claimToken: token,
          claimedAt: now,
          attempts: () => 'attempts + 1',
        })
        .where({ id: In(ids), status: OutboxStatus.Queued })
        .execute();
    });
    return this.dataSource.getRepository(OutboxMessage).find({
      where: { claimToken: token, status: OutboxStatus.Sending },
      order: { createdAt: 'ASC' },
    });
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    const deferredUntil = await this.deferredUntil(message);
    if (deferredUntil) {
      await this.settle(message, {
        status: OutboxStatus.Queued,
        nextAttemptAt: deferredUntil,
        attempts: message.attempts - 1,
      });
      return;
    }
    try {
      const rendered = this.renderer.render(message.template, message.locale, message.payload);
      await this.transport.send(message.id, {
        to: message.recipient,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId: `<${message.id}@convene>`,
        attachments: [
          ...legacyCalendarOf(message.payload),
          ...(await this.attachments.render(message.payload.attachments, message.locale as Locale)),
        ],
      });
      await this.settle(message, {
        status: OutboxStatus.Sent,
        sentAt: this.clock.now(),
        lastError: null,
        payload: redactPayload(
          message.payload,
          secretKeysOf(message.payload, message.secretKeys ?? []),
        ),
      });
    } catch (error) {
      await this.settle(message, this.afterFailure(message, error));
    }
  }

  /**
   * When a notification may go, if its recipient already had MAIL_PER_RECIPIENT_PER_HOUR of them
   * in the last hour: as soon as the oldest of those leaves the window. Several instances may each
   * send one more before they see the other's; the limit is a brake, not an exact count.
   */
  private async deferredUntil(message: OutboxMessage): Promise<Date | null> {
    const limit = this.config.perRecipientPerHour;
    if (!limit || message.kind !== MailKind.Notification) return null;
    const now = this.clock.now();
    const recent = await this.dataSource.getRepository(OutboxMessage).find({
      select: { id: true, sentAt: true },
      where: {
        recipient: message.recipient,
        kind: MailKind.Notification,
        status: OutboxStatus.Sent,
        sentAt: MoreThan(new Date(now.getTime() - HOUR_MS)),
      },
      order: { sentAt: 'DESC' },
      take: limit,
    });
    if (recent.length < limit) return null;
    return new Date(recent[limit - 1].sentAt!.getTime() + HOUR_MS);
  }

  private afterFailure(message: OutboxMessage, error: unknown): Settlement {
    const responseCode = (error as { responseCode?: number }).responseCode;
    const lastError = scrubText(
      String((error as Error).message ?? error),
      message.payload,
      message.secretKeys ?? [],
    ).slice(0, 1000);
    const permanent = typeof responseCode === 'number' && responseCode >= 500;
    const queuedAt = (message.queuedAt ?? message.createdAt).getTime();
    const retryUntil = queuedAt + this.config.retryForHours * HOUR_MS;
    const delay = Math.min(
      this.config.retryBaseMs * 2 ** Math.min(message.attempts - 1, 40),
      this.config.retryMaxDelayMs,
    );
    const nextAttemptAt = this.clock.now().getTime() + delay;
    if (permanent || nextAttemptAt > retryUntil) {
      this.logger.warn(
        `message ${message.id} failed after ${message.attempts} attempt(s)${permanent ? ` (SMTP ${responseCode})` : ''}`,
      );
      return { status: OutboxStatus.Failed, lastError };
    }
    return { status: OutboxStatus.Queued, lastError, nextAttemptAt: new Date(nextAttemptAt) };
  }

  private async settle(message: OutboxMessage, changes: Settlement): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(
        OutboxMessage,
        { id: message.id, claimToken: message.claimToken!, status: OutboxStatus.Sending },
        { ...changes, claimToken: null } as QueryDeepPartialEntity<OutboxMessage>,
      ),
    );
  }
}

/** Rows queued before attachments were rendered at send time carry the `.ics` text itself. */
function legacyCalendarOf(payload: Record<string, unknown>) {
  const ics = payload.ics;
  if (typeof ics !== 'string') return [];
  return [
    {
      filename: 'invite.ics',
      content: ics,
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    },
  ];
}
