import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsUrl,
  MaxLength,
} from 'class-validator';
import { toBool, trim } from '../../common/transforms';
import { WEBHOOK_EVENTS } from '../webhook-events';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://pass-office.example.org/convene', maxLength: 2000 })
  @Transform(trim)
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      disallow_auth: true,
    },
    { message: 'errors.webhook_url_invalid' },
  )
  @MaxLength(2000, { message: 'errors.webhook_url_invalid' })
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value))
  @IsArray({ message: 'errors.webhook_events_invalid' })
  @ArrayMinSize(1, { message: 'errors.webhook_events_invalid' })
  @ArrayUnique({ message: 'errors.webhook_events_invalid' })
  @IsIn(WEBHOOK_EVENTS, { each: true, message: 'errors.webhook_events_invalid' })
  events: string[];
}

export class UpdateWebhookDto {
  @ApiProperty()
  @Transform(toBool)
  @IsBoolean({ message: 'errors.webhook_enabled_invalid' })
  enabled: boolean;
}
