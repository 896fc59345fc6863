/**
 * LIKE patterns with the user's text taken literally: `%`, `_` and `\` are escaped, and the
 * condition must carry `ESCAPE '\'` (LIKE_ESCAPE), which SQLite and PostgreSQL both read the same.
 */
export const LIKE_ESCAPE = "ESCAPE '\\'";

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Matches values containing `text` anywhere. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
