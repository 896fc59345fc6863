import { DomainError, InvalidInputError, invalidTransition } from '../common/domain-error';

export interface MergeConflict {
  consultationId: string;
  participantName: string;
  /** One address, or both when the person was recognised by name. */
  participantEmails: string[];
  /** The duplicate's registration first, then the survivor's. */
  registrationIds: string[];
}

/** One participant is actively registered by both organisations for one consultation. */
export class MergeConflictError extends DomainError {
  constructor(conflicts: MergeConflict[]) {
    super('MERGE_CONFLICT', 'errors.merge_conflict');
    this.body = { conflicts };
  }
}

export const mergeIntoItself = () =>
  new InvalidInputError({ intoOrganisationId: ['errors.merge_into_itself'] });

/** Merged already (either side): a merged organisation is a signpost, not a record to change. */
export const alreadyMerged = invalidTransition;

export const reasonRequired = () => new InvalidInputError({ reason: ['errors.reason_required'] });
