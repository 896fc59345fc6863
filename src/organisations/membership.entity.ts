import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../accounts/user.entity';
import { TIMESTAMP, UUID } from '../database/column-types';
import { Organisation } from './organisation.entity';

export enum MembershipRole {
  FocalPoint = 'focal_point',
  Member = 'member',
}

@Entity('memberships')
@Index('UQ_memberships_user_organisation', ['userId', 'organisationId'], { unique: true })
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Index('IDX_memberships_organisation')
  @Column({ type: UUID })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  organisation?: Organisation;

  @Column({ type: 'varchar', length: 20 })
  role: MembershipRole;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
