import { ApiProperty } from '@nestjs/swagger';
import { DOCUMENT_KINDS, DocumentKind } from './accreditation-document.entity';
import {
  AccreditationEventType,
  REJECTION_REASONS,
  RejectionReason,
} from './accreditation-event.entity';
import { AccreditationStatus } from './accreditation-request.entity';

export class RequestOrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  country!: string;

  @ApiProperty()
  region!: string;
}

export class DocumentResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: [...DOCUMENT_KINDS] })
  kind!: DocumentKind;

  @ApiProperty({ description: 'The file name it was uploaded with.' })
  name!: string;

  @ApiProperty({ description: 'Bytes' })
  size!: number;

  @ApiProperty({ format: 'date-time' })
  uploadedAt!: string;

  @ApiProperty({ description: 'Where to download it.' })
  url!: string;
}

const API_DECISIONS = ['approve', 'reject', 'request_info'] as const;
export type ApiDecision = (typeof API_DECISIONS)[number];

export class DecisionResponse {
  @ApiProperty({ enum: [...API_DECISIONS] })
  decision!: ApiDecision;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ enum: [...REJECTION_REASONS], nullable: true })
  reasonCode!: RejectionReason | null;

  @ApiProperty({ description: "The reviewer's name." })
  by!: string;

  @ApiProperty({ format: 'uuid' })
  byId!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class ActorResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;
}

export class RequestEventResponse {
  @ApiProperty({ enum: AccreditationEventType })
  type!: AccreditationEventType;

  @ApiProperty()
  message!: string;

  @ApiProperty({ enum: [...REJECTION_REASONS], nullable: true })
  reasonCode!: RejectionReason | null;

  @ApiProperty({ type: ActorResponse })
  by!: ActorResponse;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

/** One line of the review queue. */
export class AccreditationRequestSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: AccreditationStatus })
  status!: AccreditationStatus;

  @ApiProperty({ type: RequestOrganisationResponse })
  organisation!: RequestOrganisationResponse;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;
}

/** A request with its documents, decisions (who, when, what, why) and the conversation. */
export class AccreditationRequestResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ type: RequestOrganisationResponse })
  organisation!: RequestOrganisationResponse;

  @ApiProperty({ enum: AccreditationStatus })
  status!: AccreditationStatus;

  @ApiProperty()
  motivation!: string;

  @ApiProperty()
  migrationActivities!: string;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({ type: [DocumentResponse] })
  documents!: DocumentResponse[];

  @ApiProperty({ type: [DecisionResponse] })
  decisions!: DecisionResponse[];

  @ApiProperty({ type: [RequestEventResponse] })
  history!: RequestEventResponse[];
}
