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
