import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/**
 * One row per day the retention job ran: the instance that inserts it does the day's work, a
 * second instance finds it taken. `counts` says how many records each step erased.
 */
@Entity('retention_runs')
export class RetentionRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_retention_runs_day', { unique: true })
  @Column({ type: 'varchar', length: 10 })
  day: string;

  @Column({ type: TIMESTAMP })
  startedAt: Date;

  @Column({ type: 'simple-json', default: '{}' })
  counts: Record<string, number>;
}
