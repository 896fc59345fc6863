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

export enum ApiTokenScope {
  /** GET, HEAD and OPTIONS only. */
  Read = 'read',
  Write = 'write',
}

export const API_TOKEN_SCOPES = Object.values(ApiTokenScope);

/** A personal API token; only its SHA-256 is kept. It ends at `expiresAt` or with a password change. */
@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_api_tokens_user')
  @Column({ type: UUID })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user?: User;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  @Index('UQ_api_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 10, default: ApiTokenScope.Write })
  scope: ApiTokenScope;

  @Column({ type: TIMESTAMP })
  expiresAt: Date;

  @Column({ type: TIMESTAMP, nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
