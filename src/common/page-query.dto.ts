import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { toInt } from './transforms';
import { Optional } from './validation';

/** `page`, `pageSize` (≤ 100) and an optional search `q`, shared by every list. */
export class PageQueryDto {
  @Optional()
  @Transform(toInt)
  @IsInt({ message: 'errors.page_invalid' })
  @Min(1, { message: 'errors.page_invalid' })
  @Max(100_000, { message: 'errors.page_invalid' })
  page?: number;

  @Optional()
  @Transform(toInt)
  @IsInt({ message: 'errors.page_size_invalid' })
  @Min(1, { message: 'errors.page_size_invalid' })
  @Max(100, { message: 'errors.page_size_invalid' })
  pageSize?: number;

  @Optional()
  @IsString({ message: 'errors.search_invalid' })
  @MaxLength(200, { message: 'errors.search_invalid' })
  q?: string;

  @Optional()
  @IsString()
  lang?: string;
}
