import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

export enum CosignerStatus {
  Invited = 'invited',
  Confirmed = 'confirmed',
  Declined = 'declined',
}

/** An organisation named as co-signing a submission, and its focal point's answer. */
@Entity('submission_cosigners')
@Index('UQ_submission_cosigners', ['submissionId', 'organisationId'], { unique: true })
export class SubmissionCosigner {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  submissionId: string;

  @Index('IDX_submission_cosigners_organisation')
  @Column({ type: UUID })
  organisationId: string;

  @Column({ type: 'varchar', length: 20, default: CosignerStatus.Invited })
  status: CosignerStatus;

  /** When its focal points were asked to confirm (once the submission was first submitted). */
  @Column({ type: TIMESTAMP, nullable: true })
  askedAt: Date | null;

  @Column({ type: UUID, nullable: true })
  decidedById: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  decidedAt: Date | null;
}
