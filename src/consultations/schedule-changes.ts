import type { ConsultationSession } from './consultation-session.entity';
import type { Consultation } from './consultation.entity';

/** What participants plan around: the dates, the place and the agenda's times. */
export interface Schedule {
  startsAt: Date;
  endsAt: Date;
  venue: string;
  city: string;
  country: string;
  sessions: Pick<ConsultationSession, 'title' | 'startsAt' | 'endsAt'>[];
}

/**
 * One change a holder is told of, old → new. Times are ISO strings (the mail formats them in the
 * consultation's zone and the reader's language); a session added has no `from`, one removed no `to`.
 */
export interface ScheduleChange {
  field: 'startsAt' | 'endsAt' | 'venue' | 'city' | 'country' | 'session';
  session?: string;
  from: string | null;
  to: string | null;
  /** A session's end, before and after (its start is `from`/`to`). */
  fromEnd?: string | null;
  toEnd?: string | null;
  /** Whether from/to are times (formatted as dates) or plain text. */
  time: boolean;
}

/** A schedule from the consultation and its agenda (stored sessions, or the ones being sent). */
export function scheduleOf(
  consultation: Consultation,
  sessions: { title: string; startsAt: Date | string; endsAt: Date | string }[],
): Schedule {
  return {
    startsAt: consultation.startsAt,
    endsAt: consultation.endsAt,
    venue: consultation.venue,
    city: consultation.city,
    country: consultation.country,
    sessions: sessions.map(({ title, startsAt, endsAt }) => ({
      title,
      startsAt: new Date(startsAt),
      endsAt: new Date(endsAt),
    })),
  };
}

const span = (s: { startsAt: Date; endsAt: Date }) =>
  `${s.startsAt.toISOString()}/${s.endsAt.toISOString()}`;

/**
 * The differences between two schedules. Sessions are matched by title (the agenda is replaced
 * whole on every edit, so ids do not survive): a title that appears is added, one that goes is
 * removed, one whose times move is retimed; a renamed session reads as one removed and one added.
 */
export function scheduleChanges(before: Schedule, after: Schedule): ScheduleChange[] {
  const changes: ScheduleChange[] = [];
  for (const field of ['startsAt', 'endsAt'] as const) {
    if (before[field].getTime() !== after[field].getTime())
      changes.push({
        field,
        from: before[field].toISOString(),
        to: after[field].toISOString(),
        time: true,
      });
  }
  for (const field of ['venue', 'city', 'country'] as const) {
    if (before[field] !== after[field])
      changes.push({ field, from: before[field], to: after[field], time: false });
  }
  const old = new Map(before.sessions.map((s) => [s.title, s]));
  const next = new Map(after.sessions.map((s) => [s.title, s]));
  for (const [title, session] of old) {
    const now = next.get(title);
    if (!now || span(now) !== span(session))
      changes.push({
        field: 'session',
        session: title,
        from: session.startsAt.toISOString(),
        fromEnd: session.endsAt.toISOString(),
        to: now ? now.startsAt.toISOString() : null,
        toEnd: now ? now.endsAt.toISOString() : null,
        time: true,
      });
  }
  for (const [title, session] of next) {
    if (!old.has(title))
      changes.push({
        field: 'session',
        session: title,
        from: null,
        fromEnd: null,
        to: session.startsAt.toISOString(),
        toEnd: session.endsAt.toISOString(),
        time: true,
      });
  }
  return changes;
}
