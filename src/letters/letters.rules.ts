import { createHash, randomBytes } from 'node:crypto';
import type { FieldError } from '../common/pages';

/** The additional data each encrypted column is bound to (a value moved to another column fails). */
export const CIPHER_CONTEXT = {
  dateOfBirth: 'letter_requests.dateOfBirth',
  passportNumber: 'letter_requests.passportNumber',
  verificationCode: 'letter_requests.verificationCode',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface LetterWindow {
  passportValidMonths: number;
  windowDaysBefore: number;
  windowDaysAfter: number;
}

export interface TravelDates {
  dateOfBirth: string;
  passportExpiry: string;
  arrivalDate: string;
  departureDate: string;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The same day `months` later; the 31st of a shorter month becomes its last day. */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number);
  const last = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(date, last)))
    .toISOString()
    .slice(0, 10);
}

/**
 * What a request's dates must satisfy, each problem on its field: travel within the window around
 * the consultation, departure not before arrival, the passport valid long enough after
 * departure, a date of birth in the past. ISO day strings compare as dates.
 */
export function travelProblems(
  input: TravelDates,
  consultation: { startsAt: Date; endsAt: Date; timezone: string },
  rules: LetterWindow,
  today: string,
): Record<string, FieldError[]> {
  const problems: Record<string, FieldError[]> = {};
  const earliest = addDays(
    dayIn(consultation.startsAt, consultation.timezone),
    -rules.windowDaysBefore,
  );
  const latest = addDays(dayIn(consultation.endsAt, consultation.timezone), rules.windowDaysAfter);
  const window = { earliest, latest };
  if (input.arrivalDate < earliest || input.arrivalDate > latest)
    problems.arrivalDate = [{ key: 'errors.letter_arrival_window', params: window }];
  if (input.departureDate < earliest || input.departureDate > latest)
    problems.departureDate = [{ key: 'errors.letter_departure_window', params: window }];
  else if (input.departureDate < input.arrivalDate)
    problems.departureDate = ['errors.letter_departure_before_arrival'];
  const validUntil = addMonths(input.departureDate, rules.passportValidMonths);
  if (input.passportExpiry < validUntil)
    problems.passportExpiry = [
      {
        key: 'errors.letter_passport_expiry',
        params: { months: rules.passportValidMonths, date: validUntil },
      },
    ];
  if (input.dateOfBirth >= today || input.dateOfBirth < addMonths(today, -12 * 120))
    problems.dateOfBirth = ['errors.letter_date_of_birth'];
  return problems;
}

/**
 * A verification code: 160 random bits in Crockford base32, in groups of four for reading aloud
 * (`7KQ2-…`). Compared without dashes, spaces or case.
 */
export function newVerificationCode(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** The form a code is compared in: upper case, no separators, Crockford's look-alikes folded. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export function codeHash(code: string): string {
  return createHash('sha256').update(normaliseCode(code)).digest('hex');
}

/** A passport number as a consulate may see it: all but its last three characters hidden. */
export function maskPassportNumber(value: string): string {
  return `${'•'.repeat(Math.max(value.length - 3, 3))}${value.slice(-3)}`;
}
