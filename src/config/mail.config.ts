import { registerAs } from '@nestjs/config';
import { int, str, url } from './env';

export const mailConfig = registerAs('mail', () => ({
  smtpUrl: url('SMTP_URL', '', ['smtp:', 'smtps:']),
  from: str('MAIL_FROM', 'Convene <no-reply@convene.local>'),
  dir: str('MAIL_DIR', 'var/mail'),
  pollMs: int('MAIL_POLL_MS', 2000, 0),
  retryBaseMs: int('MAIL_RETRY_BASE_MS', 30000, 1),
  maxAttempts: int('MAIL_MAX_ATTEMPTS', 8, 1, 50),
  sendingTimeoutMs: int('MAIL_SENDING_TIMEOUT_MS', 300000, 1000),
}));

export type MailConfig = ReturnType<typeof mailConfig>;
