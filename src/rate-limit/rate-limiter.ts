import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { TooManyRequestsError } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { RateLimitBucket } from './rate-limit-bucket.entity';

export interface Limit {
  key: string;
  max: number;
  windowMinutes: number;
}

/**
 * Fixed-window counters kept in the database, so every app instance counts the same attempts.
 * One upsert per hit, atomic on both databases.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Throws 429 when any of the limits is already used up; counts nothing. */
  async assertAllowed(...limits: Limit[]): Promise<void> {
    const now = this.clock.now();
    const buckets = await this.dataSource
      .getRepository(RateLimitBucket)
      .createQueryBuilder('b')
      .where('b.key IN (:...keys)', { keys: limits.map((l) => l.key) })
      .getMany();
    for (const limit of limits) {
      const bucket = buckets.find((b) => b.key === limit.key);
      if (bucket && bucket.windowEndsAt > now && bucket.count >= limit.max) {
        throw new TooManyRequestsError(Math.max(1, Math.ceil((bucket.windowEndsAt.getTime() - now.getTime()) / 1000)));
      }
    }
  }

  /** Counts one attempt against each limit. */
  async hit(...limits: Limit[]): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(async (manager) => {
      for (const limit of limits) {
        const windowEndsAt = new Date(now.getTime() + limit.windowMinutes * 60_000);
        if (this.transactions.onPostgres) {
          await manager.query(
            `INSERT INTO rate_limit_buckets ("key", "count", "windowEndsAt") VALUES ($1, 1, $2)
             ON CONFLICT ("key") DO UPDATE SET
               "count" = CASE WHEN rate_limit_buckets."windowEndsAt" <= $3 THEN 1 ELSE rate_limit_buckets."count" + 1 END,
               "windowEndsAt" = CASE WHEN rate_limit_buckets."windowEndsAt" <= $3 THEN $2 ELSE rate_limit_buckets."windowEndsAt" END`,
            [limit.key, windowEndsAt, now],
          );
        } else {
          const [ends, at] = [sqliteTime(windowEndsAt), sqliteTime(now)];
          await manager.query(
            `INSERT INTO rate_limit_buckets ("key", "count", "windowEndsAt") VALUES (?, 1, ?)
             ON CONFLICT ("key") DO UPDATE SET
               "count" = CASE WHEN "windowEndsAt" <= ? THEN 1 ELSE "count" + 1 END,
               "windowEndsAt" = CASE WHEN "windowEndsAt" <= ? THEN ? ELSE "windowEndsAt" END`,
            [limit.key, ends, at, at, ends],
          );
        }
      }
    });
  }

  /** Counts an attempt and throws 429 if it went over. */
  async consume(limit: Limit): Promise<void> {
    await this.assertAllowed(limit);
    await this.hit(limit);
  }

  async reset(key: string): Promise<void> {
    await this.transactions.run((manager) => manager.delete(RateLimitBucket, { key }));
  }
}

/** TypeORM's own format for dates on SQLite, which sorts as text. */
function sqliteTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
