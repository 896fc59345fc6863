import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
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
    await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({
        recipient: mail.to,
        template: mail.template,
        locale: mail.locale,
        payload: mail.payload as never,
        status: OutboxStatus.Queued,
        attempts: 0,
        nextAttemptAt: this.clock.now(),
      })
      .updateEntity(false)
      .execute();
  }
}
