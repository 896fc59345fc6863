import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { COUNTRY_CODES } from '../../organisations/countries';
import { GENDERS, Gender, RegistrationStatus } from '../registration.entity';
import { toBool, trim } from '../../common/transforms';
import { Optional } from '../../common/validation';

export class ParticipantDto {
  @Transform(trim)
  @IsString({ message: 'errors.participant_name' })
  @Length(1, 200, { message: 'errors.participant_name' })
  name: string;

  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'errors.email_invalid' })
  @MaxLength(254, { message: 'errors.email_invalid' })
  email: string;

  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.position_invalid' })
  @MaxLength(200, { message: 'errors.position_invalid' })
  position?: string;

  @IsIn(GENDERS, { message: 'errors.gender_invalid' })
  gender: Gender;

  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsIn(COUNTRY_CODES, { message: 'errors.nationality_invalid' })
  nationality: string;

  @Optional()
  @IsString({ message: 'errors.needs_invalid' })
  @MaxLength(2000, { message: 'errors.needs_invalid' })
  accessibilityNeeds?: string;

  @Optional()
  @IsString({ message: 'errors.needs_invalid' })
  @MaxLength(2000, { message: 'errors.needs_invalid' })
  dietaryNeeds?: string;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  needsVisaLetter?: boolean;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  publishConsent?: boolean;
}

export class RegisterDto {
  @IsUUID('all', { message: 'errors.organisation_required' })
  organisationId: string;

  @IsObject({ message: 'errors.participant_required' })
  @ValidateNested()
  @Type(() => ParticipantDto)
  participant: ParticipantDto;

  /** Set by the registration form, so that submitting it twice creates one registration. */
  @Optional()
  @IsUUID('all', { message: 'errors.bad_request' })
  submissionId?: string;
}

export const REGISTRATION_DECISIONS = ['approve', 'reject', 'waitlist'] as const;
export type RegistrationDecision = (typeof REGISTRATION_DECISIONS)[number];

export class RegistrationDecisionDto {
  /** `waitlist`: accepted, but to the end of the waiting list rather than onto a seat now. */
  @IsIn(REGISTRATION_DECISIONS, { message: 'errors.registration_decision_invalid' })
  decision: RegistrationDecision;

  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @MaxLength(2000, { message: 'errors.reason_required' })
  reason?: string;
}

export class WaitlistMoveDto {
  @IsInt({ message: 'errors.position_number' })
  @Min(1, { message: 'errors.position_number' })
  position: number;

  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @Length(1, 2000, { message: 'errors.reason_required' })
  reason: string;
}

/** Filters of a participant list, with the common `page`, `pageSize` and `q` (name or email). */
/** The columns a list of registrations may be sorted by; `registered` (oldest first) by default. */
export const REGISTRATION_SORTS = ['name', 'organisation', 'status', 'registered'] as const;
export type RegistrationSort = (typeof REGISTRATION_SORTS)[number];

export class RegistrationQueryDto extends PageQueryDto {
  @Optional()
  @IsIn(Object.values(RegistrationStatus), { message: 'errors.status_invalid' })
  status?: RegistrationStatus;

  @Optional()
  @IsUUID('all', { message: 'errors.organisation_required' })
  organisationId?: string;

  @Optional()
  @Transform(toBool)
  @IsBoolean({ message: 'errors.visa_filter_invalid' })
  needsVisaLetter?: boolean;

  @Optional()
  @IsIn(REGISTRATION_SORTS, { message: 'errors.sort_invalid' })
  sort?: RegistrationSort;

  @Optional()
  @IsIn(['asc', 'desc'], { message: 'errors.sort_invalid' })
  dir?: 'asc' | 'desc';
}

/** The details a PATCH may change; the email may be sent only unchanged (another is a substitution). */
export class ParticipantChangesDto {
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.participant_name' })
  @Length(1, 200, { message: 'errors.participant_name' })
  name?: string;

  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'errors.email_invalid' })
  @MaxLength(254, { message: 'errors.email_invalid' })
  email?: string;

  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.position_invalid' })
  @MaxLength(200, { message: 'errors.position_invalid' })
  position?: string;

  @Optional()
  @IsIn(GENDERS, { message: 'errors.gender_invalid' })
  gender?: Gender;

  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsIn(COUNTRY_CODES, { message: 'errors.nationality_invalid' })
  nationality?: string;

  @Optional()
  @IsString({ message: 'errors.needs_invalid' })
  @MaxLength(2000, { message: 'errors.needs_invalid' })
  accessibilityNeeds?: string;

  @Optional()
  @IsString({ message: 'errors.needs_invalid' })
  @MaxLength(2000, { message: 'errors.needs_invalid' })
  dietaryNeeds?: string;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  needsVisaLetter?: boolean;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  publishConsent?: boolean;
}

export class EditRegistrationDto {
  @IsObject({ message: 'errors.participant_required' })
  @ValidateNested()
  @Type(() => ParticipantChangesDto)
  participant: ParticipantChangesDto;
}

export class SubstituteDto {
  @IsObject({ message: 'errors.participant_required' })
  @ValidateNested()
  @Type(() => ParticipantDto)
  participant: ParticipantDto;
}

export class SubstitutionDecisionDto {
  @IsIn(['approve', 'decline'], { message: 'errors.registration_decision_invalid' })
  decision: 'approve' | 'decline';

  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @MaxLength(2000, { message: 'errors.reason_required' })
  reason?: string;
}

/** A staff cancellation's reason (required from staff, optional for the organisation). */
export class CancelDto {
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @MaxLength(2000, { message: 'errors.reason_required' })
  reason?: string;
}

/** A no-show or an undone check-in: after the fact, always with a reason. */
export class ReasonDto {
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @Length(1, 2000, { message: 'errors.reason_required' })
  reason: string;
}
