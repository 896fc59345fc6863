import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Locale } from '../common/roles';
import { Translations } from '../common/translations';
import { TIMESTAMP, UUID } from '../database/column-types';

/** Who may answer a call: observer organisations, those registered for the consultation, anyone. */
export enum CallEligibility {
  Observers = 'observers',
  Registered = 'registered',
  Any = 'any',
}
export const CALL_ELIGIBILITIES = Object.values(CallEligibility);

/** The text fields of a call: the original in `language`, others in `translations`. */
export const CALL_TEXT = ['title', 'guidance'] as const;
export type CallText = (typeof CALL_TEXT)[number];

/** A consultation's call for written input, optionally about one session of its agenda. */
@Entity('input_calls')
@Index('IDX_input_calls_consultation', ['consultationId', 'opensAt'])
export class InputCall {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  consultationId: string;

  @Column({ type: UUID, nullable: true })
  sessionId: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', default: '' })
  guidance: string;

  @Column({ type: 'varchar', length: 2, default: 'en' })
  language: Locale;

  @Column({ type: 'simple-json', default: '{}' })
  translations: Translations<CallText>;

  @Column({ type: TIMESTAMP })
  opensAt: Date;

  @Column({ type: TIMESTAMP })
  closesAt: Date;

  @Column({ type: 'integer' })
  wordLimit: number;

  @Column({ type: 'varchar', length: 20, default: CallEligibility.Observers })
  eligibility: CallEligibility;

  /** How many submissions an organisation may have counted (submitted, returned, published). */
  @Column({ type: 'integer', default: 1 })
  perOrganisation: number;

  @Column({ type: 'boolean', default: false })
  allowAttachment: boolean;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
