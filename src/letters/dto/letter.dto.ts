import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsString, Length, Matches, MaxLength } from 'class-validator';
import { trim } from '../../common/transforms';
import { Optional } from '../../common/validation';
import { PageQueryDto } from '../../common/page-query.dto';
import { COUNTRY_CODES } from '../../organisations/countries';
import { LETTER_STATUSES, LetterStatus } from '../letter-request.entity';

const upperCountry = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** A passport number as printed, without spaces: letters and digits. */
const passportNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.replace(/[\s-]/g, '').toUpperCase() : value;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the letter states, as the participant or a member of the organisation gives it. */
export class LetterRequestDto {
  @Transform(trim)
  @IsString({ message: 'errors.passport_name_required' })
  @Length(2, 200, { message: 'errors.passport_name_required' })
  passportName: string;

  @IsString({ message: 'errors.date_invalid' })
  @Matches(DATE, { message: 'errors.date_invalid' })
  @IsISO8601({ strict: true }, { message: 'errors.date_invalid' })
  dateOfBirth: string;

  @Transform(upperCountry)
  @IsIn(COUNTRY_CODES, { message: 'errors.nationality_invalid' })
  nationality: string;

  @Transform(passportNumber)
  @IsString({ message: 'errors.passport_number_invalid' })
  @Matches(/^[A-Z0-9]{5,20}$/, { message: 'errors.passport_number_invalid' })
  passportNumber: string;

  @IsString({ message: 'errors.date_invalid' })
  @Matches(DATE, { message: 'errors.date_invalid' })
  @IsISO8601({ strict: true }, { message: 'errors.date_invalid' })
  passportExpiry: string;

  @Transform(trim)
  @IsString({ message: 'errors.city_required' })
  @Length(1, 100, { message: 'errors.city_required' })
  consulateCity: string;

  @Transform(upperCountry)
  @IsIn(COUNTRY_CODES, { message: 'errors.country_invalid' })
  consulateCountry: string;

  @IsString({ message: 'errors.date_invalid' })
  @Matches(DATE, { message: 'errors.date_invalid' })
  @IsISO8601({ strict: true }, { message: 'errors.date_invalid' })
  arrivalDate: string;

  @IsString({ message: 'errors.date_invalid' })
  @Matches(DATE, { message: 'errors.date_invalid' })
  @IsISO8601({ strict: true }, { message: 'errors.date_invalid' })
  departureDate: string;
}

/** The participant's own form carries their link token with what the letter states. */
export class ParticipantLetterRequestDto extends LetterRequestDto {
  @IsString({ message: 'errors.token_invalid' })
  @MaxLength(100, { message: 'errors.token_invalid' })
  token: string;
}

export class LetterDecisionDto {
  @IsIn(['issue', 'decline'], { message: 'errors.letter_decision_invalid' })
  decision: 'issue' | 'decline';

  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @MaxLength(2000, { message: 'errors.letter_reason_too_long' })
  reason?: string;
}

export class LetterRevokeDto {
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @Length(1, 2000, { message: 'errors.reason_required' })
  reason: string;
}

export class LetterQueueQueryDto extends PageQueryDto {
  @Optional()
  @IsIn(LETTER_STATUSES, { message: 'errors.status_invalid' })
  status?: LetterStatus;

  @Optional()
  @Transform(upperCountry)
  @IsIn(COUNTRY_CODES, { message: 'errors.country_invalid' })
  consulateCountry?: string;
}
