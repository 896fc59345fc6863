import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Locale } from '../common/roles';
import { Translations } from '../common/translations';
import { TIMESTAMP } from '../database/column-types';
import { ConsultationSession } from './consultation-session.entity';

export enum ConsultationStatus {
  Draft = 'draft',
  Published = 'published',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

export enum Eligibility {
  ObserversOnly = 'observers_only',
  Open = 'open',
}

/** The text fields of a consultation: the original in `language`, others in `translations`. */
export const CONSULTATION_TEXT = ['title', 'theme', 'description'] as const;
export type ConsultationText = (typeof CONSULTATION_TEXT)[number];

@Entity('consultations')
@Index('IDX_consultations_status_starts', ['status', 'startsAt'])
export class Consultation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 200 })
  theme: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** The language title, theme and description (and the sessions' texts) are written in. */
  @Column({ type: 'varchar', length: 2, default: 'en' })
  language: Locale;

  @Column({ type: 'simple-json', default: '{}' })
  translations: Translations<ConsultationText>;

  @Column({ type: 'varchar', length: 200 })
  venue: string;

  @Column({ type: 'varchar', length: 100 })
  city: string;

  @Column({ type: 'varchar', length: 2 })
  country: string;

  /** IANA time zone; pages show times in it. */
  @Column({ type: 'varchar', length: 60 })
  timezone: string;

  @Column({ type: TIMESTAMP })
  startsAt: Date;

  @Column({ type: TIMESTAMP })
  endsAt: Date;

  @Column({ type: TIMESTAMP })
  registrationOpensAt: Date;

  @Column({ type: TIMESTAMP })
  registrationClosesAt: Date;

  @Column({ type: 'integer' })
  capacity: number;

  @Column({ type: 'integer' })
  perOrganisationLimit: number;

  @Column({ type: 'varchar', length: 20, default: Eligibility.ObserversOnly })
  eligibility: Eligibility;

  @Column({ type: 'boolean', default: false })
  requiresApproval: boolean;

  /** Integer minor units of fundingCurrency. */
  @Column({
    type: 'bigint',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) },
  })
  fundingBudgetMinor: number;

  @Column({ type: 'varchar', length: 3, default: 'USD' })
  fundingCurrency: string;

  @Column({ type: TIMESTAMP, nullable: true })
  fundingDeadline: Date | null;

  /** Until when participants may be edited or substituted; null means when registration closes. */
  @Column({ type: TIMESTAMP, nullable: true })
  modificationDeadline: Date | null;

  /** The calendar entry's SEQUENCE: raised each time dates, venue or agenda change. */
  @Column({ type: 'integer', default: 0 })
  calendarSequence: number;

  /** An admin has published the list of participants who consented to be named. */
  @Column({ type: 'boolean', default: false })
  participantsPublished: boolean;

  @Column({ type: 'varchar', length: 20, default: ConsultationStatus.Draft })
  status: ConsultationStatus;

  /** Seat counters, changed only by conditional updates in the registration transaction. */
  @Column({ type: 'integer', default: 0 })
  seatsConfirmed: number;

  @Column({ type: 'integer', default: 0 })
  seatsOffered: number;

  /** How many wait for a seat, and the last order number handed out (the registrations module's counters). */
  @Column({ type: 'integer', default: 0 })
  waitlistLength: number;

  @Column({ type: 'integer', default: 0 })
  waitlistNext: number;

  @OneToMany(() => ConsultationSession, (session) => session.consultation)
  sessions?: ConsultationSession[];

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
