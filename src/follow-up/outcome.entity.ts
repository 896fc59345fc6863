import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Locale } from '../common/roles';
import { Translations } from '../common/translations';
import { TIMESTAMP, UUID } from '../database/column-types';

export const OUTCOME_TEXT = ['summary'] as const;
export const ITEM_TEXT = ['text'] as const;

/** A conclusion of the consultation, under one of its sessions or (without one) overall. */
export interface Conclusion {
  sessionId: string | null;
  text: string;
  translations: Translations<'text'>;
}

/** A recommendation, with the written inputs (submissions) it answers. */
export interface Recommendation {
  text: string;
  submissionIds: string[];
  translations: Translations<'text'>;
}

/** What a consultation concluded and recommended: one per consultation, written by admins. */
@Entity('consultation_outcomes')
export class Outcome {
  @PrimaryColumn({ type: UUID })
  consultationId: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  /** The language of summary, conclusions and recommendations as written. */
  @Column({ type: 'varchar', length: 2, default: 'en' })
  language: Locale;

  @Column({ type: 'simple-json', default: '{}' })
  translations: Translations<'summary'>;

  @Column({ type: 'simple-json', default: '[]' })
  conclusions: Conclusion[];

  @Column({ type: 'simple-json', default: '[]' })
  recommendations: Recommendation[];

  @Column({ type: UUID, nullable: true })
  updatedById: string | null;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
