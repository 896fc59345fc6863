/**
 * An HTML form sends checkboxes as "true" or nothing, several checkboxes of one name as a string
 * or an array, and numbers as text: this turns it into the body the API's DTO expects.
 */
export function organisationFromForm(body: unknown, editing: boolean): Record<string, unknown> {
  const form = { ...((body ?? {}) as Record<string, unknown>) };
  for (const flag of ['migrantLed', 'womenLed', 'youthLed']) {
    if (form[flag] !== undefined || !editing || form.flagsShown === 'true')
      form[flag] = form[flag] === 'true';
  }
  if (form.flagsShown === 'true' || !editing) {
    form.thematicAreas =
      form.thematicAreas === undefined ? [] : ([] as unknown[]).concat(form.thematicAreas);
  }
  delete form.flagsShown;
  form.confirmDuplicate = form.confirmDuplicate === 'true';
  if (typeof form.foundedYear === 'string' && /^\d+$/.test(form.foundedYear))
    form.foundedYear = Number(form.foundedYear);
  // An emptied field on the profile page clears the value; left empty on a new profile, it is absent.
  for (const optional of ['acronym', 'website', 'email', 'foundedYear']) {
    if (form[optional] === '') form[optional] = editing ? null : undefined;
  }
  if (form.description === '' && !editing) form.description = undefined;
  // A required field emptied on the profile page is an error to show, not a field left out.
  for (const required of ['name', 'country', 'type']) {
    if (editing && form[required] === '') form[required] = null;
  }
  return form;
}
