import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { OpenQuestion, UnansweredQuestions } from '../accreditation/unanswered-questions';
import { Clock } from '../common/clock';
import { remindersConfig } from '../config';
import { Transactions } from '../database/transactions';
import { claimReminder } from './reminder-claims';
import { ReminderKind } from './reminder-sent.entity';

const DAY = 86_400_000;

/**
 * A reviewer's question left unanswered is reminded after each configured delay (14, 28 and 42
 * days by default); the configured days after the last reminder (14), the request is closed
 * "without prejudice". Each step is claimed per question, so a second question starts afresh;
 * only the latest step due is sent (a job that was down does not send three reminders at once).
 */
@Injectable()
export class AccreditationReminders {
  constructor(
    private readonly transactions: Transactions,
    private readonly questions: UnansweredQuestions,
    private readonly clock: Clock,
    @Inject(remindersConfig.KEY) private readonly config: ConfigType<typeof remindersConfig>,
  ) {}

  async run(): Promise<number> {
    const steps = this.config.accreditationQuestionDays;
    const closeAfter = steps[steps.length - 1] + this.config.accreditationCloseAfterDays;
    let sent = 0;
    for (const open of await this.questions.open()) {
      const days = (this.clock.now().getTime() - open.askedAt.getTime()) / DAY;
      if (days >= closeAfter) sent += await this.step(open, steps.length + 1, true);
      else {
        const due = steps.filter((d) => days >= d).length;
        if (due > 0) sent += await this.step(open, due, false);
      }
    }
    return sent;
  }

  private step(open: OpenQuestion, number: number, close: boolean): Promise<number> {
    return this.transactions.run(async (manager) => {
      const request = await this.questions.stillOpen(manager, open);
      if (!request) return 0;
      const kind = close ? ReminderKind.AccreditationClosed : ReminderKind.AccreditationQuestion;
      const period = `${open.questionId}/${number}`;
      if (!(await claimReminder(manager, kind, request.id, period, this.clock.now()))) return 0;
      if (close) await this.questions.close(manager, request, open);
      else await this.questions.remind(manager, request, open, number);
      return 1;
    });
  }
}
