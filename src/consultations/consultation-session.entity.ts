import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Translations } from '../common/translations';
import { TIMESTAMP, UUID } from '../database/column-types';
import { Consultation } from './consultation.entity';

/** The text fields of a session, written in its consultation's language. */
export const SESSION_TEXT = ['title', 'description'] as const;
export type SessionText = (typeof SESSION_TEXT)[number];

/** An agenda item of a consultation. */
@Entity('consultation_sessions')
export class ConsultationSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_consultation_sessions_consultation')
  @Column({ type: UUID })
  consultationId: string;

  @ManyToOne(() => Consultation, (consultation) => consultation.sessions, { onDelete: 'CASCADE' })
  consultation?: Consultation;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: TIMESTAMP })
  startsAt: Date;

  @Column({ type: TIMESTAMP })
  endsAt: Date;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'simple-json', default: '{}' })
  translations: Translations<SessionText>;
}
