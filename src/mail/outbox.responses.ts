import { ApiProperty } from '@nestjs/swagger';
import { MailKind, OutboxStatus } from './outbox-message.entity';

export class OutboxMessageResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  recipient!: string;

  @ApiProperty({ example: 'registration-confirmed' })
  template!: string;

  @ApiProperty({ example: 'en' })
  locale!: string;

  @ApiProperty({ enum: MailKind })
  kind!: MailKind;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The template's data: its fields depend on the template; one-time links are redacted.",
  })
  payload!: Record<string, unknown>;

  @ApiProperty({ enum: OutboxStatus })
  status!: OutboxStatus;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  nextAttemptAt!: string;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  prunedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CountResponse {
  @ApiProperty()
  count!: number;
}
