import { ApiProperty } from '@nestjs/swagger';
import { LOCALES, Locale } from '../common/roles';
import { TranslationsResponse } from '../common/translations';
import { ConsultationStatus, Eligibility } from './consultation.entity';

export class SeatsResponse {
  @ApiProperty()
  capacity!: number;

  @ApiProperty()
  confirmed!: number;

  @ApiProperty()
  offered!: number;

  @ApiProperty()
  available!: number;

  @ApiProperty()
  waitlisted!: number;
}

/** Money as a decimal string with at most two decimals. */
export class MoneyResponse {
  @ApiProperty({ example: '850.00' })
  amount!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;
}

/** A session's texts in one language: those that are translated. */
export class SessionTextResponse {
  @ApiProperty({ required: false })
  title?: string;

  @ApiProperty({ required: false })
  description?: string;
}

export class SessionTranslationsResponse extends TranslationsResponse(SessionTextResponse) {}

/** A consultation's texts in one language: those that are translated. */
export class ConsultationTextResponse {
  @ApiProperty({ required: false })
  title?: string;

  @ApiProperty({ required: false })
  theme?: string;

  @ApiProperty({ required: false })
  description?: string;
}

export class ConsultationTranslationsResponse extends TranslationsResponse(
  ConsultationTextResponse,
) {}

export class SessionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({
    type: SessionTranslationsResponse,
    description: "Title and description in other languages than the consultation's",
  })
  translations!: SessionTranslationsResponse;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;
}

export class ConsultationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'In `language`, as are theme and description' })
  title!: string;

  @ApiProperty()
  theme!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: LOCALES, description: 'The language of the original text' })
  language!: Locale;

  @ApiProperty({
    type: ConsultationTranslationsResponse,
    description:
      'Title, theme and description in other languages; a language without any is left out',
  })
  translations!: ConsultationTranslationsResponse;

  @ApiProperty()
  venue!: string;

  @ApiProperty()
  city!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2' })
  country!: string;

  @ApiProperty({ description: 'IANA time zone', example: 'Europe/Zurich' })
  timezone!: string;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({ format: 'date-time' })
  registrationOpensAt!: string;

  @ApiProperty({ format: 'date-time' })
  registrationClosesAt!: string;

  @ApiProperty()
  registrationOpen!: boolean;

  @ApiProperty()
  capacity!: number;

  @ApiProperty()
  perOrganisationLimit!: number;

  @ApiProperty({ enum: Eligibility })
  eligibility!: Eligibility;

  @ApiProperty()
  requiresApproval!: boolean;

  @ApiProperty({ type: MoneyResponse })
  fundingBudget!: MoneyResponse;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  fundingDeadline!: string | null;

  @ApiProperty({
    format: 'date-time',
    description:
      'Until when participants may be edited or substituted (default: registrationClosesAt).',
  })
  modificationDeadline!: string;

  @ApiProperty({ enum: ConsultationStatus })
  status!: ConsultationStatus;

  @ApiProperty({ type: SeatsResponse })
  seats!: SeatsResponse;

  @ApiProperty({ type: [SessionResponse] })
  sessions!: SessionResponse[];
}
