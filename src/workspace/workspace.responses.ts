import { ApiProperty } from '@nestjs/swagger';
import { ErrorResponse } from '../common/api-responses';
import { RegistrationStatus } from '../registrations/registration.entity';

export class MergedCountsResponse {
  @ApiProperty() memberships!: number;
  @ApiProperty() accreditationRequests!: number;
  @ApiProperty() registrations!: number;
  @ApiProperty() fundingApplications!: number;
  @ApiProperty() submissions!: number;
  @ApiProperty() invitations!: number;
  @ApiProperty() actionPointUpdates!: number;
  @ApiProperty() letterRequests!: number;
  @ApiProperty() cosignatures!: number;
  @ApiProperty() actionPoints!: number;
}

export class MergeResponse {
  @ApiProperty({ description: 'The organisation that survives.' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'The organisation merged into it; its id now leads here.' })
  mergedId!: string;

  @ApiProperty({ type: MergedCountsResponse, description: 'How many records of each kind moved.' })
  moved!: MergedCountsResponse;
}

export class MergeConflictItemResponse {
  @ApiProperty()
  consultationId!: string;

  @ApiProperty()
  participantName!: string;

  @ApiProperty({ type: [String], description: 'One address, or both when recognised by name.' })
  participantEmails!: string[];

  @ApiProperty({
    type: [String],
    description: 'The active registrations: the merged organisation’s, then the survivor’s.',
  })
  registrationIds!: string[];
}

/** 409: MERGE_CONFLICT (one participant is actively registered by both for one consultation), or INVALID_TRANSITION (either side already merged). */
export class MergeConflictResponse extends ErrorResponse {
  @ApiProperty({
    type: [MergeConflictItemResponse],
    required: false,
    description: 'With MERGE_CONFLICT: each participant registered by both.',
  })
  conflicts?: MergeConflictItemResponse[];
}

export class BulkDecisionItemResponse {
  @ApiProperty()
  id!: string;

  @ApiProperty({
    enum: RegistrationStatus,
    nullable: true,
    type: String,
    description: 'The new status; null when this one was not decided.',
  })
  status!: RegistrationStatus | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it was not decided (e.g. INVALID_TRANSITION, OWN_ORGANISATION, NOT_FOUND).',
  })
  code!: string | null;
}

export class BulkDecisionResponse {
  @ApiProperty({ type: [BulkDecisionItemResponse], description: 'One per id, in the order sent.' })
  items!: BulkDecisionItemResponse[];

  @ApiProperty({ description: 'How many were decided.' })
  decided!: number;

  @ApiProperty({ description: 'How many could not be.' })
  refused!: number;
}

export class MessageCountResponse {
  @ApiProperty({ description: 'How many participants it goes (or would go) to.' })
  count!: number;

  @ApiProperty({
    required: false,
    description: 'The copy kept on the consultation (absent for a dry run).',
  })
  id?: string;
}
