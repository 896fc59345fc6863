/** The registration form sends a flat participant; the API nests it. */
export function registrationFromForm(body: unknown) {
  const form = (body ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof form[key] === 'string' ? (form[key] as string) : undefined);
  return {
    organisationId: text('organisationId'),
    submissionId: text('submissionId'),
    participant: {
      name: text('name'),
      email: text('email'),
      position: text('position') || undefined,
      gender: text('gender'),
      nationality: text('nationality'),
      accessibilityNeeds: text('accessibilityNeeds') || undefined,
      dietaryNeeds: text('dietaryNeeds') || undefined,
      needsVisaLetter: form.needsVisaLetter === 'true',
      publishConsent: form.publishConsent === 'true',
    },
  };
}

/** Nested field names (participant.email) as the form's own (email). */
export function formFieldErrors<T>(errors: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, keys]) => [field.replace(/^participant\./, ''), keys]),
  );
}

/** The waiting-list form sends its position as text: a whole number is read as one. */
export function waitlistMoveFromForm(body: unknown): Record<string, unknown> {
  const form = { ...((body ?? {}) as Record<string, unknown>) };
  if (typeof form.position === 'string' && /^\d+$/.test(form.position))
    form.position = Number(form.position);
  return form;
}
