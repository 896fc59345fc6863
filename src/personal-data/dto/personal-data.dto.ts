import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';
import { toBool } from '../../common/transforms';

/** DELETE /me: the current password, and an explicit yes. */
export class DeleteAccountDto {
  @IsString({ message: 'errors.current_password_wrong' })
  @MinLength(1, { message: 'errors.current_password_wrong' })
  @MaxLength(128, { message: 'errors.current_password_wrong' })
  password: string;

  @ApiProperty({ enum: [true], description: 'Must be true: the account cannot be restored.' })
  @Transform(toBool)
  @Equals(true, { message: 'errors.delete_confirm_required' })
  confirmed: boolean;
}

export class PublishParticipantsDto {
  @Transform(toBool)
  @IsBoolean({ message: 'errors.boolean_expected' })
  published: boolean;
}
