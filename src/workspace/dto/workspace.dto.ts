import {
  REGISTRATION_DECISIONS,
  RegistrationDecision,
} from '../../registrations/dto/registration.dto';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { trim } from '../../common/transforms';
import { Optional } from '../../common/validation';
import { RegistrationStatus } from '../../registrations/registration.entity';

export const BULK_MAX = 200;

export class MergeDto {
  @IsUUID('all', { message: 'errors.organisation_required' })
  intoOrganisationId: string;
}

export class BulkDecisionDto {
  @IsArray({ message: 'errors.bulk_ids' })
  @ArrayMinSize(1, { message: 'errors.bulk_ids' })
  @ArrayMaxSize(BULK_MAX, { message: 'errors.bulk_ids' })
  @ArrayUnique({ message: 'errors.bulk_ids' })
  @IsUUID('all', { each: true, message: 'errors.bulk_ids' })
  ids: string[];

  @IsIn(REGISTRATION_DECISIONS, { message: 'errors.registration_decision_invalid' })
  decision: RegistrationDecision;

  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @MaxLength(2000, { message: 'errors.reason_required' })
  reason?: string;
}

export class AudienceDto {
  @Optional()
  @IsArray({ message: 'errors.status_invalid' })
  @ArrayMaxSize(10, { message: 'errors.status_invalid' })
  @IsIn(Object.values(RegistrationStatus), { each: true, message: 'errors.status_invalid' })
  statuses?: RegistrationStatus[];

  @Optional()
  @IsUUID('all', { message: 'errors.organisation_required' })
  organisationId?: string;

  @Optional()
  @IsBoolean({ message: 'errors.invalid_input' })
  needsVisaLetter?: boolean;
}

export class MessageTextDto {
  @Transform(trim)
  @IsString({ message: 'errors.message_subject' })
  @Length(1, 200, { message: 'errors.message_subject' })
  subject: string;

  @Transform(trim)
  @IsString({ message: 'errors.message_body' })
  @Length(1, 20000, { message: 'errors.message_body' })
  body: string;
}

export class MessageTranslationsDto {
  @Optional()
  @ValidateNested()
  @Type(() => MessageTextDto)
  fr?: MessageTextDto;

  @Optional()
  @ValidateNested()
  @Type(() => MessageTextDto)
  es?: MessageTextDto;
}

export class ConsultationMessageDto extends MessageTextDto {
  @ValidateNested()
  @Type(() => AudienceDto)
  audience: AudienceDto;

  @Optional()
  @ValidateNested()
  @Type(() => MessageTranslationsDto)
  translations?: MessageTranslationsDto;

  @Optional()
  @IsBoolean({ message: 'errors.invalid_input' })
  dryRun?: boolean;
}
