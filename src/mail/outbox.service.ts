import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { insertEntity } from '../database/raw-sql';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';

export interface MailRequest {
  to: string;
  template: string;
  locale: string;
  payload: Record<string, unknown>;
}

@Injectable()
export class OutboxService {
  constructor(private readonly clock: Clock) {}

  /** Queues mail in the caller's transaction: a rolled-back change sends nothing. */
  async enqueue(manager: EntityManager, mail: MailRequest): Promise<void> {
    await insertEntity(manager, OutboxMessage, {
      id: randomUUID(),
      recipient: mail.to,
      template: mail.template,
      locale: mail.locale,
      payload: mail.payload as never,
      status: OutboxStatus.Queued,
      attempts: 0,
      nextAttemptAt: this.clock.now(),
    });
  }
}
