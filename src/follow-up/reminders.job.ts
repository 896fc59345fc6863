import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import { execute } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { ACTIVE_STATUSES, ActionPoint } from './action-point.entity';
import { ReminderKind } from './action-point-reminder.entity';
import { dayOf, isDueSoon, isOverdue } from './action-point.rules';
import { FollowUpNotices } from './follow-up.notices';

/**
 * Every hour: an action point within 30 days of its target date reminds its parties once (per
 * target date); one past its date with no update for 90 days is overdue and reminds them once a
 * month. Each reminder claims its row (point, kind, period) in the transaction that queues its
 * mail: a second instance, or a second run, finds it taken and sends nothing.
 */
@Injectable()
export class FollowUpReminders {
  private readonly logger = new Logger(FollowUpReminders.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly notices: FollowUpNotices,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR, { name: 'action-point-reminders', waitForCompletion: true })
  async run(): Promise<number> {
    const now = this.clock.now();
    const points = await this.dataSource.getRepository(ActionPoint).find({
      select: { id: true, status: true, targetDate: true, lastActivityAt: true },
      where: { status: In(ACTIVE_STATUSES) },
    });
    let sent = 0;
    for (const point of points) {
      if (isDueSoon(point, now))
        sent += await this.remind(point.id, ReminderKind.Due, point.targetDate!);
      else if (isOverdue(point, now))
        sent += await this.remind(point.id, ReminderKind.Overdue, dayOf(now).slice(0, 7));
    }
    if (sent) this.logger.log(`${sent} action-point reminders queued`);
    return sent;
  }

  private remind(id: string, kind: ReminderKind, period: string): Promise<number> {
    return this.transactions.run(async (manager) => {
      const claimed = await execute(
        manager,
        `INSERT INTO action_point_reminders (id, "actionPointId", kind, period, "sentAt")
         VALUES (?, ?, ?, ?, ?) ON CONFLICT ("actionPointId", kind, period) DO NOTHING`,
        [randomUUID(), id, kind, period, this.clock.now()],
      );
      if (!claimed) return 0;
      const point = await manager.findOneByOrFail(ActionPoint, { id });
      await this.notices.tell(manager, point, kind === ReminderKind.Due ? 'due' : 'overdue');
      return 1;
    });
  }
}
