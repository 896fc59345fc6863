import { Transform } from 'class-transformer';
import { Equals, IsIn, IsString, Length } from 'class-validator';
import { trim } from './transforms';
import { Optional } from './validation';

/**
 * The confirmation step of an action that cannot be undone (cancel or complete a consultation,
 * reject an accreditation request, decline funding, disable a user): the page asks for the reason
 * and for "I understand this cannot be undone" ticked; without both, nothing happens.
 */
export class IrreversibleConfirmationDto {
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @Length(1, 2000, { message: 'errors.reason_required' })
  reason: string;

  @Equals('on', { message: 'errors.confirm_irreversible' })
  understood: string;
}

/**
 * For a form where only one choice cannot be undone (reject among the decisions, decline beside
 * award, disable beside the role): the problems when that choice comes without a reason or
 * without the tick, as a form's field errors; null when it is confirmed.
 */
export function confirmationErrors(input: {
  reason?: string;
  understood?: string;
}): Record<string, string[]> | null {
  const errors: Record<string, string[]> = {};
  if (!input.reason?.trim()) errors.reason = ['errors.reason_required'];
  if (input.understood !== 'on') errors.understood = ['errors.confirm_irreversible'];
  return Object.keys(errors).length ? errors : null;
}

/** The tick itself, for a form DTO whose irreversible choice `confirmationErrors` checks. */
export class UnderstoodDto {
  @Optional()
  @IsIn(['on'], { message: 'errors.confirm_irreversible' })
  understood?: string;
}
