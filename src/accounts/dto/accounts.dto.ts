import { IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { LOCALES, Locale, UserRole } from '../user.entity';
import { PASSWORD_MAX, PASSWORD_MIN } from '../passwords';
import { lowerEmail, toBool, toInt, trim } from '../../common/transforms';
import { API_TOKEN_SCOPES, ApiTokenScope } from '../api-token.entity';
import { Optional } from '../../common/validation';
import { PageQueryDto } from '../../common/page-query.dto';

export class SignUpDto {
  @Transform(lowerEmail)
  @IsEmail({}, { message: 'errors.email_invalid' })
  @MaxLength(254, { message: 'errors.email_invalid' })
  email: string;

  @IsString({ message: 'errors.password_length' })
  @Length(PASSWORD_MIN, PASSWORD_MAX, { message: 'errors.password_length' })
  password: string;

  @Transform(trim)
  @IsString({ message: 'errors.name_required' })
  @Length(1, 200, { message: 'errors.name_required' })
  name: string;

  @Optional()
  @IsIn(LOCALES, { message: 'errors.locale_invalid' })
  locale?: Locale;
}

export class VerifyEmailDto {
  @IsString({ message: 'errors.token_required' })
  @Length(1, 200, { message: 'errors.token_required' })
  token: string;
}

export class PasswordResetRequestDto {
  @Transform(lowerEmail)
  @IsEmail({}, { message: 'errors.email_invalid' })
  @MaxLength(254, { message: 'errors.email_invalid' })
  email: string;
}

export class PasswordResetConfirmDto {
  @IsString({ message: 'errors.token_required' })
  @Length(1, 200, { message: 'errors.token_required' })
  token: string;

  @IsString({ message: 'errors.password_length' })
  @Length(PASSWORD_MIN, PASSWORD_MAX, { message: 'errors.password_length' })
  password: string;
}

export class SignInDto {
  @Transform(lowerEmail)
  @IsEmail({}, { message: 'errors.email_invalid' })
  @MaxLength(254, { message: 'errors.email_invalid' })
  email: string;

  @IsString({ message: 'errors.password_required' })
  @MinLength(1, { message: 'errors.password_required' })
  @MaxLength(1024, { message: 'errors.password_required' })
  password: string;
}

export const TOKEN_DAYS_DEFAULT = 365;
/** Ten years: long enough for any unattended integration, short enough that no token is forever. */
export const TOKEN_DAYS_MAX = 3650;

/** How long a new API token lasts and what it may do: the same for the API and the account page. */
class TokenTermsDto {
  @Optional()
  @Transform(toInt)
  @IsInt({ message: 'errors.token_days_invalid' })
  @Min(1, { message: 'errors.token_days_invalid' })
  @Max(TOKEN_DAYS_MAX, { message: 'errors.token_days_invalid' })
  expiresInDays?: number;

  @Optional()
  @IsIn(API_TOKEN_SCOPES, { message: 'errors.token_scope_invalid' })
  scope?: ApiTokenScope;
}

export class CreateTokenDto extends IntersectionType(SignInDto, TokenTermsDto) {
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.label_invalid' })
  @Length(1, 100, { message: 'errors.label_invalid' })
  label?: string;
}

export class NewTokenDto extends TokenTermsDto {
  @Transform(trim)
  @IsString({ message: 'errors.label_invalid' })
  @Length(1, 100, { message: 'errors.label_invalid' })
  label: string;
}

export class UpdateAccountDto {
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.name_required' })
  @Length(1, 200, { message: 'errors.name_required' })
  name?: string;

  @Optional()
  @IsIn(LOCALES, { message: 'errors.locale_invalid' })
  locale?: Locale;
}

export class ChangePasswordDto {
  @IsString({ message: 'errors.password_required' })
  @MinLength(1, { message: 'errors.password_required' })
  @MaxLength(1024, { message: 'errors.password_required' })
  currentPassword: string;

  @IsString({ message: 'errors.password_length' })
  @Length(PASSWORD_MIN, PASSWORD_MAX, { message: 'errors.password_length' })
  password: string;

  /** Without it, a password change also ends every API token of the account. */
  @Optional()
  @Transform(toBool)
  @IsBoolean({ message: 'errors.boolean_expected' })
  keepTokens?: boolean;
}

export class UpdateUserDto {
  @Optional()
  @IsIn(Object.values(UserRole), { message: 'errors.role_invalid' })
  role?: UserRole;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  disabled?: boolean;
}

/**
 * The admin users page: disabling someone ends their sessions and API tokens for good, so it
 * also needs a reason (kept in the audit log) and "I understand this cannot be undone" ticked.
 */
export class UpdateUserFormDto extends UpdateUserDto {
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @MaxLength(2000, { message: 'errors.reason_invalid' })
  reason?: string;

  @Optional()
  @IsIn(['on'], { message: 'errors.confirm_irreversible' })
  understood?: string;
}

/** The admin list of accounts: a search, a role, a page. */
export class UsersQueryDto extends PageQueryDto {
  @Optional()
  @IsIn(Object.values(UserRole), { message: 'errors.role_invalid' })
  role?: UserRole;
}
