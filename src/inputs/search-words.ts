/**
 * The words of a search, as both databases' indexes split text: runs of letters, marks and digits
 * (an apostrophe or a hyphen separates). Each must appear as a whole word; case and accents are
 * folded by the index (FTS5's unicode61 with remove_diacritics 2, unaccent + simple on
 * PostgreSQL). At most 10 words, so a pasted paragraph is not a costly query.
 */
export function searchWords(q: string): string[] {
  return (q.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).slice(0, 10);
}
