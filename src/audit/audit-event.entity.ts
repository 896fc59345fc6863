import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

@Entity('audit_events')
@Index('IDX_audit_events_entity', ['entity', 'entityId'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID, nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Column({ type: 'varchar', length: 50 })
  entity: string;

  @Column({ type: 'varchar', length: 36 })
  entityId: string;

  @Column({ type: 'simple-json' })
  details: Record<string, unknown>;

  @Index('IDX_audit_events_at')
  @CreateDateColumn({ type: TIMESTAMP })
  at: Date;
}
