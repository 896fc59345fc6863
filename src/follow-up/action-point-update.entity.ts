import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';
import { ActionPointStatus } from './action-point.entity';

export enum UpdateKind {
  Progress = 'progress',
  CompletionProposed = 'completion_proposed',
  CompletionConfirmed = 'completion_confirmed',
  CompletionRefused = 'completion_refused',
}

/** One line of an action point's history: progress, a status moved, a completion decided. */
@Entity('action_point_updates')
@Index('IDX_action_point_updates_point', ['actionPointId', 'at'])
export class ActionPointUpdate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  actionPointId: string;

  @Column({ type: TIMESTAMP })
  at: Date;

  @Column({ type: UUID, nullable: true })
  authorId: string | null;

  /** The responsible organisation the author wrote for; none for staff. */
  @Column({ type: UUID, nullable: true })
  organisationId: string | null;

  @Column({ type: 'varchar', length: 30, default: UpdateKind.Progress })
  kind: UpdateKind;

  @Column({ type: 'text' })
  text: string;

  /** The status this update moved the action point to. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  status: ActionPointStatus | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  link: string | null;
}
