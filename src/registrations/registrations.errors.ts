import { BusinessRuleError } from '../common/domain-error';

/** The registration rules of DESIGN.md that refuse a request, each with its code and message. */
export const registrationClosed = () =>
  new BusinessRuleError('REGISTRATION_CLOSED', 'errors.registration_closed');

export const notEligible = () => new BusinessRuleError('NOT_ELIGIBLE', 'errors.not_eligible');

export const alreadyRegistered = () =>
  new BusinessRuleError('ALREADY_REGISTERED', 'errors.already_registered');

export const organisationLimitReached = (limit: number) =>
  new BusinessRuleError('ORGANISATION_LIMIT_REACHED', 'errors.organisation_limit', { limit });
