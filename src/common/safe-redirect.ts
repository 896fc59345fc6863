const ORIGIN = 'http://convene.invalid';
const MAX_LENGTH = 2000;

/**
 * A redirect target derived from the request (`?next=`, a return path, a query string) as a
 * path on this site, percent-encoded so that it is always a valid Location header; anything else
 * (another host, a scheme, control characters, backslashes) gives `fallback`.
 */
export function localPath(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || next.length > MAX_LENGTH) return fallback;
  if (!next.startsWith('/') || next.startsWith('//')) return fallback;
  if (
    [...next].some(
      (char) =>
        char === '\\' ||
        char.charCodeAt(0) < 0x20 ||
        (char.charCodeAt(0) >= 0x7f && char.charCodeAt(0) <= 0x9f),
    )
  )
    return fallback;
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN) return fallback;
  // Dot segments are resolved by now: "/..//evil.example" must not become "//evil.example".
  const path = url.pathname + url.search + url.hash;
  if (path.startsWith('//') || path.length > MAX_LENGTH * 3 || !/^[\x21-\x7e]*$/.test(path))
    return fallback;
  return path;
}
