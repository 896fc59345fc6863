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
import { Consultation } from '../consultations/consultation.entity';
import { TIMESTAMP, UUID } from '../database/column-types';
import { Organisation } from '../organisations/organisation.entity';

export enum RegistrationStatus {
  Pending = 'pending',
  Confirmed = 'confirmed',
  Waitlisted = 'waitlisted',
  Offered = 'offered',
  Rejected = 'rejected',
  Cancelled = 'cancelled',
  Expired = 'expired',
  /** Set by staff after the consultation for a confirmed participant who did not come; frees nothing. */
  NoShow = 'no_show',
}

/** The statuses that count against the organisation's limit and hold the participant's email. */
export const ACTIVE_STATUSES = [
  RegistrationStatus.Pending,
  RegistrationStatus.Confirmed,
  RegistrationStatus.Waitlisted,
  RegistrationStatus.Offered,
];

/** The person proposed in place of the current participant, until a reviewer decides. */
export interface PendingSubstitute {
  participantName: string;
  participantEmail: string;
  position: string;
  gender: string;
  nationality: string;
  accessibilityNeeds: string;
  dietaryNeeds: string;
  needsVisaLetter: boolean;
  publishConsent: boolean;
  requestedById: string;
  requestedAt: string;
}

export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];

@Entity('registrations')
@Index('IDX_registrations_queue', ['consultationId', 'status', 'waitlistSeq'])
@Index('IDX_registrations_organisation', ['organisationId', 'consultationId'])
@Index('IDX_registrations_by_name', ['consultationId', 'participantName', 'createdAt', 'id'])
@Index('IDX_registrations_by_date', ['consultationId', 'createdAt', 'id'])
export class Registration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  consultationId: string;

  @ManyToOne(() => Consultation, { onDelete: 'CASCADE' })
  consultation?: Consultation;

  @Column({ type: UUID })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  organisation?: Organisation;

  @Column({ type: UUID })
  registeredById: string;

  @ManyToOne(() => User)
  registeredBy?: User;

  @Column({ type: 'varchar', length: 200 })
  participantName: string;

  /** Lower-cased; one active registration per email per consultation (a partial unique index). */
  @Column({ type: 'varchar', length: 254 })
  participantEmail: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  position: string;

  @Column({ type: 'varchar', length: 20 })
  gender: Gender;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'varchar', length: 2 })
  nationality: string;

  @Column({ type: 'text', default: '' })
  accessibilityNeeds: string;

  @Column({ type: 'text', default: '' })
  dietaryNeeds: string;

  @Column({ type: 'boolean', default: false })
  needsVisaLetter: boolean;

  @Column({ type: 'boolean', default: false })
  publishConsent: boolean;

  @Column({ type: 'varchar', length: 20 })
  status: RegistrationStatus;

  /** Waiting-list order: first come, first served; staff may move an entry with a reason. */
  @Column({ type: 'double precision', nullable: true })
  waitlistSeq: number | null;

  @Column({ type: TIMESTAMP, nullable: true })
  offerExpiresAt: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  checkedInAt: Date | null;

  /**
   * Moves on each time the participant is substituted: badges, calendar entries and the
   * participant's link carry it, so the old person's ones stop working.
   */
  @Column({ type: 'integer', default: 1 })
  participantVersion: number;

  /** SHA-256 of the participant's own link token (`/my-registration?token=`); null when revoked. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  participantTokenHash: string | null;

  /** A substitution waiting for a reviewer (when the consultation requires approval), as JSON. */
  @Column({ type: 'simple-json', nullable: true })
  pendingSubstitute: PendingSubstitute | null;

  /** The form submission that created it, so a double-submitted form creates one registration. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  submissionId: string | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
