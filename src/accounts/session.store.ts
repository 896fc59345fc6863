import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { FastifyRequest, Session } from 'fastify';
import { createHash } from 'node:crypto';
import { DataSource, In, LessThan, MoreThan, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { appConfig } from '../config';
import { Transactions } from '../database/transactions';
import { HttpSession } from './http-session.entity';
import { User } from './user.entity';

type Callback = (error?: unknown) => void;

const ANONYMOUS_LIFETIME_MS = 24 * 60 * 60 * 1000;

function key(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

/**
 * Signs the browser in: a new session id first (a session fixed before sign-in is worth nothing),
 * then who signed in, when, and the account's language.
 */
export async function startSignedInSession(
  request: FastifyRequest,
  user: Pick<User, 'id' | 'locale'>,
  now: Date,
): Promise<void> {
  await request.session.regenerate();
  request.session.userId = user.id;
  request.session.authAt = now.getTime();
  request.session.seenAt = now.getTime();
  request.session.locale = user.locale;
}

/**
 * @fastify/session's store, in the database so that every app instance sees every session and a
 * user's sessions can be ended at once. Only a hash of the session id is stored.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    this.dataSource
      .getRepository(HttpSession)
      .findOneBy({ id: key(sessionId), expiresAt: MoreThan(this.clock.now()) })
      .then((row) => callback(null, row ? (JSON.parse(row.data) as Session) : null), callback);
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const signedIn = typeof session.userId === 'string';
    const lifetime = signedIn ? this.config.sessionIdleMinutes * 60_000 : ANONYMOUS_LIFETIME_MS;
    const row = {
      id: key(sessionId),
      userId: signedIn ? session.userId! : null,
      data: JSON.stringify(session),
      expiresAt: new Date(this.clock.now().getTime() + lifetime),
    };
    this.transactions
      .run((manager) => manager.upsert(HttpSession, row, ['id']))
      .then(() => callback(), callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.transactions
      .run((manager) => manager.delete(HttpSession, { id: key(sessionId) }))
      .then(() => callback(), callback);
  }

  /** Ends every session of these users, except the one whose id is `keep` (the caller's own). */
  async destroyAllFor(
    userIds: string[],
    manager = this.dataSource.manager,
    keep?: string,
  ): Promise<void> {
    await manager.delete(HttpSession, {
      userId: In(userIds),
      ...(keep ? { id: Not(key(keep)) } : {}),
    });
  }

  async deleteExpired(): Promise<void> {
    await this.transactions.run((manager) =>
      manager.delete(HttpSession, { expiresAt: LessThan(this.clock.now()) }),
    );
  }
}
