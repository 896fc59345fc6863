import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

/**
 * A receiver the host's other systems run (a pass office, a travel desk). The secret signs every
 * delivery, so it is kept as it is (a hash could not sign): only admins' API and pages reach this
 * table, and neither ever shows it again after creation or rotation.
 */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'simple-json' })
  events: string[];

  /** The signing secret, encrypted at rest with the field cipher (`SECRET_CONTEXT`). */
  @Column({ type: 'varchar', length: 400 })
  secret: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** The first failed delivery since the last one that succeeded; null while it answers. */
  @Column({ type: TIMESTAMP, nullable: true })
  failingSince: Date | null;

  /** Set when deliveries failed for WEBHOOK_DISABLE_AFTER_DAYS and the endpoint was switched off. */
  @Column({ type: TIMESTAMP, nullable: true })
  disabledForFailuresAt: Date | null;

  @Column({ type: UUID, nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}

/** What binds an encrypted secret to its column, so a value moved to another column fails. */
export const SECRET_CONTEXT = 'webhook_endpoints.secret';
