import { registerAs } from '@nestjs/config';
import { int, str, url } from './env';

export const mailConfig = registerAs('mail', () => ({
  smtpUrl: url('SMTP_URL', '', ['smtp:', 'smtps:']),
  from: str('MAIL_FROM', 'Convene <no-reply@convene.local>'),
  dir: str('MAIL_DIR', 'var/mail'),
  pollMs: int('MAIL_POLL_MS', 2000, 0),
  retryBaseMs: int('MAIL_RETRY_BASE_MS', 30000, 1),
  retryMaxDelayMs: int('MAIL_RETRY_MAX_DELAY_MS', 3_600_000, 1),
  retryForHours: int('MAIL_RETRY_FOR_HOURS', 120, 1, 24 * 365),
  perRecipientPerHour: int('MAIL_PER_RECIPIENT_PER_HOUR', 10, 0, 10_000),
  retentionDays: int('MAIL_RETENTION_DAYS', 90, 1, 36_500),
  sendingTimeoutMs: int('MAIL_SENDING_TIMEOUT_MS', 300000, 1000),
}));

export type MailConfig = ReturnType<typeof mailConfig>;
