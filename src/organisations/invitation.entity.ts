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
import { MembershipRole } from './membership.entity';
import { Organisation } from './organisation.entity';

/** An emailed invitation to join an organisation; only the token's SHA-256 is kept. */
@Entity('invitations')
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_invitations_organisation')
  @Column({ type: UUID })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  organisation?: Organisation;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 20 })
  role: MembershipRole;

  @Index('UQ_invitations_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: UUID })
  invitedById: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  invitedBy?: User;

  @Column({ type: TIMESTAMP })
  expiresAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  acceptedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
