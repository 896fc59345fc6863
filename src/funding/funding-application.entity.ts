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
import { Priority } from './priority';

export enum FundingStatus {
  Submitted = 'submitted',
  Awarded = 'awarded',
  Declined = 'declined',
  Withdrawn = 'withdrawn',
  Released = 'released',
}

export const COST_KINDS = ['airfare', 'accommodation', 'per_diem', 'visa', 'other'] as const;
export type CostKind = (typeof COST_KINDS)[number];

export interface CostLine {
  kind: CostKind;
  /** Minor units. */
  amount: number;
}

const bigint = {
  to: (v: number | null) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};

@Entity('funding_applications')
@Index('IDX_funding_applications_consultation', ['consultationId', 'status'])
export class FundingApplication {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_funding_applications_registration', { unique: true })
  @Column({ type: UUID })
  registrationId: string;

  @ManyToOne(() => Registration, { onDelete: 'CASCADE' })
  registration?: Registration;

  @Column({ type: UUID })
  consultationId: string;

  @Column({ type: UUID })
  organisationId: string;

  @Column({ type: UUID })
  appliedById: string;

  @Column({ type: 'simple-json' })
  lines: CostLine[];

  @Column({ type: 'bigint', transformer: bigint })
  requestedMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 100 })
  departureCity: string;

  @Column({ type: 'varchar', length: 2 })
  departureCountry: string;

  @Column({ type: 'text' })
  justification: string;

  @Column({ type: 'boolean', default: true })
  couldAttendWithout: boolean;

  @Column({ type: 'varchar', length: 20 })
  status: FundingStatus;

  @Column({ type: 'bigint', nullable: true, transformer: bigint })
  awardedMinor: number | null;

  @Column({ type: 'text', default: '' })
  decisionReason: string;

  /** The score and its reasons (codes and parameters) when the application was submitted. */
  @Column({ type: 'simple-json', nullable: true })
  priorityAtSubmission: Priority | null;

  /** The score and its reasons when it was awarded or declined: what the decision was based on. */
  @Column({ type: 'simple-json', nullable: true })
  priorityAtDecision: Priority | null;

  @Column({ type: UUID, nullable: true })
  decidedById: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
