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

export enum ActionPointStatus {
  Open = 'open',
  InProgress = 'in_progress',
  Completed = 'completed',
  Discontinued = 'discontinued',
}

/** Open and in-progress points are followed up at every later consultation. */
export const ACTIVE_STATUSES = [ActionPointStatus.Open, ActionPointStatus.InProgress];

export const ACTION_POINT_TEXT = ['text'] as const;

/**
 * A commitment adopted by a consultation, followed as one record from one year to the next:
 * its updates are its history.
 */
@Entity('action_points')
@Index('UQ_action_points_reference', ['reference'], { unique: true })
@Index('IDX_action_points_consultation', ['consultationId'])
@Index('IDX_action_points_status_target', ['status', 'targetDate'])
export class ActionPoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** `2013-AP1`: the adopting consultation's year and a sequence. */
  @Column({ type: 'varchar', length: 40 })
  reference: string;

  @Column({ type: UUID })
  consultationId: string;

  /** The adopting consultation's year (by its start), kept for filters and references. */
  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 2, default: 'en' })
  language: Locale;

  @Column({ type: 'simple-json', default: '{}' })
  translations: Translations<'text'>;

  @Column({ type: 'boolean', default: false })
  responsibleHost: boolean;

  @Column({ type: 'simple-json', default: '[]' })
  responsibleOrganisationIds: string[];

  @Column({ type: 'simple-json', default: '[]' })
  themes: string[];

  /** A calendar day, `YYYY-MM-DD`, or none. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  targetDate: string | null;

  @Column({ type: 'varchar', length: 20, default: ActionPointStatus.Open })
  status: ActionPointStatus;

  /** A responsible CSO said it is done; staff confirm (completed) or refuse. */
  @Column({ type: 'boolean', default: false })
  completionProposed: boolean;

  /** The last progress update (or adoption): overdue counts from here. */
  @Column({ type: TIMESTAMP })
  lastActivityAt: Date;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
