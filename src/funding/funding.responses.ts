import { ApiProperty } from '@nestjs/swagger';
import { GENDERS, Gender } from '../registrations/registration.entity';
import { COST_KINDS, CostKind, FundingStatus } from './funding-application.entity';

export class PriorityResponse {
  @ApiProperty()
  score!: number;

  @ApiProperty({ type: [String], description: 'Each reason of the score, in words.' })
  reasons!: string[];
}

export class CostLineResponse {
  @ApiProperty({ enum: [...COST_KINDS] })
  kind!: CostKind;

  @ApiProperty({ example: '850.00' })
  amount!: string;
}

/** An application; the priority snapshots are answered to staff (ranked list and decisions). */
export class FundingApplicationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  registrationId!: string;

  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ type: [CostLineResponse] })
  lines!: CostLineResponse[];

  @ApiProperty({ example: '850.00' })
  requestedTotal!: string;

  @ApiProperty()
  currency!: string;

  @ApiProperty()
  departureCity!: string;

  @ApiProperty()
  departureCountry!: string;

  @ApiProperty()
  justification!: string;

  @ApiProperty()
  couldAttendWithout!: boolean;

  @ApiProperty({ enum: FundingStatus })
  status!: FundingStatus;

  @ApiProperty({ type: String, nullable: true, example: '600.00' })
  awardedAmount!: string | null;

  @ApiProperty()
  decisionReason!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    type: PriorityResponse,
    nullable: true,
    required: false,
    description: "Staff only: the snapshot at decision for a decided one, else today's.",
  })
  priority?: PriorityResponse | null;

  @ApiProperty({ type: PriorityResponse, nullable: true, required: false })
  priorityAtSubmission?: PriorityResponse | null;

  @ApiProperty({ type: PriorityResponse, required: false })
  priorityToday?: PriorityResponse | null;
}

export class RankedOrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  region!: string;
}

export class RankedParticipantResponse {
  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: [...GENDERS] })
  gender!: Gender;
}

/** One line of the staff's ranked list. */
export class RankedApplicationResponse extends FundingApplicationResponse {
  @ApiProperty()
  awaitsAnotherReviewer!: boolean;

  @ApiProperty({ type: RankedOrganisationResponse })
  organisation!: RankedOrganisationResponse;

  @ApiProperty({ type: RankedParticipantResponse })
  participant!: RankedParticipantResponse;
}

export class BudgetResponse {
  @ApiProperty({ example: '10000.00' })
  budget!: string;

  @ApiProperty({ example: '850.00' })
  awarded!: string;

  @ApiProperty({ example: '9150.00' })
  remaining!: string;

  @ApiProperty({ description: 'Requested by applications awaiting a decision.' })
  awaiting!: string;

  @ApiProperty()
  currency!: string;

  @ApiProperty({ type: String, nullable: true })
  capPerApplication!: string | null;

  @ApiProperty({ enum: [...COST_KINDS], isArray: true })
  lineKinds!: CostKind[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deadline!: string | null;
}

export class ParticipationCountResponse {
  @ApiProperty()
  confirmed!: number;

  @ApiProperty()
  funded!: number;
}

const tally = (description: string) =>
  ApiProperty({
    description,
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ParticipationCountResponse' },
  });

/** Confirmed and funded participants, in total and by dimension (each keyed by its values). */
export class ParticipationResponse {
  @ApiProperty()
  confirmed!: number;

  @ApiProperty()
  funded!: number;

  @tally('By UN M49 region: africa, americas, asia, europe, oceania.')
  region!: Record<string, ParticipationCountResponse>;

  @tally('By organisation type.')
  organisationType!: Record<string, ParticipationCountResponse>;

  @tally('By gender of the participant.')
  gender!: Record<string, ParticipationCountResponse>;

  @tally('yes / no: first consultation of the organisation.')
  firstTime!: Record<string, ParticipationCountResponse>;

  @tally('yes / no')
  migrantLed!: Record<string, ParticipationCountResponse>;

  @tally('yes / no')
  womenLed!: Record<string, ParticipationCountResponse>;

  @tally('yes / no')
  youthLed!: Record<string, ParticipationCountResponse>;
}
