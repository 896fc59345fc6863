import { ApiProperty } from '@nestjs/swagger';

export class PublishedParticipantResponse {
  @ApiProperty() name!: string;
  @ApiProperty() organisation!: string;
  @ApiProperty({ description: 'The organisation’s country, ISO 3166-1 alpha-2.' })
  country!: string;
}

export class PublishedParticipantsResponse {
  @ApiProperty({ format: 'uuid' }) consultationId!: string;
  @ApiProperty({ type: [PublishedParticipantResponse] })
  participants!: PublishedParticipantResponse[];
}

export class ParticipantListStatusResponse {
  @ApiProperty({ format: 'uuid' }) consultationId!: string;
  @ApiProperty() participantsPublished!: boolean;
}
