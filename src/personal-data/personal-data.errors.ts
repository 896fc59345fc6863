import { BusinessRuleError, InvalidInputError } from '../common/domain-error';

/** The last focal point of an organisation that has other members must hand over first. */
export const lastFocalPoint = (organisation: string) =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.last_focal_point_delete', { organisation });

export const passwordWrong = () =>
  new InvalidInputError({ password: ['errors.current_password_wrong'] });
