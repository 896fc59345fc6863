import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { TIMESTAMP, UUID } from '../database/column-types';
import { Organisation } from '../organisations/organisation.entity';

export enum AccreditationStatus {
  Submitted = 'submitted',
  InfoRequested = 'info_requested',
  Approved = 'approved',
  Rejected = 'rejected',
  Withdrawn = 'withdrawn',
}

export const OPEN_STATUSES = [AccreditationStatus.Submitted, AccreditationStatus.InfoRequested];

@Entity('accreditation_requests')
@Index('IDX_accreditation_requests_status', ['status', 'submittedAt'])
export class AccreditationRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_accreditation_requests_organisation')
  @Column({ type: UUID })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  organisation?: Organisation;

  @Column({ type: UUID })
  submittedById: string;

  @ManyToOne(() => User)
  submittedBy?: User;

  @Column({ type: 'text' })
  motivation: string;

  @Column({ type: 'text' })
  migrationActivities: string;

  @Column({ type: 'varchar', length: 20 })
  status: AccreditationStatus;

  /** When it was first submitted: the review queue is oldest first. */
  @Column({ type: TIMESTAMP })
  submittedAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
