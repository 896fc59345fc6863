import { BusinessRuleError, DomainError, InvalidInputError } from '../common/domain-error';

/** The call has closed: nothing more is submitted or resubmitted to it. */
export const callClosed = () => new BusinessRuleError('DEADLINE_PASSED', 'errors.call_closed');

/** The call has not opened yet. */
export const callNotOpen = () => new DomainError('CALL_NOT_OPEN', 'errors.call_not_open');

/** The organisation is not among those the call invites. */
export const notEligibleForCall = (eligibility: string) =>
  new DomainError('NOT_ELIGIBLE_FOR_CALL', `errors.call_eligibility_${eligibility}`);

/** The organisation already has as many counted submissions as the call allows. */
export const submissionLimitReached = () =>
  new BusinessRuleError('ORGANISATION_LIMIT_REACHED', 'errors.submission_limit_reached');

export const overWordLimit = (field = 'body') =>
  new InvalidInputError({ [field]: ['errors.word_limit_exceeded'] });

export const attachmentNotAllowed = () =>
  new InvalidInputError({ file: ['errors.attachment_not_allowed'] });

export const closesBeforeOpens = () =>
  new InvalidInputError({ closesAt: ['errors.call_closes_before_opens'] });

export const sessionNotOfConsultation = () =>
  new InvalidInputError({ sessionId: ['errors.session_not_of_consultation'] });

export const cosignerIsSubmitter = () =>
  new InvalidInputError({ cosignerOrganisationIds: ['errors.cosigner_is_submitter'] });

export const unknownCosigner = () =>
  new InvalidInputError({ cosignerOrganisationIds: ['errors.cosigner_unknown'] });

export const reasonRequired = () => new InvalidInputError({ reason: ['errors.reason_required'] });
