import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

export enum OutboxStatus {
  Queued = 'queued',
  Sending = 'sending',
  Sent = 'sent',
  Failed = 'failed',
}

/**
 * Who a message is written for. `notification` mail (what members' and participants' actions set
 * off) counts towards the per-recipient hourly limit and waits when it is reached; `staff` mail
 * (decisions and notices by staff or by the system) and `account` mail (verification, reset,
 * password changed) are never held back.
 */
export enum MailKind {
  Notification = 'notification',
  Staff = 'staff',
  Account = 'account',
}

@Entity('outbox_messages')
@Index('IDX_outbox_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_recipient_sent', ['recipient', 'sentAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 100 })
  template: string;

  @Column({ type: 'varchar', length: 5 })
  locale: string;

  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;

  /** Payload keys holding one-time links: replaced by "[redacted]" once the message is sent. */
  @Column({ type: 'simple-json', default: '[]' })
  secretKeys: string[];

  @Column({ type: 'varchar', length: 20, default: MailKind.Notification })
  kind: MailKind;

  @Column({ type: 'varchar', length: 10, default: OutboxStatus.Queued })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: TIMESTAMP })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  claimedAt: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  sentAt: Date | null;

  /** When the message was written or last requeued: temporary failures retry for a while from here. */
  @Column({ type: TIMESTAMP, nullable: true })
  queuedAt: Date | null;

  /** When its payload was deleted after the retention period. */
  @Column({ type: TIMESTAMP, nullable: true })
  prunedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
