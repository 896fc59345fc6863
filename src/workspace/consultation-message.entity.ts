import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Consultation } from '../consultations/consultation.entity';
import { TIMESTAMP, UUID } from '../database/column-types';

export interface MessageAudience {
  statuses?: string[];
  organisationId?: string;
  needsVisaLetter?: boolean;
}

export interface MessageText {
  subject: string;
  body: string;
}

/** A message staff sent to a consultation's participants, kept as written, with its audience. */
@Entity('consultation_messages')
export class ConsultationMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_consultation_messages_consultation')
  @Column({ type: UUID })
  consultationId: string;

  @ManyToOne(() => Consultation, { onDelete: 'CASCADE' })
  consultation?: Consultation;

  @Column({ type: UUID, nullable: true })
  sentById: string | null;

  @Column({ type: 'simple-json' })
  audience: MessageAudience;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'simple-json' })
  translations: Partial<Record<'fr' | 'es', MessageText>>;

  @Column({ type: 'integer', default: 0 })
  recipientCount: number;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
