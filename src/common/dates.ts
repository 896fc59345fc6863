import { Locale } from './roles';

const LANGUAGE_TAGS: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };

/** Building an Intl.DateTimeFormat costs far more than using one: one per language, style and zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  tag: string,
  style: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${tag}|${style}|${options.timeZone}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(tag, options);
    formatters.set(key, cached);
  }
  return cached;
}

/** A date and time as people read it, in the given IANA zone (a consultation's own). */
export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return formatter(LANGUAGE_TAGS[locale], 'datetime', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return formatter(LANGUAGE_TAGS[locale], 'date', { dateStyle: 'full', timeZone }).format(date);
}

export function formatTime(date: Date, locale: Locale, timeZone: string): string {
  return formatter(LANGUAGE_TAGS[locale], 'time', { timeStyle: 'short', timeZone }).format(date);
}

/** A moment for admin and account pages, where no consultation sets the zone: shown in UTC. */
export function formatUtc(date: Date | null | undefined, locale: Locale): string {
  if (!date) return '';
  return `${formatter(LANGUAGE_TAGS[locale], 'utc', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}

/** The wall-clock reading of `date` in `timeZone`, field by field. */
export function wallClock(
  date: Date,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const parts = formatter('en-GB', 'wall', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  return Object.fromEntries(parts.map((p) => [p.type, p.value])) as Record<
    'year' | 'month' | 'day' | 'hour' | 'minute' | 'second',
    string
  >;
}

/** The value of an `<input type="datetime-local">` showing `date` in `timeZone`. */
export function toLocalInput(date: Date | null | undefined, timeZone: string): string {
  if (!date) return '';
  const p = wallClock(date, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** A `datetime-local` value read in `timeZone`, as ISO 8601 in UTC; undefined if it is not one. */
export function fromLocalInput(value: unknown, timeZone: string): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const [date, time] = value.split('T');
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  const wanted = Date.UTC(y, m - 1, d, h, min);
  const real = new Date(wanted);
  // 30 February or 25:00 is no moment at all (Date would roll it over into the next one).
  if (real.getUTCMonth() !== m - 1 || real.getUTCDate() !== d || h > 23 || min > 59)
    return undefined;
  let guess = wanted;
  try {
    for (let i = 0; i < 2; i++) {
      const p = wallClock(new Date(guess), timeZone);
      const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
      guess += wanted - shown;
    }
  } catch {
    return undefined; // not a time zone: the form's own validation says so
  }
  return new Date(guess).toISOString();
}
