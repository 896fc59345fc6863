import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { TooManyRequestsError } from '../common/domain-error';
import { execute, readDate, selectRow } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { RateLimitBucket } from './rate-limit-bucket.entity';

export interface Limit {
  key: string;
  max: number;
  windowMinutes: number;
  /** What a refusal says, when it can say more than "too many attempts". */
  messageKey?: string;
}

/**
 * Increments the bucket and answers its new count in one statement, so concurrent requests on one
 * instance or several each see a different count: only `max` of them can ever get `count <= max`.
 * The same text serves SQLite (≥ 3.35, for RETURNING) and PostgreSQL.
 */
const CLAIM = `INSERT INTO rate_limit_buckets ("key", "count", "windowEndsAt") VALUES (?, 1, ?)
  ON CONFLICT ("key") DO UPDATE SET
    "count" = CASE WHEN rate_limit_buckets."windowEndsAt" <= ? THEN 1 ELSE rate_limit_buckets."count" + 1 END,
    "windowEndsAt" = CASE WHEN rate_limit_buckets."windowEndsAt" <= ? THEN excluded."windowEndsAt" ELSE rate_limit_buckets."windowEndsAt" END
  RETURNING "count", "windowEndsAt"`;
const RELEASE =
  'UPDATE rate_limit_buckets SET "count" = "count" - 1 WHERE "key" = ? AND "count" > 0 AND "windowEndsAt" > ?';

/**
 * The stored key: a digest of what is counted, so the table holds no email or address and no key
 * outgrows its column however long the email.
 */
function bucketKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Fixed-window counters kept in the database, so every app instance counts the same attempts.
 * An attempt is claimed before it is evaluated, never checked first and counted after.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims one attempt against every limit, or throws 429 and claims none (the transaction rolls
   * back) when any of them is used up. The caller does the work only after this returns.
   */
  async consume(...limits: Limit[]): Promise<void> {
    await this.transactions.run((manager) => this.consumeIn(manager, ...limits));
  }

  /** As `consume`, inside the caller's transaction: a refusal rolls back the caller's work too. */
  async consumeIn(manager: EntityManager, ...limits: Limit[]): Promise<void> {
    const now = this.clock.now();
    let retryAfter = 0;
    let messageKey: string | undefined;
    for (const limit of limits) {
      const windowEndsAt = new Date(now.getTime() + limit.windowMinutes * 60_000);
      const row = await selectRow(manager, CLAIM, [bucketKey(limit.key), windowEndsAt, now, now]);
      if (Number(row?.count) > limit.max) {
        const endsAt = readDate(manager, row?.windowEndsAt) ?? windowEndsAt;
        retryAfter = Math.max(retryAfter, Math.ceil((endsAt.getTime() - now.getTime()) / 1000), 1);
        messageKey ??= limit.messageKey;
      }
    }
    if (retryAfter) throw new TooManyRequestsError(retryAfter, messageKey);
  }

  /** Gives back a claimed attempt that turned out not to count (a sign-in that succeeded). */
  async release(...limits: Limit[]): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(async (manager) => {
      for (const limit of limits) await execute(manager, RELEASE, [bucketKey(limit.key), now]);
    });
  }

  async reset(key: string): Promise<void> {
    await this.transactions.run((manager) =>
      manager.delete(RateLimitBucket, { key: bucketKey(key) }),
    );
  }
}
