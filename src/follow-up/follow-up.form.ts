/** The staff outcome form: one conclusion or recommendation per paragraph (blank line between). */
export function outcomeFromForm(body: Record<string, unknown>) {
  const paragraphs = (value: unknown) =>
    typeof value === 'string'
      ? value
          .split(/\n\s*\n/)
          .map((p) => p.trim())
          .filter(Boolean)
      : [];
  return {
    summary: typeof body.summary === 'string' ? body.summary : '',
    conclusions: paragraphs(body.conclusions).map((text) => ({ text })),
    recommendations: paragraphs(body.recommendations).map((text) => ({ text })),
  };
}

/** The adopt form: checkboxes arrive as one value or many; translations as `text_fr`, `text_es`. */
export function actionPointFromForm(body: Record<string, unknown>) {
  const many = (value: unknown) =>
    value === undefined || value === '' ? undefined : ([] as unknown[]).concat(value);
  const translations: Record<string, { text: string }> = {};
  for (const language of ['en', 'fr', 'es'])
    if (typeof body[`text_${language}`] === 'string' && String(body[`text_${language}`]).trim())
      translations[language] = { text: String(body[`text_${language}`]) };
  return {
    text: body.text,
    reference: body.reference || undefined,
    targetDate: body.targetDate || undefined,
    responsibleHost: body.responsibleHost === 'true',
    responsibleOrganisationIds: many(body.responsibleOrganisationIds),
    themes: many(body.themes),
    ...(Object.keys(translations).length ? { translations } : {}),
  };
}

/** An update form: an empty status or link means none. */
export function updateFromForm(body: Record<string, unknown>) {
  return {
    text: body.text,
    ...(body.status ? { status: body.status } : {}),
    ...(body.link ? { link: body.link } : {}),
  };
}
