import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';
import { Consultation } from './consultation.entity';

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
}
