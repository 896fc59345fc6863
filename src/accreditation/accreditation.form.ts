import { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../common/domain-error';
import { validateForm } from '../common/validation';
import { fileRequired, uploadLimitAsTooLarge } from './accreditation.errors';
import { DocumentKindDto } from './dto/accreditation.dto';

/** Reads the multipart upload: the `kind` field (before the file, or in the query) and the `file`. */
export async function readUpload(request: FastifyRequest) {
  if (!request.isMultipart()) throw fileRequired();
  const part = await request.file().catch((error: unknown) => {
    throw uploadLimitAsTooLarge(error);
  });
  if (!part || part.fieldname !== 'file') throw fileRequired();
  // Fields sent before the file are known by now; any but these is refused, as in JSON bodies.
  const unknown = Object.keys(part.fields).filter(
    (name) => !['kind', 'file', '_csrf'].includes(name),
  );
  if (unknown.length) {
    part.file.resume();
    throw new InvalidInputError(
      Object.fromEntries(unknown.map((name) => [name, ['errors.unknown_field']])),
    );
  }
  const field = part.fields.kind as { value?: unknown } | undefined;
  const kind = field?.value ?? (request.query as Record<string, unknown>)?.kind;
  const { value, errors } = await validateForm(DocumentKindDto, { kind });
  if (errors) {
    part.file.resume();
    throw new InvalidInputError(errors);
  }
  return { kind: value.kind, filename: part.filename, file: part.file };
}
