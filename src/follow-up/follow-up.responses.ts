import { ApiProperty } from '@nestjs/swagger';
import { LOCALES, Locale } from '../common/roles';
import { TranslationsResponse } from '../common/translations';
import { THEMATIC_AREAS } from '../organisations/organisation.entity';
import { ActionPointStatus } from './action-point.entity';
import { UpdateKind } from './action-point-update.entity';

export class ItemTextResponse {
  @ApiProperty({ required: false })
  text?: string;
}
export class ItemTranslationsResponse extends TranslationsResponse(ItemTextResponse) {}

export class SummaryTextResponse {
  @ApiProperty({ required: false })
  summary?: string;
}
export class SummaryTranslationsResponse extends TranslationsResponse(SummaryTextResponse) {}

export class ConclusionResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId!: string | null;

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: ItemTranslationsResponse })
  translations!: ItemTranslationsResponse;
}

export class RecommendationResponse {
  @ApiProperty()
  text!: string;

  @ApiProperty({ type: [String], description: 'The submissions it answers' })
  submissionIds!: string[];

  @ApiProperty({ type: ItemTranslationsResponse })
  translations!: ItemTranslationsResponse;
}

export class OutcomeResponse {
  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty()
  summary!: string;

  @ApiProperty({ enum: LOCALES })
  language!: Locale;

  @ApiProperty({ type: SummaryTranslationsResponse })
  translations!: SummaryTranslationsResponse;

  @ApiProperty({ type: [ConclusionResponse] })
  conclusions!: ConclusionResponse[];

  @ApiProperty({ type: [RecommendationResponse] })
  recommendations!: RecommendationResponse[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: string | null;
}

export class ActionPointUpdateResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  authorId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  organisationId!: string | null;

  @ApiProperty({ enum: UpdateKind })
  kind!: UpdateKind;

  @ApiProperty()
  text!: string;

  @ApiProperty({ enum: ActionPointStatus, nullable: true, description: 'The status it moved to' })
  status!: ActionPointStatus | null;

  @ApiProperty({ type: String, nullable: true })
  link!: string | null;
}

export class ActionPointResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '2013-AP1' })
  reference!: string;

  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty({ description: 'The adopting consultation’s year' })
  year!: number;

  @ApiProperty()
  text!: string;

  @ApiProperty({ enum: LOCALES })
  language!: Locale;

  @ApiProperty({ type: ItemTranslationsResponse })
  translations!: ItemTranslationsResponse;

  @ApiProperty()
  responsibleHost!: boolean;

  @ApiProperty({ type: [String] })
  responsibleOrganisationIds!: string[];

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  themes!: string[];

  @ApiProperty({ type: String, nullable: true, example: '2014-09-12' })
  targetDate!: string | null;

  @ApiProperty({ enum: ActionPointStatus })
  status!: ActionPointStatus;

  @ApiProperty()
  completionProposed!: boolean;

  @ApiProperty({ description: 'Past its target date with no update for 90 days' })
  overdue!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: [ActionPointUpdateResponse] })
  updates!: ActionPointUpdateResponse[];
}

export class FollowUpResponse {
  @ApiProperty({
    type: [ActionPointResponse],
    description: 'Adopted by earlier consultations and still open or in progress',
  })
  earlier!: ActionPointResponse[];

  @ApiProperty({ type: [ActionPointResponse], description: 'Adopted by this consultation' })
  own!: ActionPointResponse[];
}
