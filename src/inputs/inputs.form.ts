import { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../common/domain-error';
import { fileRequired, uploadLimitAsTooLarge } from '../common/upload-errors';

/** Reads the multipart upload of a submission's PDF: the `file` field only. */
export async function readSubmissionUpload(request: FastifyRequest) {
  if (!request.isMultipart()) throw fileRequired();
  const part = await request.file().catch((error: unknown) => {
    throw uploadLimitAsTooLarge(error);
  });
  if (!part || part.fieldname !== 'file') throw fileRequired();
  const unknown = Object.keys(part.fields).filter((name) => !['file', '_csrf'].includes(name));
  if (unknown.length) {
    part.file.resume();
    throw new InvalidInputError(
      Object.fromEntries(unknown.map((name) => [name, ['errors.unknown_field']])),
    );
  }
  return { filename: part.filename, file: part.file };
}

const asList = (value: unknown) => (value === undefined ? [] : ([] as unknown[]).concat(value));

/**
 * The submission form as the API's DTO reads it: checkboxes and a multiple select send a string
 * or an array; "Save as draft" is the button named `draft`.
 */
export function submissionFromForm(body: unknown, creating: boolean): Record<string, unknown> {
  const form = { ...((body ?? {}) as Record<string, unknown>) };
  form.themes = asList(form.themes);
  form.cosignerOrganisationIds = asList(form.cosignerOrganisationIds).filter((id) => id !== '');
  if (creating) form.draft = form.draft === 'true';
  else delete form.draft;
  return form;
}
