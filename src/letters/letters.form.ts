/** The fields of the letter request form, as the DTO reads them (the CSRF field left out). */
const LETTER_FIELDS = [
  'passportName',
  'dateOfBirth',
  'nationality',
  'passportNumber',
  'passportExpiry',
  'consulateCity',
  'consulateCountry',
  'arrivalDate',
  'departureDate',
] as const;

export function letterFromForm(body: unknown, extra: string[] = []): Record<string, unknown> {
  const form = (body ?? {}) as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const field of [...LETTER_FIELDS, ...extra])
    picked[field] = typeof form[field] === 'string' ? form[field] : '';
  return picked;
}

/** Re-shown values: never the passport number or date of birth typed before. */
export function keptLetterValues(body: unknown): Record<string, unknown> {
  const values = letterFromForm(body, ['token']);
  delete values.passportNumber;
  delete values.dateOfBirth;
  return values;
}

export function staffActionFromForm(body: unknown): { decision?: unknown; reason?: unknown } {
  const form = (body ?? {}) as Record<string, unknown>;
  return {
    ...(form.decision !== undefined ? { decision: form.decision } : {}),
    ...(typeof form.reason === 'string' && form.reason.trim() ? { reason: form.reason } : {}),
  };
}
