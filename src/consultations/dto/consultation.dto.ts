import { PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
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
import { trim } from '../../common/transforms';

export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

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

export class SessionDto {
  @Transform(trim)
  @IsString({ message: 'errors.title_required' })
  @Length(1, 200, { message: 'errors.title_required' })
  title: string;

  @Matches(ISO_WITH_OFFSET, { message: 'errors.datetime_invalid' })
  startsAt: string;

  @Matches(ISO_WITH_OFFSET, { message: 'errors.datetime_invalid' })
  endsAt: string;

  @IsOptional()
  @IsString({ message: 'errors.description_invalid' })
  @MaxLength(2000, { message: 'errors.description_invalid' })
  description?: string;
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

  @IsOptional()
  @IsString({ message: 'errors.description_invalid' })
  @MaxLength(10000, { message: 'errors.description_invalid' })
  description?: string;

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

  @Matches(ISO_WITH_OFFSET, { message: 'errors.datetime_invalid' })
  startsAt: string;

  @Matches(ISO_WITH_OFFSET, { message: 'errors.datetime_invalid' })
  endsAt: string;

  @Matches(ISO_WITH_OFFSET, { message: 'errors.datetime_invalid' })
  registrationOpensAt: string;

  @Matches(ISO_WITH_OFFSET, { message: 'errors.datetime_invalid' })
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

  @IsOptional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  requiresApproval?: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  fundingBudget?: MoneyDto;

  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: 'errors.datetime_invalid' })
  fundingDeadline?: string;

  @IsOptional()
  @IsArray({ message: 'errors.sessions_invalid' })
  @ArrayMaxSize(50, { message: 'errors.sessions_invalid' })
  @ValidateNested({ each: true })
  @Type(() => SessionDto)
  sessions?: SessionDto[];
}

export class UpdateConsultationDto extends PartialType(CreateConsultationDto) {}
