import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { COUNTRY_CODES } from '../../organisations/countries';
import { COST_KINDS, CostKind } from '../funding-application.entity';
import { trim } from '../../common/transforms';
import { Optional } from '../../common/validation';

/** A positive amount with at most two decimals, as a string: "850.00". */
export const POSITIVE_MONEY = /^(0\.(0[1-9]|[1-9]\d?)|[1-9]\d{0,11}(\.\d{1,2})?)$/;

export class CostLineDto {
  @IsIn(COST_KINDS, { message: 'errors.cost_kind_invalid' })
  kind: CostKind;

  @IsString({ message: 'errors.amount_positive' })
  @Matches(POSITIVE_MONEY, { message: 'errors.amount_positive' })
  amount: string;
}

export class ApplyDto {
  @IsArray({ message: 'errors.lines_required' })
  @ArrayMinSize(1, { message: 'errors.lines_required' })
  @ArrayMaxSize(10, { message: 'errors.lines_required' })
  @ValidateNested({ each: true })
  @Type(() => CostLineDto)
  lines: CostLineDto[];

  @IsString({ message: 'errors.currency_invalid' })
  @Matches(/^[A-Z]{3}$/, { message: 'errors.currency_invalid' })
  currency: string;

  @Transform(trim)
  @IsString({ message: 'errors.city_required' })
  @Length(1, 100, { message: 'errors.city_required' })
  departureCity: string;

  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsIn(COUNTRY_CODES, { message: 'errors.country_invalid' })
  departureCountry: string;

  @Transform(trim)
  @IsString({ message: 'errors.justification_required' })
  @Length(10, 5000, { message: 'errors.justification_required' })
  justification: string;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  couldAttendWithout?: boolean;
}

export class FundingDecisionDto {
  @IsIn(['award', 'decline'], { message: 'errors.funding_decision_invalid' })
  decision: 'award' | 'decline';

  @ValidateIf((dto: FundingDecisionDto) => dto.amount !== undefined)
  @IsString({ message: 'errors.amount_positive' })
  @Matches(POSITIVE_MONEY, { message: 'errors.amount_positive' })
  amount?: string;

  @Optional()
  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @MaxLength(2000, { message: 'errors.reason_required' })
  reason?: string;
}

/** The staff page's decision form: declining also needs a reason and "cannot be undone" ticked. */
export class FundingDecisionFormDto extends FundingDecisionDto {
  @Optional()
  @IsIn(['on'], { message: 'errors.confirm_irreversible' })
  understood?: string;
}

export class FundingSettingsDto {
  /** The most one application may be awarded; null removes the cap. */
  @ValidateIf(
    (dto: FundingSettingsDto) =>
      dto.capPerApplication !== null && dto.capPerApplication !== undefined,
  )
  @IsString({ message: 'errors.amount_positive' })
  @Matches(POSITIVE_MONEY, { message: 'errors.amount_positive' })
  capPerApplication?: string | null;

  @Optional()
  @IsArray({ message: 'errors.cost_kind_invalid' })
  @ArrayMinSize(1, { message: 'errors.cost_kind_invalid' })
  @IsIn(COST_KINDS, { each: true, message: 'errors.cost_kind_invalid' })
  lineKinds?: CostKind[];
}
