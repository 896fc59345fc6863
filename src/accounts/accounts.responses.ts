import { ApiProperty } from '@nestjs/swagger';
import { LOCALES, Locale, UserRole } from '../common/roles';
import { ApiTokenScope } from './api-token.entity';

/** The answer of a request whose outcome is told by mail (the same for a known or unknown email). */
export class MessageResponse {
  @ApiProperty()
  message!: string;
}

export class TokenResponse {
  @ApiProperty({ description: 'The personal token, shown once.' })
  token!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ enum: ApiTokenScope })
  scope!: ApiTokenScope;

  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: UserRole })
  role!: UserRole;

  @ApiProperty({ enum: [...LOCALES] })
  locale!: Locale;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  emailVerifiedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
