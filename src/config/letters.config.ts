import { registerAs } from '@nestjs/config';
import { int } from './env';

/** Visa invitation letters: what a request must satisfy, how verification is limited. */
export const lettersConfig = registerAs('letters', () => ({
  /** The passport must stay valid this many months after the planned departure. */
  passportValidMonths: int('LETTER_PASSPORT_VALID_MONTHS', 3, 0, 24),
  /** Arrival may be at most this many days before the consultation starts. */
  windowDaysBefore: int('LETTER_WINDOW_DAYS_BEFORE', 14, 0, 365),
  /** Departure may be at most this many days after the consultation ends. */
  windowDaysAfter: int('LETTER_WINDOW_DAYS_AFTER', 14, 0, 365),
  /** Passport data is kept this many days after the consultation ends; then a letter is `expired`. */
  passportRetentionDays: int('RETENTION_PASSPORT_DAYS', 30, 1),
  /** Verification look-ups per client address per window. */
  verifyMaxPerAddress: int('LETTER_VERIFY_MAX_PER_ADDRESS', 30, 1),
  verifyWindowMinutes: int('LETTER_VERIFY_WINDOW_MINUTES', 15, 1),
}));

export type LettersConfig = ReturnType<typeof lettersConfig>;
