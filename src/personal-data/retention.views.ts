import { formatUtc } from '../common/dates';
import { Locale } from '../common/roles';
import { RetentionConfig } from '../config/retention.config';
import { RetentionRun } from '../data-protection/retention-run.entity';

/** The admin page's periods (as configured) and runs (counts per step, never what was erased). */
export function retentionPageView(
  config: RetentionConfig & { mailDays: number },
  steps: string[],
  runs: RetentionRun[],
  locale: Locale,
) {
  return {
    title: 'retention.title',
    periods: [
      { key: 'retention.passport', days: config.passportDays, env: 'RETENTION_PASSPORT_DAYS' },
      {
        key: 'retention.participants',
        days: config.participantDays,
        env: 'RETENTION_PARTICIPANT_DAYS',
      },
      {
        key: 'retention.accreditation_documents',
        days: config.accreditationDocumentDays,
        env: 'RETENTION_ACCREDITATION_DOCUMENT_DAYS',
      },
      { key: 'retention.mail', days: config.mailDays, env: 'MAIL_RETENTION_DAYS' },
    ],
    steps,
    runs: runs.map((run) => ({
      day: run.day,
      startedAt: formatUtc(run.startedAt, locale),
      counts: Object.entries(run.counts).map(([step, count]) => ({ step, count })),
    })),
  };
}
