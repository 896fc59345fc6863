import { ApiProperty } from '@nestjs/swagger';

export class AuditActorResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  email!: string;
}

export class AuditEventResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: AuditActorResponse, nullable: true, description: 'null for the system.' })
  actor!: AuditActorResponse | null;

  @ApiProperty({ example: 'registration.cancelled' })
  action!: string;

  @ApiProperty({ example: 'registration' })
  entity!: string;

  @ApiProperty()
  entityId!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What changed; its fields depend on the action.',
  })
  details!: Record<string, unknown>;
}
