import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';
import { User } from './user.entity';

export enum AccountTokenPurpose {
  VerifyEmail = 'verify_email',
  ResetPassword = 'reset_password',
}

/** A single-use token sent by email; only its SHA-256 is kept. */
@Entity('account_tokens')
export class AccountToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_account_tokens_user')
  @Column({ type: UUID })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column({ type: 'varchar', length: 30 })
  purpose: AccountTokenPurpose;

  @Index('UQ_account_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: TIMESTAMP })
  expiresAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
