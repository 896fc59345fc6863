import { BusinessRuleError, DomainError } from '../common/domain-error';

/** Why a scanned badge is refused; the API's error body carries it as `reason` for door devices. */
export type CheckInRefusal = 'superseded' | 'not_confirmed' | 'outside_consultation_days';

function refused(reason: CheckInRefusal, messageKey: string, params = {}) {
  const error = new BusinessRuleError('INVALID_TRANSITION', messageKey, params);
  error.body = { reason };
  return error;
}

/** The code does not verify with the badge key, or names another consultation: not one of ours. */
export const badgeCodeInvalid = () => {
  const error = new DomainError('TOKEN_INVALID', 'errors.badge_code_invalid');
  error.field = 'code';
  return error;
};

/** The badge was issued to a participant who has since been substituted. */
export const badgeSuperseded = () => refused('superseded', 'errors.badge_superseded');

/** The registration is no longer (or not yet) confirmed: cancelled, rejected, pending… */
export const badgeNotConfirmed = (status: string) =>
  refused('not_confirmed', 'errors.badge_not_confirmed', { status });

/** Outside the consultation's days ±1, in its time zone: staff may confirm with `override`. */
export const outsideConsultationDays = () =>
  refused('outside_consultation_days', 'errors.outside_consultation_days');

/** A scan time in the future, or before the consultation's check-in window opened. */
export const scannedAtOutOfBounds = () => {
  const error = new DomainError('BAD_REQUEST', 'errors.scanned_at_out_of_bounds');
  error.field = 'scannedAt';
  return error;
};
