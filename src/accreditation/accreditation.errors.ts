import { BusinessRuleError, DomainError, InvalidInputError } from '../common/domain-error';

/** One open request per organisation. */
export const openRequestExists = () =>
  new BusinessRuleError('OPEN_REQUEST_EXISTS', 'errors.open_request_exists');

export const tooManyDocuments = () =>
  new InvalidInputError({ file: ['errors.too_many_documents'] });

export const fileRequired = () => new InvalidInputError({ file: ['errors.file_required'] });

export const notAPdf = () => new InvalidInputError({ file: ['errors.not_a_pdf'] });

export const fileTooLarge = () => new DomainError('TOO_LARGE', 'errors.too_large');

/** The row is there but its file is gone (a restore without the upload folder). */
export const documentMissing = () => new DomainError('DOCUMENT_MISSING', 'errors.document_missing');
