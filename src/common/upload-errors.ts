import { DomainError, InvalidInputError } from './domain-error';

/** The errors of an uploaded PDF, whichever module stores it. */
export const fileRequired = () => new InvalidInputError({ file: ['errors.file_required'] });

export const notAPdf = () => new InvalidInputError({ file: ['errors.not_a_pdf'] });

export const fileTooLarge = () =>
  Object.assign(new DomainError('TOO_LARGE', 'errors.too_large'), { field: 'file' });

/** Fastify's multipart limits raise a plain error with statusCode 413: it is the domain's TOO_LARGE. */
export function uploadLimitAsTooLarge(error: unknown): unknown {
  return (error as { statusCode?: unknown } | null)?.statusCode === 413 ? fileTooLarge() : error;
}

/** The row is there but its file is gone (a restore without the upload folder). */
export const documentMissing = () => new DomainError('DOCUMENT_MISSING', 'errors.document_missing');
