import { registerAs } from '@nestjs/config';
import { ConfigError, int, str } from './env';

/** Whole days, ascending, each from 1 to 365: "14,28,42". */
function days(name: string, fallback: string): number[] {
  const value = str(name, fallback);
  const list = value.split(',').map((part) => part.trim());
  const numbers = list.map(Number);
  if (
    !list.every((part) => /^\d+$/.test(part)) ||
    numbers.some((n) => n < 1 || n > 365) ||
    numbers.some((n, i) => i > 0 && n <= numbers[i - 1])
  ) {
    throw new ConfigError(
      `${name} must be whole days from 1 to 365, ascending, separated by commas (got "${value}")`,
    );
  }
  return numbers;
}

/** Attachment kinds, letters and hyphens, separated by commas; empty for none. */
function kinds(name: string, fallback: string): string[] {
  const value = str(name, fallback);
  const list = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (!list.every((kind) => /^[a-z][a-z-]*$/.test(kind)))
    throw new ConfigError(`${name} must be attachment kinds separated by commas (got "${value}")`);
  return list;
}

export const remindersConfig = registerAs('reminders', () => ({
  intervalMs: int('REMINDERS_INTERVAL_MS', 900_000, 0),
  registrationClosingDays: int('REMINDER_REGISTRATION_CLOSING_DAYS', 3, 1, 365),
  offerExpiringHours: int('REMINDER_OFFER_EXPIRING_HOURS', 12, 1, 24 * 30),
  fundingDeadlineDays: int('REMINDER_FUNDING_DEADLINE_DAYS', 3, 1, 365),
  consultationDays: int('REMINDER_CONSULTATION_DAYS', 3, 1, 365),
  participantAttachments: kinds('REMINDER_PARTICIPANT_ATTACHMENTS', 'badge'),
  accreditationQuestionDays: days('REMINDER_ACCREDITATION_QUESTION_DAYS', '14,28,42'),
  accreditationCloseAfterDays: int('ACCREDITATION_CLOSE_AFTER_DAYS', 14, 1, 365),
}));

export type RemindersConfig = ReturnType<typeof remindersConfig>;
