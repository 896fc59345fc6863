import { BusinessRuleError, DomainError, InvalidInputError } from '../common/domain-error';

/** A verification, reset or invitation link that is unknown, spent or expired. */
export const tokenInvalid = () => new DomainError('TOKEN_INVALID', 'errors.token_invalid');

export const badCredentials = () => new DomainError('BAD_CREDENTIALS', 'errors.bad_credentials');

export const emailNotVerified = () =>
  new DomainError('EMAIL_NOT_VERIFIED', 'errors.email_not_verified');

export const currentPasswordWrong = () =>
  new InvalidInputError({ currentPassword: ['errors.current_password_wrong'] });

/** `problem` is the i18n key of what is wrong with the password. */
export const unacceptablePassword = (problem: string) =>
  new InvalidInputError({ password: [problem] });

export const cannotDemoteSelf = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.cannot_demote_self');
