import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MembershipRole } from '../membership.entity';
import {
  ORGANISATION_TYPES,
  OrganisationType,
  THEMATIC_AREAS,
  ThematicArea,
} from '../organisation.entity';
import { PageQueryDto } from '../../common/page-query.dto';
import { COUNTRY_CODES } from '../countries';
import { REGIONS } from '../regions';
import { toBool, trim, upper } from '../../common/transforms';
import { Optional } from '../../common/validation';

export class CreateOrganisationDto {
  @Transform(trim)
  @IsString({ message: 'errors.organisation_name' })
  @Length(2, 200, { message: 'errors.organisation_name' })
  name: string;

  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'errors.acronym_invalid' })
  @Length(1, 30, { message: 'errors.acronym_invalid' })
  acronym?: string;

  @Transform(upper)
  @IsIn(COUNTRY_CODES, { message: 'errors.country_invalid' })
  country: string;

  @IsIn(ORGANISATION_TYPES, { message: 'errors.organisation_type_invalid' })
  type: OrganisationType;

  @Optional()
  @IsArray({ message: 'errors.thematic_areas_invalid' })
  @ArrayMaxSize(THEMATIC_AREAS.length, { message: 'errors.thematic_areas_invalid' })
  @ArrayUnique({ message: 'errors.thematic_areas_invalid' })
  @IsIn(THEMATIC_AREAS, { each: true, message: 'errors.thematic_areas_invalid' })
  thematicAreas?: ThematicArea[];

  @IsOptional()
  @Transform(trim)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'errors.website_invalid' },
  )
  @MaxLength(300, { message: 'errors.website_invalid' })
  website?: string;

  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'errors.email_invalid' })
  @MaxLength(254, { message: 'errors.email_invalid' })
  email?: string;

  @Optional()
  @IsString({ message: 'errors.description_invalid' })
  @MaxLength(5000, { message: 'errors.description_invalid' })
  description?: string;

  @IsOptional()
  @IsInt({ message: 'errors.founded_year_invalid' })
  @Min(1800, { message: 'errors.founded_year_invalid' })
  @Max(2100, { message: 'errors.founded_year_invalid' })
  foundedYear?: number;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  migrantLed?: boolean;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  womenLed?: boolean;

  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  youthLed?: boolean;

  /** Create even though an organisation with the same name or acronym exists in the country. */
  @Optional()
  @IsBoolean({ message: 'errors.boolean_expected' })
  confirmDuplicate?: boolean;
}

/** Any field of a new profile; null clears acronym, website, email and founding year, and is refused elsewhere. */
export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto, {
  skipNullProperties: false,
}) {}

/** A list of organisations narrowed to a country or a UN M49 region, with `page`, `pageSize` and `q`. */
export class PlaceQueryDto extends PageQueryDto {
  @Optional()
  @Transform(upper)
  @IsIn(COUNTRY_CODES, { message: 'errors.country_invalid' })
  country?: string;

  @Optional()
  @IsIn(REGIONS, { message: 'errors.region_invalid' })
  region?: string;
}

/** The directory's filters. */
export class DirectoryQueryDto extends PlaceQueryDto {
  @Optional()
  @IsIn(ORGANISATION_TYPES, { message: 'errors.organisation_type_invalid' })
  type?: OrganisationType;

  @Optional()
  @IsIn(THEMATIC_AREAS, { message: 'errors.thematic_areas_invalid' })
  thematicArea?: ThematicArea;

  @Optional()
  @Transform(toBool)
  @IsBoolean({ message: 'errors.boolean_expected' })
  observer?: boolean;
}

export class InviteDto {
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsEmail({}, { message: 'errors.email_invalid' })
  @MaxLength(254, { message: 'errors.email_invalid' })
  email: string;

  @IsIn(Object.values(MembershipRole), { message: 'errors.membership_role_invalid' })
  role: MembershipRole;
}

export class AcceptInvitationDto {
  @IsString({ message: 'errors.token_required' })
  @Length(1, 200, { message: 'errors.token_required' })
  token: string;
}

export class MemberRoleDto {
  @IsIn(Object.values(MembershipRole), { message: 'errors.membership_role_invalid' })
  role: MembershipRole;
}
