/** A cell that a spreadsheet would read as a formula is made plain text (OWASP CSV injection). */
export function neutralise(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text;
}
