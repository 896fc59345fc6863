import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { LOCALES, Locale, UserRole } from '../user.entity';
import { PASSWORD_MAX, PASSWORD_MIN } from '../passwords';
import { lowerEmail, trim } from '../../common/transforms';
import { Optional } from '../../common/validation';


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

export class CreateTokenDto extends SignInDto {
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.label_invalid' })
  @Length(1, 100, { message: 'errors.label_invalid' })
  label?: string;
}

export class NewTokenDto {
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
}

export class UpdateUserDto {
  @Optional()
  @IsIn(Object.values(UserRole), { message: 'errors.role_invalid' })
  role?: UserRole;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  disabled?: boolean;
}
