import { Stringifier, stringify } from 'csv-stringify';
import { fromMinor } from '../common/money';
import { Locale } from '../common/roles';
import { countryName } from '../organisations/countries';
import { neutralise } from '../registrations/participants-csv';
import { FundingStatus } from './funding-application.entity';
import { RankedApplication } from './funding.reports';
import { priorityReasons } from './funding.views';

/**
 * Applications and awards, ranked as staff see them; the same safety rules as the participant list.
 * The departure country is named as the UN writes it, in the reader's language.
 */
export function applicationsCsv(applications: RankedApplication[], locale: Locale): Stringifier {
  const csv = stringify({
    bom: true,
    header: true,
    columns: [
      'Participant',
      'Organisation',
      'Region',
      'Departure',
      'Status',
      'Requested',
      'Awarded',
      'Currency',
      'Priority score',
      'Reasons',
      'Decision reason',
    ],
  });
  for (const a of applications) {
    csv.write(
      [
        a.registration.participantName,
        a.organisation.name,
        a.organisation.region,
        `${a.departureCity}, ${countryName(a.departureCountry, locale)}`,
        a.status,
        fromMinor(a.requestedMinor),
        // A released award went back to the budget: the column sums to what is awarded.
        a.status === FundingStatus.Awarded && a.awardedMinor !== null
          ? fromMinor(a.awardedMinor)
          : '',
        a.currency,
        a.priority.score,
        priorityReasons(a.priority, 'en').join('; '),
        a.decisionReason,
      ].map(neutralise),
    );
  }
  csv.end();
  return csv;
}
