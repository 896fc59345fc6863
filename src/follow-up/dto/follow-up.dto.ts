import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { LOCALES, Locale } from '../../common/roles';
import { toInt, trim } from '../../common/transforms';
import { TranslatedText, TranslationsDto, TranslationsField } from '../../common/translations';
import { Optional } from '../../common/validation';
import { THEMATIC_AREAS, ThematicArea } from '../../organisations/organisation.entity';
import { ActionPointStatus } from '../action-point.entity';

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** http and https only: a link in an update is shown to everyone. */
export const LINK_PATTERN = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

export class ItemTextDto {
  @TranslatedText(5000, 'errors.outcome_text_invalid')
  text?: string;
}
export class ItemTranslationsDto extends TranslationsDto(ItemTextDto) {}

export class SummaryTextDto {
  @TranslatedText(20000, 'errors.outcome_text_invalid')
  summary?: string;
}
export class SummaryTranslationsDto extends TranslationsDto(SummaryTextDto) {}

export class ConclusionDto {
  @ApiProperty({ required: false, format: 'uuid', description: 'The agenda session it concludes' })
  @Optional()
  @IsUUID('all', { message: 'errors.session_invalid' })
  sessionId?: string;

  @Transform(trim)
  @IsString({ message: 'errors.outcome_text_invalid' })
  @Length(1, 5000, { message: 'errors.outcome_text_invalid' })
  text: string;

  @TranslationsField(ItemTranslationsDto)
  translations?: ItemTranslationsDto;
}

export class RecommendationDto {
  @Transform(trim)
  @IsString({ message: 'errors.outcome_text_invalid' })
  @Length(1, 5000, { message: 'errors.outcome_text_invalid' })
  text: string;

  @ApiProperty({ required: false, type: [String], description: 'Submissions it answers' })
  @Optional()
  @IsArray({ message: 'errors.submissions_invalid' })
  @ArrayMaxSize(100, { message: 'errors.submissions_invalid' })
  @ArrayUnique({ message: 'errors.submissions_invalid' })
  @IsUUID('all', { each: true, message: 'errors.submissions_invalid' })
  submissionIds?: string[];

  @TranslationsField(ItemTranslationsDto)
  translations?: ItemTranslationsDto;
}

export class OutcomeDto {
  @Optional()
  @IsString({ message: 'errors.outcome_text_invalid' })
  @MaxLength(20000, { message: 'errors.outcome_text_invalid' })
  summary?: string;

  @ApiProperty({ required: false, enum: LOCALES })
  @Optional()
  @IsIn(LOCALES, { message: 'errors.language_invalid' })
  language?: Locale;

  @TranslationsField(SummaryTranslationsDto)
  translations?: SummaryTranslationsDto;

  @ApiProperty({ required: false, type: [ConclusionDto] })
  @Optional()
  @IsArray({ message: 'errors.outcome_items_invalid' })
  @ArrayMaxSize(200, { message: 'errors.outcome_items_invalid' })
  @ValidateNested({ each: true })
  @Type(() => ConclusionDto)
  conclusions?: ConclusionDto[];

  @ApiProperty({ required: false, type: [RecommendationDto] })
  @Optional()
  @IsArray({ message: 'errors.outcome_items_invalid' })
  @ArrayMaxSize(200, { message: 'errors.outcome_items_invalid' })
  @ValidateNested({ each: true })
  @Type(() => RecommendationDto)
  recommendations?: RecommendationDto[];
}

export class CreateActionPointDto {
  @ApiProperty({ required: false, example: '2013-AP1', description: 'Generated when left out' })
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reference_invalid' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { message: 'errors.reference_invalid' })
  reference?: string;

  @Transform(trim)
  @IsString({ message: 'errors.action_text_required' })
  @Length(1, 5000, { message: 'errors.action_text_required' })
  text: string;

  @ApiProperty({ required: false, enum: LOCALES })
  @Optional()
  @IsIn(LOCALES, { message: 'errors.language_invalid' })
  language?: Locale;

  @TranslationsField(ItemTranslationsDto)
  translations?: ItemTranslationsDto;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  responsibleHost?: boolean;

  @ApiProperty({ required: false, type: [String] })
  @Optional()
  @IsArray({ message: 'errors.responsible_invalid' })
  @ArrayMaxSize(50, { message: 'errors.responsible_invalid' })
  @ArrayUnique({ message: 'errors.responsible_invalid' })
  @IsUUID('all', { each: true, message: 'errors.responsible_invalid' })
  responsibleOrganisationIds?: string[];

  @ApiProperty({ required: false, enum: THEMATIC_AREAS, isArray: true })
  @Optional()
  @IsArray({ message: 'errors.thematic_areas_invalid' })
  @ArrayUnique({ message: 'errors.thematic_areas_invalid' })
  @IsIn(THEMATIC_AREAS, { each: true, message: 'errors.thematic_areas_invalid' })
  themes?: ThematicArea[];

  @ApiProperty({ required: false, example: '2014-09-12', description: 'YYYY-MM-DD' })
  @Optional()
  @IsString({ message: 'errors.date_invalid' })
  @Matches(DAY_PATTERN, { message: 'errors.date_invalid' })
  targetDate?: string;
}

export class UpdateActionPointDto extends PartialType(CreateActionPointDto, {
  skipNullProperties: false,
}) {
  @ApiProperty({
    required: false,
    enum: ['confirm', 'refuse'],
    description: 'Decide a completion a responsible organisation proposed',
  })
  @Optional()
  @IsIn(['confirm', 'refuse'], { message: 'errors.completion_invalid' })
  completion?: 'confirm' | 'refuse';

  @ApiProperty({ required: false, description: 'Why a completion is refused' })
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_invalid' })
  @MaxLength(5000, { message: 'errors.reason_invalid' })
  reason?: string;
}

export class ActionPointUpdateDto {
  @Transform(trim)
  @IsString({ message: 'errors.update_text_required' })
  @Length(1, 5000, { message: 'errors.update_text_required' })
  text: string;

  @ApiProperty({ required: false, enum: ActionPointStatus })
  @Optional()
  @IsIn(Object.values(ActionPointStatus), { message: 'errors.status_invalid' })
  status?: ActionPointStatus;

  @ApiProperty({ required: false, example: 'https://example.org/report' })
  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.link_invalid' })
  @MaxLength(500, { message: 'errors.link_invalid' })
  @Matches(LINK_PATTERN, { message: 'errors.link_invalid' })
  link?: string;

  @ApiProperty({
    required: false,
    format: 'uuid',
    description:
      'The responsible organisation written for (default: the first one the author is focal point of)',
  })
  @Optional()
  @IsUUID('all', { message: 'errors.organisation_invalid' })
  organisationId?: string;
}

export class ActionPointQueryDto {
  @ApiProperty({ required: false, enum: ActionPointStatus })
  @Optional()
  @IsIn(Object.values(ActionPointStatus), { message: 'errors.status_invalid' })
  status?: ActionPointStatus;

  @ApiProperty({ required: false, format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'errors.consultation_invalid' })
  consultationId?: string;

  @ApiProperty({ required: false, enum: THEMATIC_AREAS })
  @Optional()
  @IsIn(THEMATIC_AREAS, { message: 'errors.thematic_areas_invalid' })
  theme?: ThematicArea;

  @ApiProperty({ required: false, description: '`host`, or an organisation id' })
  @Optional()
  @Matches(/^(host|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'errors.responsible_invalid',
  })
  responsible?: string;

  @ApiProperty({ required: false, description: 'The adopting consultation’s year' })
  @Optional()
  @Transform(toInt)
  @IsInt({ message: 'errors.year_invalid' })
  @Min(1990, { message: 'errors.year_invalid' })
  @Max(2200, { message: 'errors.year_invalid' })
  year?: number;

  @ApiProperty({ required: false, minimum: 1 })
  @Optional()
  @Transform(toInt)
  @IsInt({ message: 'errors.page_invalid' })
  @Min(1, { message: 'errors.page_invalid' })
  page?: number;

  @ApiProperty({ required: false, minimum: 1, maximum: 500 })
  @Optional()
  @Transform(toInt)
  @IsInt({ message: 'errors.page_size_invalid' })
  @Min(1, { message: 'errors.page_size_invalid' })
  @Max(500, { message: 'errors.page_size_invalid' })
  pageSize?: number;

  @Optional()
  @IsString()
  lang?: string;
}
