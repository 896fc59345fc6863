import { ApiProperty } from '@nestjs/swagger';
import { Gender, GENDERS, RegistrationStatus } from './registration.entity';

export class ParticipantResponse {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  position!: string;

  @ApiProperty({ enum: [...GENDERS] })
  gender!: Gender;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2' })
  nationality!: string;

  @ApiProperty()
  accessibilityNeeds!: string;

  @ApiProperty()
  dietaryNeeds!: string;

  @ApiProperty()
  needsVisaLetter!: boolean;

  @ApiProperty()
  publishConsent!: boolean;
}

export class PendingSubstituteResponse extends ParticipantResponse {
  @ApiProperty({ format: 'uuid' })
  requestedById!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;
}

export class RegistrationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ format: 'uuid' })
  registeredById!: string;

  @ApiProperty({ type: ParticipantResponse })
  participant!: ParticipantResponse;

  @ApiProperty({ enum: RegistrationStatus })
  status!: RegistrationStatus;

  @ApiProperty({ type: Number, nullable: true, description: '1 is next; null unless waitlisted.' })
  waitlistPosition!: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  offerExpiresAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  checkedInAt!: string | null;

  @ApiProperty({
    description: 'Moves on at each substitution; badges and calendar entries carry it.',
  })
  participantVersion!: number;

  @ApiProperty({
    type: PendingSubstituteResponse,
    nullable: true,
    description: 'A requested substitution waiting for a reviewer.',
  })
  pendingSubstitute!: PendingSubstituteResponse | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The signed check-in token its badge QR code carries (verify with GET /api/v1/badges/public-key); null unless confirmed.',
  })
  checkInCode!: string | null;
}
