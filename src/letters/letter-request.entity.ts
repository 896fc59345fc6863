import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';
import { Registration } from '../registrations/registration.entity';

export enum LetterStatus {
  Requested = 'requested',
  Issued = 'issued',
  Declined = 'declined',
  Revoked = 'revoked',
}

export const LETTER_STATUSES = Object.values(LetterStatus);

/**
 * A visa invitation letter asked for one registration's participant, and, once issued, the letter
 * (rendered when asked, never stored). One row is one letter: a regeneration revokes the row and
 * issues a new one (`previousId`), so every verification code ever printed keeps its own answer.
 * Date of birth, passport number and the verification code are stored encrypted (`FieldCipher`);
 * the code is found by its hash.
 */
@Entity('letter_requests')
@Index('IDX_letter_requests_registration', ['registrationId', 'createdAt'])
@Index('IDX_letter_requests_queue', ['consultationId', 'status'])
export class LetterRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  registrationId: string;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  registration?: Registration;

  @Column({ type: UUID })
  consultationId: string;

  @Column({ type: UUID })
  organisationId: string;

  /** The participant version the letter is for: a substitute never inherits it. */
  @Column({ type: 'integer' })
  participantVersion: number;

  /** The member who asked; null when the participant asked through their own link. */
  @Column({ type: UUID, nullable: true })
  requestedById: string | null;

  @Column({ type: 'varchar', length: 200 })
  passportName: string;

  /** Encrypted `YYYY-MM-DD`; null once erased. */
  @Column({ type: 'text', nullable: true })
  dateOfBirth: string | null;

  /** Encrypted; null once erased. */
  @Column({ type: 'text', nullable: true })
  passportNumber: string | null;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'varchar', length: 2 })
  nationality: string;

  @Column({ type: 'varchar', length: 10 })
  passportExpiry: string;

  @Column({ type: 'varchar', length: 100 })
  consulateCity: string;

  @Column({ type: 'varchar', length: 2 })
  consulateCountry: string;

  @Column({ type: 'varchar', length: 10 })
  arrivalDate: string;

  @Column({ type: 'varchar', length: 10 })
  departureDate: string;

  @Column({ type: 'varchar', length: 20 })
  status: LetterStatus;

  /** SHA-256 of the verification code (set when issued). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  verificationCodeHash: string | null;

  /** The code itself, encrypted: the letter prints it each time it is rendered. */
  @Column({ type: 'text', nullable: true })
  verificationCode: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  issuedAt: Date | null;

  @Column({ type: UUID, nullable: true })
  decidedById: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  decidedAt: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  revokedAt: Date | null;

  /** A decline's or revocation's reason, in words (staff's) or a code (`registration_ended`). */
  @Column({ type: 'text', default: '' })
  reason: string;

  /** The letter this one replaced (a regeneration or a corrected request). */
  @Column({ type: UUID, nullable: true })
  previousId: string | null;

  /** When the retention job erased the passport data (the letter then verifies as `expired`). */
  @Column({ type: TIMESTAMP, nullable: true })
  passportErasedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
