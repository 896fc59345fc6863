import { InvalidInputError } from '../common/domain-error';

/** Capacity never goes below the seats already confirmed or offered. */
export const capacityBelowTaken = () =>
  new InvalidInputError({ capacity: ['errors.capacity_below_taken'] });
