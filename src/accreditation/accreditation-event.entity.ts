import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { TIMESTAMP, UUID } from '../database/column-types';
import { AccreditationRequest } from './accreditation-request.entity';

export enum AccreditationEventType {
  Submitted = 'submitted',
  InfoRequested = 'info_requested',
  Responded = 'responded',
  Approved = 'approved',
  Rejected = 'rejected',
  Withdrawn = 'withdrawn',
  DocumentAdded = 'document_added',
  DocumentRemoved = 'document_removed',
}

export const REJECTION_REASONS = [
  'not_civil_society',
  'no_migration_work',
  'insufficient_documents',
  'not_independent',
  'other',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** The request's history and conversation: every submission, question, answer and decision. */
@Entity('accreditation_events')
export class AccreditationEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_accreditation_events_request')
  @Column({ type: UUID })
  requestId: string;

  @ManyToOne(() => AccreditationRequest, { onDelete: 'CASCADE' })
  request?: AccreditationRequest;

  @Column({ type: UUID })
  actorId: string;

  @ManyToOne(() => User)
  actor?: User;

  @Column({ type: 'varchar', length: 20 })
  type: AccreditationEventType;

  @Column({ type: 'text', default: '' })
  message: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  reasonCode: RejectionReason | null;

  @CreateDateColumn({ type: TIMESTAMP })
  at: Date;
}
