import { BusinessRuleError, InvalidInputError } from '../common/domain-error';

/** One open request per organisation. */
export const openRequestExists = () =>
  new BusinessRuleError('OPEN_REQUEST_EXISTS', 'errors.open_request_exists');

export const tooManyDocuments = () =>
  new InvalidInputError({ file: ['errors.too_many_documents'] });

export {
  documentMissing,
  fileRequired,
  fileTooLarge,
  notAPdf,
  uploadLimitAsTooLarge,
} from '../common/upload-errors';
