import { BusinessRuleError } from '../common/domain-error';

/** Only a confirmed registration may ask for a visa letter (DESIGN.md), answered 409. */
export const registrationNotConfirmed = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.letter_not_confirmed');

/** The registration did not say the participant needs a visa letter. */
export const letterNotNeeded = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.letter_not_needed');

/** A decision on a request that is no longer awaiting one, a revocation of a letter not issued. */
export const letterNotInStatus = (status: string) =>
  new BusinessRuleError('INVALID_TRANSITION', `errors.letter_is_${status}`);
