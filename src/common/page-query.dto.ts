import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toInt } from './transforms';


/** `page`, `pageSize` (≤ 100) and an optional search `q`, shared by every list. */
export class PageQueryDto {
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'errors.page_invalid' })
  @Min(1, { message: 'errors.page_invalid' })
  page?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'errors.page_size_invalid' })
  @Min(1, { message: 'errors.page_size_invalid' })
  @Max(100, { message: 'errors.page_size_invalid' })
  pageSize?: number;

  @IsOptional()
  @IsString({ message: 'errors.search_invalid' })
  @MaxLength(200, { message: 'errors.search_invalid' })
  q?: string;

  @IsOptional()
  @IsString()
  lang?: string;
}
