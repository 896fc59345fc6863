import { ApiProperty } from '@nestjs/swagger';
import { LetterStatus } from './letter-request.entity';

/** A letter request as its organisation and staff see it: never the passport number in clear, nor the date of birth. */
export class LetterRequestResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  registrationId!: string;

  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty({ format: 'uuid' })
  organisationId!: string;

  @ApiProperty({ enum: LetterStatus })
  status!: LetterStatus;

  @ApiProperty()
  participantName!: string;

  @ApiProperty()
  organisationName!: string;

  @ApiProperty({ description: 'Full name as in the passport.' })
  passportName!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2' })
  nationality!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'All but the last 3 characters hidden; null once erased.',
  })
  passportNumber!: string | null;

  @ApiProperty({ example: '2027-09-13', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  passportExpiry!: string;

  @ApiProperty()
  consulateCity!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2' })
  consulateCountry!: string;

  @ApiProperty({ example: '2027-09-13', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  arrivalDate!: string;

  @ApiProperty({ example: '2027-09-13', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
  departureDate!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  issuedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  @ApiProperty({ description: 'Why it was declined or revoked; empty otherwise.' })
  reason!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The letter this one replaced.',
  })
  previousId!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class VerifiedConsultationResponse {
  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  endsAt!: string;

  @ApiProperty()
  venue!: string;

  @ApiProperty()
  city!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2' })
  country!: string;
}

/** What a consulate learns from a verification code: enough to trust the letter, nothing more. */
export class LetterVerificationResponse {
  @ApiProperty({ enum: ['valid', 'revoked', 'expired'] })
  status!: 'valid' | 'revoked' | 'expired';

  @ApiProperty()
  participantName!: string;

  @ApiProperty({
    type: String,
    required: false,
    description: 'Masked except its last 3 characters; absent once erased.',
  })
  passportNumber?: string;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ type: VerifiedConsultationResponse })
  consultation!: VerifiedConsultationResponse;
}
