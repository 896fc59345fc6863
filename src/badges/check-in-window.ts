import { fromLocalInput, wallClock } from '../common/dates';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Local midnight, `days` after the calendar day `date` falls on in `timeZone`. */
function localMidnight(date: Date, timeZone: string, days: number): Date {
  const p = wallClock(date, timeZone);
  const day = new Date(Date.UTC(+p.year, +p.month - 1, +p.day) + days * DAY_MS);
  return new Date(fromLocalInput(`${day.toISOString().slice(0, 10)}T00:00`, timeZone)!);
}

/**
 * When the door may check people in without staff confirming: from the day before the
 * consultation's first day to the end of the day after its last, in its own time zone.
 */
export function checkInWindow(consultation: { startsAt: Date; endsAt: Date; timezone: string }): {
  from: Date;
  until: Date;
} {
  return {
    from: localMidnight(consultation.startsAt, consultation.timezone, -1),
    until: localMidnight(consultation.endsAt, consultation.timezone, 2),
  };
}
