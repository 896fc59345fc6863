import { ApiProperty } from '@nestjs/swagger';
import { ErrorResponse } from '../common/api-responses';
import { RegistrationResponse } from '../registrations/registrations.responses';

export class CheckInOrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2' })
  country!: string;

  @ApiProperty({ description: 'The country in the language of the request.' })
  countryName!: string;
}

export class CheckInResponse {
  @ApiProperty({ type: RegistrationResponse })
  registration!: RegistrationResponse;

  @ApiProperty({ type: CheckInOrganisationResponse })
  organisation!: CheckInOrganisationResponse;

  @ApiProperty({ description: 'The consultation title in the language of the request.' })
  consultationTitle!: string;

  @ApiProperty({
    description:
      'The moment shown in the consultation time zone, with its date ("13 September 2027 at 09:12 UTC+02:00 (Zurich)").',
  })
  checkedInAtText!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'When the person had already been checked in before this scan; null when this scan checked them in.',
  })
  alreadyCheckedInAt!: string | null;
}

/** 409 to a scan: the badge is not (or no longer) good for a check-in, and why. */
export class CheckInRefusedResponse extends ErrorResponse {
  @ApiProperty({
    enum: ['superseded', 'not_confirmed', 'outside_consultation_days'],
    description:
      'superseded: the participant was substituted; not_confirmed: cancelled, rejected…; outside_consultation_days: send again with `override: true` once staff confirm.',
  })
  reason!: string;
}
