import { ApiProperty } from '@nestjs/swagger';

export class MyAccountResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['cso', 'reviewer', 'admin'] }) role!: string;
  @ApiProperty({ enum: ['en', 'fr', 'es'] }) locale!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) emailVerifiedAt!:
    string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MyApiTokenResponse {
  @ApiProperty() label!: string;
  @ApiProperty({ enum: ['read', 'write'] }) scope!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
}

export class MyMembershipResponse {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: ['focal_point', 'member'] }) role!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

export class MyRegistrationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) consultationId!: string;
  @ApiProperty() consultationTitle!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ description: 'The user is this registration’s participant (by email).' })
  asParticipant!: boolean;
  @ApiProperty({ description: 'The user registered this participant.' })
  asRegistrant!: boolean;
  @ApiProperty() participantName!: string;
  @ApiProperty() participantEmail!: string;
  @ApiProperty() position!: string;
  @ApiProperty() gender!: string;
  @ApiProperty() nationality!: string;
  @ApiProperty() accessibilityNeeds!: string;
  @ApiProperty() dietaryNeeds!: string;
  @ApiProperty() needsVisaLetter!: boolean;
  @ApiProperty() publishConsent!: boolean;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkedInAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MyCostLineResponse {
  @ApiProperty() kind!: string;
  @ApiProperty({ description: 'Minor units of the currency.' }) amount!: number;
}

export class MyFundingApplicationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) registrationId!: string;
  @ApiProperty({ format: 'uuid' }) consultationId!: string;
  @ApiProperty({ type: [MyCostLineResponse] }) lines!: MyCostLineResponse[];
  @ApiProperty({ description: 'Minor units.' }) requestedMinor!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units.' }) awardedMinor!:
    number | null;
  @ApiProperty() currency!: string;
  @ApiProperty() departureCity!: string;
  @ApiProperty() departureCountry!: string;
  @ApiProperty() justification!: string;
  @ApiProperty() couldAttendWithout!: boolean;
  @ApiProperty() status!: string;
  @ApiProperty() decisionReason!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MySubmissionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) consultationId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty() language!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MyAccreditationRequestResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
}

export class MyAuditEventResponse {
  @ApiProperty() action!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** GET /me/data: everything Convene holds about the signed-in user, and nothing about anyone else. */
export class MyDataResponse {
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: MyAccountResponse }) account!: MyAccountResponse;
  @ApiProperty({ type: [MyApiTokenResponse] }) apiTokens!: MyApiTokenResponse[];
  @ApiProperty({ type: [MyMembershipResponse] }) memberships!: MyMembershipResponse[];
  @ApiProperty({
    type: [MyRegistrationResponse],
    description:
      'Registrations where the user is the participant, and those they registered (with the participant details they entered).',
  })
  registrations!: MyRegistrationResponse[];
  @ApiProperty({ type: [MyFundingApplicationResponse] })
  fundingApplications!: MyFundingApplicationResponse[];
  @ApiProperty({ type: [MySubmissionResponse] }) submissions!: MySubmissionResponse[];
  @ApiProperty({ type: [MyAccreditationRequestResponse] })
  accreditationRequests!: MyAccreditationRequestResponse[];
  @ApiProperty({ type: [MyAuditEventResponse], description: 'What the user did: action and date.' })
  auditEvents!: MyAuditEventResponse[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'object' } },
    description: 'Sections other modules add (letterRequests, without passport number).',
  })
  additional!: Record<string, Record<string, unknown>[]>;
}
