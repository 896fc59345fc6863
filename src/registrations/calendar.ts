import { wallClock } from '../common/dates';

/**
 * An iCalendar invitation (RFC 5545) in the consultation's own time zone. Written here rather than
 * with a library because the usual one (`ics`) only emits UTC or floating times; a VTIMEZONE with
 * the zone's offset on the day makes TZID valid for every calendar client.
 */
export interface CalendarEvent {
  uid: string;
  title: string;
  /** The language of the title and of the description (RFC 5545 LANGUAGE), when known. */
  titleLanguage?: string;
  description: string;
  descriptionLanguage?: string;
  location: string;
  url: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  stamp: Date;
  sequence?: number;
  cancelled?: boolean;
}

function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets continue on the next line after a space. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const char of line) {
    if (Buffer.byteLength(current + char, 'utf8') > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
    }
    current += char;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The wall-clock time in `timeZone`, as iCalendar's local form 20270913T090000. */
function localStamp(date: Date, timeZone: string): string {
  const p = wallClock(date, timeZone);
  return `${p.year}${p.month}${p.day}T${p.hour}${p.minute}${p.second}`;
}

/** The zone's offset from UTC at `date`, as +0200. */
export function offsetAt(date: Date, timeZone: string): string {
  const local = localStamp(date, timeZone);
  const asUtc = Date.UTC(
    +local.slice(0, 4),
    +local.slice(4, 6) - 1,
    +local.slice(6, 8),
    +local.slice(9, 11),
    +local.slice(11, 13),
    +local.slice(13, 15),
  );
  const minutes = Math.round((asUtc - date.getTime()) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** A LANGUAGE parameter (a language tag: letters, digits and hyphens only), or none. */
function language(tag: string | undefined): string {
  return tag && /^[A-Za-z0-9-]+$/.test(tag) ? `;LANGUAGE=${tag}` : '';
}

/**
 * A calendar entry belongs to a participant: the registration's first participant keeps the UID
 * entries were always sent with; a substitute's entry is a new one.
 */
export function calendarUid(registrationId: string, participantVersion = 1): string {
  return participantVersion > 1
    ? `registration-${registrationId}-v${participantVersion}@convene`
    : `registration-${registrationId}@convene`;
}

export function calendarInvite(event: CalendarEvent): string {
  const offset = offsetAt(event.startsAt, event.timeZone);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Convene//Consultations//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.cancelled ? 'CANCEL' : 'PUBLISH'}`,
    'BEGIN:VTIMEZONE',
    `TZID:${event.timeZone}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    'END:STANDARD',
    'END:VTIMEZONE',
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    `SEQUENCE:${event.sequence ?? 0}`,
    `DTSTART;TZID=${event.timeZone}:${localStamp(event.startsAt, event.timeZone)}`,
    `DTEND;TZID=${event.timeZone}:${localStamp(event.endsAt, event.timeZone)}`,
    `SUMMARY${language(event.titleLanguage)}:${escapeText(event.title)}`,
    `DESCRIPTION${language(event.descriptionLanguage)}:${escapeText(event.description)}`,
    `LOCATION:${escapeText(event.location)}`,
    `URL:${event.url}`,
    `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}
