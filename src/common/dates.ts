import { LANGUAGE_TAGS, Locale } from './roles';

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

/*
 * One style per language on every page and mail: "1 September 2027", "1er septembre 2027",
 * "1 de septiembre de 2027"; times on the 24-hour clock ("09:00"); a moment is its date and time
 * followed by its zone's name (zoneName), which reads the same in all three languages.
 */
const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** Intl's parts, with French "1er" for the first day of a month. */
function written(date: Date, locale: Locale, style: string, options: Intl.DateTimeFormatOptions) {
  return formatter(LANGUAGE_TAGS[locale], style, options)
    .formatToParts(date)
    .map((part) =>
      locale === 'fr' && part.type === 'day' && part.value === '1' ? '1er' : part.value,
    )
    .join('');
}

/** A day as people read it, in the given IANA zone (a consultation's own): "13 September 2027". */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return written(date, locale, 'date', { ...DATE, timeZone });
}

/** The same date with its weekday, for an agenda's day headings: "Monday, 13 September 2027". */
export function formatDay(date: Date, locale: Locale, timeZone: string): string {
  return written(date, locale, 'day', { weekday: 'long', ...DATE, timeZone });
}

/** A time of day on the 24-hour clock: "09:00". */
export function formatTime(date: Date, locale: Locale, timeZone: string): string {
  return written(date, locale, 'time', { ...TIME, timeZone });
}

/** A moment with its zone: "13 September 2027 at 09:00 UTC+02:00 (Zurich)". */
export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return `${written(date, locale, 'datetime', { ...DATE, ...TIME, timeZone })} ${zoneName(timeZone, date)}`;
}

/** A moment for admin and account pages, where no consultation sets the zone: shown in UTC. */
export function formatUtc(date: Date | null | undefined, locale: Locale): string {
  return date ? formatDateTime(date, locale, 'UTC') : '';
}

const IANA_AREAS = new Set([
  'Africa',
  'America',
  'Antarctica',
  'Arctic',
  'Asia',
  'Atlantic',
  'Australia',
  'Europe',
  'Indian',
  'Pacific',
]);

/** The city an IANA zone is named after ("Zurich", "New York", "San Luis"), if it has one. */
function zoneCity(timeZone: string): string | undefined {
  const named = (id: string) => IANA_AREAS.has(id.split('/')[0]) && id.includes('/');
  // Old names ("US/Eastern", "Japan") become the zone they link to, which names a city.
  const id = named(timeZone)
    ? timeZone
    : new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  return named(id) ? id.split('/').pop()!.replace(/_/g, ' ') : undefined;
}

/**
 * A time zone as every language names it: its offset from UTC at `at`, then the city the zone
 * is named after: "UTC+02:00 (Zurich)", "UTC-05:00 (Bogota)", "UTC+05:45 (Kathmandu)"; "UTC"
 * for UTC itself. Localised zone names are uneven ("CEST" in English, "UTC+2" in French, "heure :
 * Maroc"), and an offset with a city reads the same in English, French and Spanish for any zone.
 */
export function zoneName(timeZone: string, at: Date): string {
  const p = wallClock(at, timeZone);
  const shown = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  const minutes = Math.round((shown - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const city = zoneCity(timeZone);
  if (minutes === 0 && !city) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
  const mm = String(Math.abs(minutes) % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}${city ? ` (${city})` : ''}`;
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
