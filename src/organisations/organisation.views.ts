import { Locale } from '../accounts/user.entity';
import { formatDate } from '../common/dates';
import { countryName } from './countries';
import { Organisation } from './organisation.entity';

/** What anyone may read about an organisation: never its members or contact email. */
export function publicOrganisation(organisation: Organisation) {
  return {
    id: organisation.id,
    name: organisation.name,
    acronym: organisation.acronym,
    country: organisation.country,
    region: organisation.region,
    type: organisation.type,
    thematicAreas: organisation.thematicAreas,
    website: organisation.website,
    description: organisation.description,
    foundedYear: organisation.foundedYear,
    migrantLed: organisation.migrantLed,
    womenLed: organisation.womenLed,
    youthLed: organisation.youthLed,
    observerStatus: organisation.observerStatus,
    observerSince: organisation.observerSince?.toISOString() ?? null,
  };
}

/** What the organisation's members and staff read. */
export function fullOrganisation(organisation: Organisation) {
  return {
    ...publicOrganisation(organisation),
    email: organisation.email,
    suspendedReason: organisation.suspendedReason,
    createdAt: organisation.createdAt.toISOString(),
    updatedAt: organisation.updatedAt.toISOString(),
  };
}

/** For pages: the public view with names in the reader's language. */
export function organisationPage(organisation: Organisation, locale: Locale, full: boolean) {
  return {
    ...(full ? fullOrganisation(organisation) : publicOrganisation(organisation)),
    countryName: countryName(organisation.country, locale),
    observerSinceDate: organisation.observerSince
      ? formatDate(organisation.observerSince, locale, 'UTC')
      : null,
  };
}
