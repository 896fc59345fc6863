import { BusinessRuleError, InvalidInputError } from '../common/domain-error';

/** Capacity never goes below the seats already confirmed or offered. */
export const capacityBelowTaken = () =>
  new InvalidInputError({ capacity: ['errors.capacity_below_taken'] });

/** A consultation is completed only once it has ended. */
export const notEndedYet = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.consultation_not_ended');
