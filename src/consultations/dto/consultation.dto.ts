import { PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { MONEY_PATTERN } from '../../common/money';
import { COUNTRY_CODES } from '../../organisations/countries';
import { Eligibility } from '../consultation.entity';
import { LOCALES, Locale } from '../../common/roles';
import { trim } from '../../common/transforms';
import { TranslatedText, TranslationsDto, TranslationsField } from '../../common/translations';
import { Optional } from '../../common/validation';

export const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,3})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** An ISO 8601 instant with its offset, naming a day and a time that exist (no 30 February). */
export function isInstant(value: unknown): boolean {
  const m = typeof value === 'string' ? ISO_WITH_OFFSET.exec(value) : null;
  if (!m) return false;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[7] ?? '0'].map(
    Number,
  );
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return (
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    Number(m[10] ?? 0) < 24 &&
    Number(m[11] ?? 0) < 60
  );
}

@ValidatorConstraint({ name: 'instant' })
export class IsInstant implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isInstant(value);
  }
}

@ValidatorConstraint({ name: 'timeZone' })
export class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string' || !value.includes('/')) return value === 'UTC';
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
}

export class MoneyDto {
  @IsString({ message: 'errors.amount_invalid' })
  @Matches(MONEY_PATTERN, { message: 'errors.amount_invalid' })
  amount: string;

  @IsString({ message: 'errors.currency_invalid' })
  @Matches(/^[A-Z]{3}$/, { message: 'errors.currency_invalid' })
  currency: string;
}

/** A session's texts in one language; the same limits as the original's. */
export class SessionTextDto {
  @TranslatedText(200, 'errors.title_too_long')
  title?: string;

  @TranslatedText(2000, 'errors.session_description_invalid')
  description?: string;
}

export class SessionTranslationsDto extends TranslationsDto(SessionTextDto) {}

/** A consultation's texts in one language; the same limits as the original's. */
export class ConsultationTextDto {
  @TranslatedText(200, 'errors.title_too_long')
  title?: string;

  @TranslatedText(200, 'errors.theme_too_long')
  theme?: string;

  @TranslatedText(10000, 'errors.consultation_description_invalid')
  description?: string;
}

export class ConsultationTranslationsDto extends TranslationsDto(ConsultationTextDto) {}

export class SessionDto {
  @Transform(trim)
  @IsString({ message: 'errors.title_required' })
  @Length(1, 200, { message: 'errors.title_required' })
  title: string;

  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  startsAt: string;

  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  endsAt: string;

  @Optional()
  @IsString({ message: 'errors.session_description_invalid' })
  @MaxLength(2000, { message: 'errors.session_description_invalid' })
  description?: string;

  @TranslationsField(SessionTranslationsDto)
  translations?: SessionTranslationsDto;
}

export class CreateConsultationDto {
  @Transform(trim)
  @IsString({ message: 'errors.title_required' })
  @Length(1, 200, { message: 'errors.title_required' })
  title: string;

  @Transform(trim)
  @IsString({ message: 'errors.theme_required' })
  @Length(1, 200, { message: 'errors.theme_required' })
  theme: string;

  @Optional()
  @IsString({ message: 'errors.consultation_description_invalid' })
  @MaxLength(10000, { message: 'errors.consultation_description_invalid' })
  description?: string;

  /** The language of title, theme and description, and of the sessions' texts (default en). */
  @Optional()
  @IsIn(LOCALES, { message: 'errors.language_invalid' })
  language?: Locale;

  @TranslationsField(ConsultationTranslationsDto)
  translations?: ConsultationTranslationsDto;

  @Transform(trim)
  @IsString({ message: 'errors.venue_required' })
  @Length(1, 200, { message: 'errors.venue_required' })
  venue: string;

  @Transform(trim)
  @IsString({ message: 'errors.city_required' })
  @Length(1, 100, { message: 'errors.city_required' })
  city: string;

  @IsIn(COUNTRY_CODES, { message: 'errors.country_invalid' })
  country: string;

  @Validate(IsTimeZone, { message: 'errors.timezone_invalid' })
  timezone: string;

  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  startsAt: string;

  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  endsAt: string;

  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  registrationOpensAt: string;

  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  registrationClosesAt: string;

  @IsInt({ message: 'errors.capacity_invalid' })
  @Min(1, { message: 'errors.capacity_invalid' })
  @Max(100000, { message: 'errors.capacity_invalid' })
  capacity: number;

  @IsInt({ message: 'errors.limit_invalid' })
  @Min(1, { message: 'errors.limit_invalid' })
  @Max(1000, { message: 'errors.limit_invalid' })
  perOrganisationLimit: number;

  @IsIn(Object.values(Eligibility), { message: 'errors.eligibility_invalid' })
  eligibility: Eligibility;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  requiresApproval?: boolean;

  @Optional()
  @ValidateNested()
  @Type(() => MoneyDto)
  fundingBudget?: MoneyDto;

  @Optional()
  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  fundingDeadline?: string;

  /** Until when participants may be edited or substituted; by default when registration closes. */
  @Optional()
  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  modificationDeadline?: string;

  @Optional()
  @IsArray({ message: 'errors.sessions_invalid' })
  @ArrayMaxSize(50, { message: 'errors.sessions_invalid' })
  @ValidateNested({ each: true })
  @Type(() => SessionDto)
  sessions?: SessionDto[];
}

/** Any field of a new consultation; null is refused like any other wrong value. */
export class UpdateConsultationDto extends PartialType(CreateConsultationDto, {
  skipNullProperties: false,
}) {}

/** Cancelling a consultation cannot be undone: the admin says why (kept in the audit log). */
export class CancelConsultationDto {
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @Length(1, 2000, { message: 'errors.reason_required' })
  reason: string;
}

/** Completing a consultation cannot be undone; a note is optional. */
export class CompleteConsultationDto {
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_invalid' })
  @MaxLength(2000, { message: 'errors.reason_invalid' })
  reason?: string;
}
