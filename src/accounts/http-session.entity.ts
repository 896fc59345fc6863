import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

/** A browser session, kept server-side; the key is the SHA-256 of the cookie's session id. */
@Entity('http_sessions')
export class HttpSession {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Index('IDX_http_sessions_user')
  @Column({ type: UUID, nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  data: string;

  @Index('IDX_http_sessions_expires')
  @Column({ type: TIMESTAMP })
  expiresAt: Date;
}
