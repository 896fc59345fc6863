import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  Validate,
} from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';
import { LOCALES, Locale } from '../../common/roles';
import { toBool, trim } from '../../common/transforms';
import { TranslatedText, TranslationsDto, TranslationsField } from '../../common/translations';
import { Optional } from '../../common/validation';
import { IsInstant } from '../../consultations/dto/consultation.dto';
import {
  ORGANISATION_TYPES,
  OrganisationType,
  THEMATIC_AREAS,
  ThematicArea,
} from '../../organisations/organisation.entity';
import { REGIONS } from '../../organisations/regions';
import { CALL_ELIGIBILITIES, CallEligibility } from '../input-call.entity';
import { SUBMISSION_LANGUAGES, SubmissionLanguage } from '../submission.entity';

/** A call's texts in one language; the same limits as the original's. */
export class CallTextDto {
  @TranslatedText(200, 'errors.title_too_long')
  title?: string;

  @TranslatedText(10000, 'errors.guidance_invalid')
  guidance?: string;
}

export class CallTranslationsDto extends TranslationsDto(CallTextDto) {}

export class CreateInputCallDto {
  @Transform(trim)
  @IsString({ message: 'errors.title_required' })
  @Length(1, 200, { message: 'errors.title_required' })
  title: string;

  @Optional()
  @IsString({ message: 'errors.guidance_invalid' })
  @MaxLength(10000, { message: 'errors.guidance_invalid' })
  guidance?: string;

  @Optional()
  @IsIn(LOCALES, { message: 'errors.language_invalid' })
  language?: Locale;

  @TranslationsField(CallTranslationsDto)
  translations?: CallTranslationsDto;

  @ApiProperty({ required: false, nullable: true, description: 'A session of the consultation' })
  @Optional()
  @IsUUID('all', { message: 'errors.session_not_of_consultation' })
  sessionId?: string;

  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  opensAt: string;

  @Validate(IsInstant, { message: 'errors.datetime_invalid' })
  closesAt: string;

  @IsInt({ message: 'errors.word_limit_invalid' })
  @Min(1, { message: 'errors.word_limit_invalid' })
  @Max(100_000, { message: 'errors.word_limit_invalid' })
  wordLimit: number;

  @ApiProperty({ enum: CALL_ELIGIBILITIES })
  @IsIn(CALL_ELIGIBILITIES, { message: 'errors.call_eligibility_invalid' })
  eligibility: CallEligibility;

  @ApiProperty({ required: false, default: 1 })
  @Optional()
  @IsInt({ message: 'errors.per_organisation_invalid' })
  @Min(1, { message: 'errors.per_organisation_invalid' })
  @Max(100, { message: 'errors.per_organisation_invalid' })
  perOrganisation?: number;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  allowAttachment?: boolean;
}

export class SubmissionContentDto {
  @Transform(trim)
  @IsString({ message: 'errors.title_required' })
  @Length(1, 200, { message: 'errors.title_required' })
  title: string;

  @IsString({ message: 'errors.submission_body_required' })
  @Length(1, 200_000, { message: 'errors.submission_body_required' })
  body: string;

  @ApiProperty({ enum: SUBMISSION_LANGUAGES })
  @IsIn(SUBMISSION_LANGUAGES, { message: 'errors.submission_language_invalid' })
  language: SubmissionLanguage;

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  @IsArray({ message: 'errors.thematic_areas_invalid' })
  @ArrayMaxSize(THEMATIC_AREAS.length, { message: 'errors.thematic_areas_invalid' })
  @IsIn(THEMATIC_AREAS, { each: true, message: 'errors.thematic_areas_invalid' })
  themes: ThematicArea[];

  @ApiProperty({ required: false, type: [String], description: 'Co-signing organisations' })
  @Optional()
  @IsArray({ message: 'errors.cosigner_unknown' })
  @ArrayMaxSize(50, { message: 'errors.cosigner_unknown' })
  @IsUUID('all', { each: true, message: 'errors.cosigner_unknown' })
  cosignerOrganisationIds?: string[];
}

export class CreateSubmissionDto extends SubmissionContentDto {
  @IsUUID('all', { message: 'errors.organisation_required' })
  organisationId: string;

  @ApiProperty({ required: false, description: 'Keep it as a draft instead of submitting it' })
  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  draft?: boolean;
}

export class UpdateSubmissionDto extends PartialType(OmitType(SubmissionContentDto, []), {
  skipNullProperties: false,
}) {}

export const COSIGN_DECISIONS = ['confirm', 'decline'] as const;
export type CosignDecision = (typeof COSIGN_DECISIONS)[number];

export class CosignDto {
  @IsUUID('all', { message: 'errors.organisation_required' })
  organisationId: string;

  @ApiProperty({ enum: COSIGN_DECISIONS })
  @IsIn(COSIGN_DECISIONS, { message: 'errors.cosign_decision_invalid' })
  decision: CosignDecision;
}

export const SUBMISSION_DECISIONS = ['publish', 'return'] as const;
export type SubmissionDecision = (typeof SUBMISSION_DECISIONS)[number];

export class SubmissionDecisionDto {
  @ApiProperty({ enum: SUBMISSION_DECISIONS })
  @IsIn(SUBMISSION_DECISIONS, { message: 'errors.submission_decision_invalid' })
  decision: SubmissionDecision;

  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @MaxLength(2000, { message: 'errors.reason_required' })
  reason?: string;
}

/** The archive's filters; `q` searches words of title and body. */
export class SubmissionQueryDto extends PageQueryDto {
  @Optional()
  @IsUUID('all', { message: 'errors.filter_invalid' })
  consultationId?: string;

  @Optional()
  @IsUUID('all', { message: 'errors.filter_invalid' })
  callId?: string;

  @Optional()
  @IsUUID('all', { message: 'errors.filter_invalid' })
  sessionId?: string;

  @Optional()
  @IsUUID('all', { message: 'errors.filter_invalid' })
  organisationId?: string;

  @Optional()
  @IsIn(THEMATIC_AREAS, { message: 'errors.thematic_areas_invalid' })
  theme?: ThematicArea;

  @Optional()
  @IsIn(REGIONS, { message: 'errors.region_invalid' })
  region?: string;

  @Optional()
  @IsIn(ORGANISATION_TYPES, { message: 'errors.organisation_type_invalid' })
  type?: OrganisationType;

  @Optional()
  @IsIn(SUBMISSION_LANGUAGES, { message: 'errors.submission_language_invalid' })
  language?: SubmissionLanguage;

  @Optional()
  @Transform(toBool)
  @IsBoolean({ message: 'errors.boolean_expected' })
  mine?: boolean;
}
