import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsString, MaxLength } from 'class-validator';
import { toBool, toInt, trim } from '../../common/transforms';
import { Optional } from '../../common/validation';

/** A scan at the door: the badge's code, when it was scanned (for scans queued offline), and whether staff confirmed a check-in outside the consultation's days. */
export class CheckInDto {
  @Transform(trim)
  @IsString({ message: 'errors.badge_code_invalid' })
  @MaxLength(200, { message: 'errors.badge_code_invalid' })
  code: string;

  @Optional()
  @IsISO8601({ strict: true }, { message: 'errors.scanned_at_invalid' })
  scannedAt?: string;

  @Optional()
  @Transform(toBool)
  @IsBoolean({ message: 'errors.boolean_expected' })
  override?: boolean;
}

/** `?perPage=` of the staff sheet: 1 (A6 pages), 4 or 8 badges on A4. */
export class BadgeSheetQueryDto {
  @Optional()
  @Transform(toInt)
  @IsIn([1, 4, 8], { message: 'errors.per_page_invalid' })
  perPage?: 1 | 4 | 8;
}

/** `?token=`: the participant's own link. */
export class ParticipantTokenQueryDto {
  @IsString({ message: 'errors.not_found' })
  @MaxLength(100, { message: 'errors.not_found' })
  token: string;
}
