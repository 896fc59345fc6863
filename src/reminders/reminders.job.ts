import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { remindersConfig } from '../config';
import { AccreditationReminders } from './accreditation-reminders';
import { OrganisationReminders } from './organisation-reminders';
import { ParticipantReminders } from './participant-reminders';

/**
 * Every REMINDERS_INTERVAL_MS (15 minutes), every reminder that is due is queued once: each
 * claims its row in `reminders_sent` in the transaction of its mail, so a restart, a second run
 * or a second instance running at the same moment sends nothing twice. A run never overlaps the
 * previous one in the same instance.
 */
@Injectable()
export class RemindersJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersJob.name);
  private running?: Promise<number>;

  constructor(
    private readonly organisations: OrganisationReminders,
    private readonly participants: ParticipantReminders,
    private readonly accreditation: AccreditationReminders,
    private readonly scheduler: SchedulerRegistry,
    @Inject(remindersConfig.KEY) private readonly config: ConfigType<typeof remindersConfig>,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.intervalMs <= 0) return;
    const timer = setInterval(() => {
      if (this.running) return;
      void this.run().catch((e: unknown) =>
        this.logger.error(`reminders failed: ${(e as Error).message ?? String(e)}`),
      );
    }, this.config.intervalMs);
    timer.unref();
    this.scheduler.addInterval('reminders', timer);
  }

  /** Queues every reminder due now; answers how many were sent (each may mail several people). */
  run(): Promise<number> {
    this.running ??= this.runAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runAll(): Promise<number> {
    let sent = 0;
    for (const kind of [this.organisations, this.participants, this.accreditation]) {
      try {
        sent += await kind.run();
      } catch (error) {
        this.logger.error(`${kind.constructor.name} failed`, (error as Error).stack);
      }
    }
    if (sent) this.logger.log(`${sent} reminders queued`);
    return sent;
  }
}
