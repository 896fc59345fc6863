/** What stands in for a one-time link once its message is sent (and in every admin view). */
export const REDACTED = '[redacted]';

const TOKEN_PARAMETER = /([?&]token=)[^&#\s"'<>]+/gi;

/**
 * The payload keys whose values are one-time links: those the caller names, and any top-level
 * string that carries a `token` query parameter.
 */
export function secretKeysOf(payload: Record<string, unknown>, named: string[] = []): string[] {
  const found = Object.entries(payload)
    .filter(
      ([, value]) =>
        typeof value === 'string' && new RegExp(TOKEN_PARAMETER.source, 'i').test(value),
    )
    .map(([key]) => key);
  return [...new Set([...named.filter((key) => key in payload), ...found])];
}

/** The payload with its secret fields replaced, for storage after sending and for admins' eyes. */
export function redactPayload(
  payload: Record<string, unknown>,
  secretKeys: string[],
): Record<string, unknown> {
  if (!secretKeys.length) return payload;
  return Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [
      key,
      secretKeys.includes(key) ? REDACTED : value,
    ]),
  );
}

/** Text (an SMTP error) with any secret value or token parameter removed, fit for lastError and logs. */
export function scrubText(
  text: string,
  payload: Record<string, unknown>,
  secretKeys: string[],
): string {
  let scrubbed = text;
  for (const key of secretKeys) {
    const value = payload[key];
    if (typeof value === 'string' && value) scrubbed = scrubbed.split(value).join(REDACTED);
  }
  return scrubbed.replace(TOKEN_PARAMETER, `$1${REDACTED}`);
}
