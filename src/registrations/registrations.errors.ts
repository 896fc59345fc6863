import { BusinessRuleError, InvalidInputError } from '../common/domain-error';

/** The registration rules of DESIGN.md that refuse a request, each with its code and message. */
export const registrationClosed = () =>
  new BusinessRuleError('REGISTRATION_CLOSED', 'errors.registration_closed');

export const notEligible = () => new BusinessRuleError('NOT_ELIGIBLE', 'errors.not_eligible');

export const alreadyRegistered = () =>
  new BusinessRuleError('ALREADY_REGISTERED', 'errors.already_registered');

export const organisationLimitReached = (limit: number) =>
  new BusinessRuleError('ORGANISATION_LIMIT_REACHED', 'errors.organisation_limit', { limit });

export const modificationDeadlinePassed = () =>
  new BusinessRuleError('DEADLINE_PASSED', 'errors.modification_deadline_passed');

/** A staff cancellation, a rejection, a no-show and an undone check-in each need a reason. */
export const reasonRequired = () => new InvalidInputError({ reason: ['errors.reason_required'] });

export const emailIsSubstitution = () =>
  new InvalidInputError({ 'participant.email': ['errors.email_change_is_substitution'] });

/** Consent to publication is the participant's own: given at registration, then changed from their link. */
export const consentIsTheParticipants = () =>
  new InvalidInputError({ 'participant.publishConsent': ['errors.consent_is_participants'] });

export const sameParticipant = () =>
  new InvalidInputError({ 'participant.email': ['errors.substitute_same_person'] });
