const TAB = 0x09;
const LF = 0x0a;

const isControl = (code: number) => code < 0x20 || code === 0x7f;

function hasControl(text: string, allowed: number[] = []): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) && !allowed.includes(code)) return true;
  }
  return false;
}

export const MAX_JSON_DEPTH = 64;

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
}

/** A field path as it may be shown back: control characters in a key are written as \uXXXX. */
function printable(path: string): string {
  return [...path]
    .map((char) =>
      isControl(char.charCodeAt(0))
        ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
        : char,
    )
    .join('');
}

/**
 * Normalises every string in a parsed body or query in place (CRLF and lone CR become LF, as
 * browsers send textarea lines as CRLF) and names the fields that still hold a control character
 * other than tab and LF. Walks with a stack, never by recursion, so no input can overflow it.
 */
export function normaliseTextInput(input: unknown): { value: unknown; invalidFields: string[] } {
  const invalid = new Set<string>();
  const clean = (text: string, path: string): string => {
    const normalised = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
    // Tab and line feed are text; every other C0 control and DEL is refused in any field.
    if (hasControl(normalised, [TAB, LF])) invalid.add(printable(path));
    return normalised;
  };
  if (typeof input === 'string')
    return { value: clean(input, 'body'), invalidFields: [...invalid] };
  const pending: { node: Container; path: string }[] = isContainer(input)
    ? [{ node: input, path: '' }]
    : [];
  while (pending.length) {
    const { node, path } = pending.pop()!;
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const childPath = path ? `${path}.${key}` : key;
      if (hasControl(key)) invalid.add(printable(childPath));
      const child = record[key];
      if (typeof child === 'string') record[key] = clean(child, childPath);
      else if (isContainer(child)) pending.push({ node: child, path: childPath });
    }
  }
  return { value: input, invalidFields: [...invalid] };
}

/**
 * Whether raw JSON nests arrays and objects deeper than `limit`, read byte by byte before anything
 * parses or walks it (a 10,000-deep body would overflow every recursive step after the parser).
 */
export function jsonNestsDeeperThan(raw: Buffer | string, limit = MAX_JSON_DEPTH): boolean {
  const bytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > limit) return true;
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
  return false;
}
