import { ApiProperty } from '@nestjs/swagger';
import { CounterMismatch } from './counter-check';

const COUNTERS = [
  'held',
  'waitlistLength',
  'waitlistNext',
  'seatsConfirmed',
  'seatsOffered',
  'capacity',
] as const;

export class CounterMismatchResponse {
  @ApiProperty({ enum: COUNTERS })
  counter!: CounterMismatch['counter'];

  @ApiProperty({ format: 'uuid' })
  consultationId!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  organisationId!: string | null;

  @ApiProperty({ description: 'What the counter says.' })
  value!: number;

  @ApiProperty({ description: 'What the registration rows say.' })
  rows!: number;
}

export class CounterCheckResponse {
  @ApiProperty({ description: 'True when every counter equals the rows it counts.' })
  ok!: boolean;

  @ApiProperty({ type: [CounterMismatchResponse] })
  mismatches!: CounterMismatchResponse[];
}
