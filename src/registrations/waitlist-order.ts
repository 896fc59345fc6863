/**
 * The waiting list is ordered by a number (`waitlistSeq`), first come, first served: a newcomer
 * takes the last number plus one. Staff may move an entry: it then takes a number between its new
 * neighbours', so no other entry is renumbered.
 */

/** The number after the last one on the list (1 on an empty list). */
export function nextWaitlistSeq(lastSeq: number | null): number {
  return (lastSeq ?? 0) + 1;
}

/** A number strictly between two neighbours' (either may be missing: the head or the tail). */
export function seqBetween(
  before: number | null | undefined,
  after: number | null | undefined,
): number {
  if (before === undefined || before === null) return (after ?? 1) - 1;
  if (after === undefined || after === null) return before + 1;
  return (before + after) / 2;
}

/**
 * Where an entry lands when moved to the 1-based `position` among the others (in list order,
 * without it): the place it really takes (a position past the end is the end) and its new number.
 */
export function moveTo(
  others: readonly (number | null)[],
  position: number,
): { place: number; seq: number } {
  const index = Math.min(position, others.length + 1) - 1;
  return { place: index + 1, seq: seqBetween(others[index - 1], others[index]) };
}
