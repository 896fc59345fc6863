import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

import { Locale, UserRole } from '../common/roles';

export { LOCALES, UserRole } from '../common/roles';
export type { Locale } from '../common/roles';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so the unique index is case-insensitive on both databases. */
  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 20, default: UserRole.Cso })
  role: UserRole;

  @Column({ type: 'varchar', length: 5, default: 'en' })
  locale: Locale;

  @Column({ type: TIMESTAMP, nullable: true })
  emailVerifiedAt: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
