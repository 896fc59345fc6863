import { ApiProperty } from '@nestjs/swagger';
import { LOCALES, Locale } from '../common/roles';
import { TranslationsResponse } from '../common/translations';
import { THEMATIC_AREAS } from '../organisations/organisation.entity';
import { CALL_ELIGIBILITIES, CallEligibility } from './input-call.entity';
import { CosignerStatus } from './submission-cosigner.entity';
import { SUBMISSION_LANGUAGES, SubmissionStatus } from './submission.entity';

/** A call's texts in one language: those that are translated. */
export class CallTextResponse {
  @ApiProperty({ required: false })
  title?: string;

  @ApiProperty({ required: false })
  guidance?: string;
}

export class CallTranslationsResponse extends TranslationsResponse(CallTextResponse) {}

export class InputCallResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  sessionId!: string | null;

  @ApiProperty({ description: 'In `language`, as is guidance' })
  title!: string;

  @ApiProperty()
  guidance!: string;

  @ApiProperty({ enum: LOCALES })
  language!: Locale;

  @ApiProperty({ type: CallTranslationsResponse })
  translations!: CallTranslationsResponse;

  @ApiProperty({ format: 'date-time' })
  opensAt!: string;

  @ApiProperty({ format: 'date-time' })
  closesAt!: string;

  @ApiProperty({ description: 'Open now: opensAt ≤ now < closesAt' })
  open!: boolean;

  @ApiProperty()
  wordLimit!: number;

  @ApiProperty({ enum: CALL_ELIGIBILITIES })
  eligibility!: CallEligibility;

  @ApiProperty({ description: 'Submitted, returned and published submissions per organisation' })
  perOrganisation!: number;

  @ApiProperty()
  allowAttachment!: boolean;
}

export class InputCallListResponse {
  @ApiProperty({ type: [InputCallResponse] })
  items!: InputCallResponse[];
}

export class SubmissionOrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ nullable: true, type: String })
  acronym!: string | null;

  @ApiProperty()
  country!: string;

  @ApiProperty()
  region!: string;

  @ApiProperty()
  type!: string;

  @ApiProperty({ description: 'Has observer status' })
  observer!: boolean;
}

export class CosignerResponse {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Has observer status (listed first; others "also on behalf of")' })
  observer!: boolean;

  @ApiProperty({ enum: Object.values(CosignerStatus) })
  status!: CosignerStatus;
}

export class AttachmentResponse {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  size!: number;

  @ApiProperty({ description: 'Download link (PDF)' })
  url!: string;
}

export class SubmissionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  callId!: string;

  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  sessionId!: string | null;

  @ApiProperty({ type: SubmissionOrganisationResponse })
  organisation!: SubmissionOrganisationResponse;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  body!: string;

  @ApiProperty()
  wordCount!: number;

  @ApiProperty({ enum: SUBMISSION_LANGUAGES })
  language!: string;

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  themes!: string[];

  @ApiProperty({ enum: Object.values(SubmissionStatus) })
  status!: SubmissionStatus;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why it was returned: shown to its organisation and staff only',
  })
  reason!: string | null;

  @ApiProperty({
    type: [CosignerResponse],
    description:
      'Confirmed co-signers, observers first (the submitting organisation and staff also see invited and declined ones)',
  })
  cosigners!: CosignerResponse[];

  @ApiProperty({ type: AttachmentResponse, nullable: true })
  attachment!: AttachmentResponse | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  submittedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  publishedAt!: string | null;

  @ApiProperty({ description: 'The stable page to cite' })
  url!: string;
}

/** An archive entry: what a list shows, without the co-signers. */
export class SubmissionSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  callId!: string;

  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty({ type: SubmissionOrganisationResponse })
  organisation!: SubmissionOrganisationResponse;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'The first 300 characters of the text' })
  excerpt!: string;

  @ApiProperty({ enum: SUBMISSION_LANGUAGES })
  language!: string;

  @ApiProperty({ enum: THEMATIC_AREAS, isArray: true })
  themes!: string[];

  @ApiProperty({ enum: Object.values(SubmissionStatus) })
  status!: SubmissionStatus;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  publishedAt!: string | null;

  @ApiProperty()
  url!: string;
}
