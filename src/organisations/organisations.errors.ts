import { BusinessRuleError, DomainError } from '../common/domain-error';
import { Organisation } from './organisation.entity';

/**
 * A warning that the organisation may already exist. It names only organisations the user could
 * read anyway (observers in the public directory, their own, or any for staff); of the others it
 * says only how many there are.
 */
export class PossibleDuplicateError extends DomainError {
  constructor(
    readonly duplicates: Organisation[],
    readonly undisclosedCount: number,
  ) {
    super('POSSIBLE_DUPLICATE', 'errors.possible_duplicate');
    this.body = {
      duplicates: duplicates.map((o) => ({
        id: o.id,
        name: o.name,
        acronym: o.acronym,
        country: o.country,
      })),
      similarExists: true,
      similarCount: duplicates.length + undisclosedCount,
    };
  }
}

/** Staff never decide their own organisation's records. */
export const ownOrganisation = () => new DomainError('OWN_ORGANISATION', 'errors.own_organisation');

export const focalPointOnly = () => new DomainError('FOCAL_POINT_ONLY', 'errors.focal_point_only');

export const alreadyMember = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.already_member');

export const lastFocalPoint = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.last_focal_point');

export const invitationInvalid = () => new DomainError('TOKEN_INVALID', 'errors.token_invalid');

export const invitationForAnotherEmail = () =>
  new DomainError('INVITATION_FOR_ANOTHER_EMAIL', 'errors.invitation_other_email');
