import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';

import { RetentionRun } from '../data-protection/retention-run.entity';
import { RetentionSteps, RetentionStepResult } from '../data-protection/retention-steps';
import { execute } from '../database/raw-sql';
import { Transactions } from '../database/transactions';

const dayOf = (at: Date) => at.toISOString().slice(0, 10);

export type RetentionCounts = Record<string, number>;

/**
 * Every day at 04:00 UTC: each registered retention step erases what is past its period, in its
 * own transaction. The run claims its day in `retention_runs` first, so with several instances one
 * does the work; the counts (never what was erased) go to one audit event.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly steps: RetentionSteps,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  @Cron('0 4 * * *', { name: 'retention', timeZone: 'UTC', waitForCompletion: true })
  async run(): Promise<RetentionCounts | null> {
    const now = this.clock.now();
    const id = randomUUID();
    const claimed = await this.transactions.run((manager) =>
      execute(
        manager,
        `INSERT INTO retention_runs (id, day, "startedAt", counts) VALUES (?, ?, ?, '{}')
         ON CONFLICT (day) DO NOTHING`,
        [id, dayOf(now), now],
      ),
    );
    if (!claimed) return null;
    return this.erase(now, id);
  }

  /** The latest runs, newest first, for the admin page. */
  recentRuns(limit = 14): Promise<RetentionRun[]> {
    return this.dataSource
      .getRepository(RetentionRun)
      .find({ order: { day: 'DESC' }, take: limit });
  }

  /** Runs every step at `now`; idempotent, so it may also run outside the daily claim. */
  async erase(now: Date, runId: string = randomUUID()): Promise<RetentionCounts> {
    const counts: RetentionCounts = {};
    for (const [name, step] of this.steps.entries()) {
      const result = await this.transactions.run(async (manager) => step(manager, now));
      const { erased, afterCommit }: RetentionStepResult =
        typeof result === 'number' ? { erased: result } : result;
      counts[name] = erased;
      await afterCommit?.();
    }
    await this.transactions.run(async (manager) => {
      await manager.update(RetentionRun, { id: runId }, { counts });
      await this.audit.record(manager, {
        actorId: null,
        action: 'retention.ran',
        entity: 'retention_run',
        entityId: runId,
        details: { day: dayOf(now), counts },
      });
    });
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    if (total) this.logger.log(`retention erased ${total} record(s): ${JSON.stringify(counts)}`);
    return counts;
  }
}
