type FormBody = Record<string, unknown>;

/**
 * The account form: a name emptied on it is an error to show (the DTO refuses null), where an
 * empty field elsewhere means "left out".
 */
export function accountFromForm(body: unknown): FormBody {
  const form = { ...((body ?? {}) as FormBody) };
  if (typeof form.name === 'string' && !form.name.trim()) form.name = null;
  return form;
}

/** An admin's change to a user: the "disabled" checkbox sends "true" or "false". */
export function userChangeFromForm(body: unknown): FormBody {
  const form = { ...((body ?? {}) as FormBody) };
  if (form.disabled !== undefined) form.disabled = form.disabled === 'true';
  return form;
}
