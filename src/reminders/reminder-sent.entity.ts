import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

export enum ReminderKind {
  RegistrationClosing = 'registration_closing',
  OfferExpiring = 'offer_expiring',
  FundingDeadline = 'funding_deadline',
  ConsultationSoon = 'consultation_soon',
  AccreditationQuestion = 'accreditation_question',
  AccreditationClosed = 'accreditation_closed',
}

/**
 * A reminder sent: one row per kind, subject (a consultation, registration or accreditation request)
 * and period (the deadline it reminds of, so a moved deadline reminds again), inserted in the
 * transaction that queues its mail: a second instance, or a second run, finds it taken.
 */
@Entity('reminders_sent')
@Index('UQ_reminders_sent', ['kind', 'subjectId', 'period'], { unique: true })
export class ReminderSent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 40 })
  kind: ReminderKind;

  @Column({ type: UUID })
  subjectId: string;

  @Column({ type: 'varchar', length: 80 })
  period: string;

  @Column({ type: TIMESTAMP })
  sentAt: Date;
}
