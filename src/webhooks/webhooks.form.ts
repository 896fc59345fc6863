/**
 * The add-an-endpoint form as the API's DTO expects it: checkboxes of one name arrive as nothing,
 * a string or an array; the CSRF field is left out.
 */
export function webhookFromForm(body: unknown): { url: unknown; events: string[] } {
  const form = (body ?? {}) as Record<string, unknown>;
  const events = form.events === undefined ? [] : ([] as unknown[]).concat(form.events);
  return { url: form.url, events: events.map(String) };
}
