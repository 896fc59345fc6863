import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

export enum ReminderKind {
  Due = 'due',
  Overdue = 'overdue',
}

/**
 * A reminder sent: one row per action point, kind and period (the target date for `due`, the
 * month for `overdue`), inserted in the transaction that queues its mail, so that a second
 * instance running the same job finds the row taken and sends nothing.
 */
@Entity('action_point_reminders')
@Index('UQ_action_point_reminders', ['actionPointId', 'kind', 'period'], { unique: true })
export class ActionPointReminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  actionPointId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ReminderKind;

  @Column({ type: 'varchar', length: 10 })
  period: string;

  @Column({ type: TIMESTAMP })
  sentAt: Date;
}
