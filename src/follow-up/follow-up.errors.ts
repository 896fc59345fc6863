import { forbidden, InvalidInputError, invalidTransition } from '../common/domain-error';

/** Only staff discontinue or reopen an action point; a responsible CSO moves it on or proposes it done. */
export const statusIsStaffs = () => forbidden('errors.action_status_staff_only');

/** Neither staff nor a focal point of a responsible organisation. */
export const notResponsible = () => forbidden('errors.action_not_responsible');

/** Confirming or refusing a completion nobody proposed. */
export const noCompletionProposed = () => invalidTransition();

export const referenceTaken = () =>
  new InvalidInputError({ reference: ['errors.reference_taken'] });

export const unknownOrganisations = () =>
  new InvalidInputError({ responsibleOrganisationIds: ['errors.responsible_invalid'] });

export const unknownSession = (index: number) =>
  new InvalidInputError({ [`conclusions.${index}.sessionId`]: ['errors.session_invalid'] });

/** A recommendation names a submission that is not a published input to this consultation. */
export const submissionNotLinkable = (index: number) =>
  new InvalidInputError({
    [`recommendations.${index}.submissionIds`]: ['errors.submission_not_linkable'],
  });
