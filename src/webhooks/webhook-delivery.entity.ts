import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

export enum DeliveryStatus {
  Queued = 'queued',
  Sending = 'sending',
  Delivered = 'delivered',
}

/** The body every delivery POSTs: the event's id (one per audited change), name, time and ids. */
export interface WebhookBody {
  id: string;
  event: string;
  at: string;
  data: Record<string, unknown>;
}

/**
 * One event for one endpoint, written in the transaction of the change it reports (so never
 * lost, and nothing for a change rolled back), then sent by the worker until the receiver
 * answers 2xx. The unique index makes one event reach one endpoint in one row only.
 */
@Entity('webhook_deliveries')
@Index('UQ_webhook_deliveries_endpoint_event', ['endpointId', 'eventId'], { unique: true })
@Index('IDX_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('IDX_webhook_deliveries_endpoint', ['endpointId', 'createdAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  endpointId: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 50 })
  event: string;

  @Column({ type: 'simple-json' })
  body: WebhookBody;

  @Column({ type: 'varchar', length: 10, default: DeliveryStatus.Queued })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: TIMESTAMP })
  nextAttemptAt: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  claimedAt: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  lastAttemptAt: Date | null;

  /** The receiver's HTTP status at the last attempt; null when no answer came. */
  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'integer', nullable: true })
  lastDurationMs: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
