import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.entity';
import { AccountToken } from './account-token.entity';
import { SessionStore } from './session.store';

/** Deletes what has expired: sessions, rate-limit windows, account tokens a week past expiry. */
@Injectable()
export class Housekeeping {
  constructor(
    private readonly sessions: SessionStore,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'housekeeping', waitForCompletion: true })
  async run(): Promise<void> {
    const now = this.clock.now();
    await this.sessions.deleteExpired();
    await this.transactions.run(async (manager) => {
      await manager.delete(RateLimitBucket, { windowEndsAt: LessThan(now) });
      await manager.delete(AccountToken, {
        expiresAt: LessThan(new Date(now.getTime() - 7 * 86_400_000)),
      });
    });
  }
}
