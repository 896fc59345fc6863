import { Transform } from 'class-transformer';
import { Equals, IsString, Length } from 'class-validator';
import { trim } from './transforms';

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
