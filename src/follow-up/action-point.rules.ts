import { ActionPoint, ActionPointStatus as S } from './action-point.entity';

/** DESIGN.md's transitions; staff alone may reopen a closed point (with a reason). */
const MOVES: Record<S, S[]> = {
  [S.Open]: [S.InProgress, S.Discontinued],
  [S.InProgress]: [S.Completed, S.Discontinued],
  [S.Completed]: [S.InProgress],
  [S.Discontinued]: [S.InProgress],
};

export function canMove(from: S, to: S): boolean {
  return MOVES[from].includes(to);
}

/** A reopening: from a closed status back to in progress. */
export function isReopening(from: S, to: S): boolean {
  return (from === S.Completed || from === S.Discontinued) && to === S.InProgress;
}

/** What a responsible CSO may ask for itself: to start, or to have it recorded as done. */
export function csoMayAsk(from: S, to: S): boolean {
  return (from === S.Open && to === S.InProgress) || (from === S.InProgress && to === S.Completed);
}

const DAY = 86_400_000;
export const DUE_NOTICE_DAYS = 30;
export const OVERDUE_SILENCE_DAYS = 90;

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const dayOf = (at: Date) => at.toISOString().slice(0, 10);

function isActive(point: Pick<ActionPoint, 'status'>): boolean {
  return point.status === S.Open || point.status === S.InProgress;
}

/** Past its target date and no update for 90 days, while still open or in progress. */
export function isOverdue(
  point: Pick<ActionPoint, 'status' | 'targetDate' | 'lastActivityAt'>,
  now: Date,
): boolean {
  return (
    isActive(point) &&
    !!point.targetDate &&
    point.targetDate < dayOf(now) &&
    now.getTime() - point.lastActivityAt.getTime() >= OVERDUE_SILENCE_DAYS * DAY
  );
}

/** Within 30 days of its target date (and not past it), while still open or in progress. */
export function isDueSoon(point: Pick<ActionPoint, 'status' | 'targetDate'>, now: Date): boolean {
  if (!isActive(point) || !point.targetDate) return false;
  const today = dayOf(now);
  return (
    point.targetDate >= today &&
    point.targetDate <= dayOf(new Date(now.getTime() + DUE_NOTICE_DAYS * DAY))
  );
}
