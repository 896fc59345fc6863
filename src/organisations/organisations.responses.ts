import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../accounts/accounts.responses';
import { ErrorResponse } from '../common/api-responses';
import { MembershipRole } from './membership.entity';
import {
  ObserverStatus,
  ORGANISATION_TYPES,
  OrganisationType,
  THEMATIC_AREAS,
  ThematicArea,
} from './organisation.entity';

/** What anyone may read about an organisation. */
export class PublicOrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  acronym!: string | null;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'SN' })
  country!: string;

  @ApiProperty({ description: 'UN M49 region, derived from the country', example: 'africa' })
  region!: string;

  @ApiProperty({ enum: [...ORGANISATION_TYPES] })
  type!: OrganisationType;

  @ApiProperty({ enum: [...THEMATIC_AREAS], isArray: true })
  thematicAreas!: ThematicArea[];

  @ApiProperty({ type: String, nullable: true })
  website!: string | null;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: Number, nullable: true })
  foundedYear!: number | null;

  @ApiProperty()
  migrantLed!: boolean;

  @ApiProperty()
  womenLed!: boolean;

  @ApiProperty()
  youthLed!: boolean;

  @ApiProperty({ enum: ObserverStatus })
  observerStatus!: ObserverStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  observerSince!: string | null;
}

/** What the organisation's members and staff read. */
export class OrganisationResponse extends PublicOrganisationResponse {
  @ApiProperty({ type: String, nullable: true })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true })
  suspendedReason!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: MembershipRole })
  role!: MembershipRole;

  @ApiProperty({ format: 'date-time' })
  since!: string;
}

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: MembershipRole })
  role!: MembershipRole;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

export class MembersResponse {
  @ApiProperty({ type: [MemberResponse] })
  items!: MemberResponse[];

  @ApiProperty({ type: [InvitationResponse], description: 'Invitations not yet accepted.' })
  invitations!: InvitationResponse[];
}

export class MemberRoleResponse {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ enum: MembershipRole })
  role!: MembershipRole;
}

export class JoinedOrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ enum: MembershipRole })
  role!: MembershipRole;
}

export class MembershipSummaryResponse {
  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: MembershipRole })
  role!: MembershipRole;
}

/** GET /me: the user with the organisations they belong to. */
export class MeResponse extends UserResponse {
  @ApiProperty({ type: [MembershipSummaryResponse] })
  memberships!: MembershipSummaryResponse[];
}

export class DuplicateOrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  acronym!: string | null;

  @ApiProperty()
  country!: string;
}

/** 409 POSSIBLE_DUPLICATE: the similar organisations this user may see, and how many there are. */
export class PossibleDuplicateResponse extends ErrorResponse {
  @ApiProperty({ type: [DuplicateOrganisationResponse] })
  duplicates!: DuplicateOrganisationResponse[];

  @ApiProperty()
  similarExists!: boolean;

  @ApiProperty()
  similarCount!: number;
}
