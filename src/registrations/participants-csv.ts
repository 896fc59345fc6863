import { Stringifier, stringify } from 'csv-stringify';
import { SelectQueryBuilder } from 'typeorm';
import { neutralise } from '../common/csv';
import { Locale } from '../common/roles';
import { countryName } from '../organisations/countries';
import { Registration } from './registration.entity';

const BATCH = 500;

export { neutralise };

/** Countries are named as the UN writes them, in the reader's language. */
const COLUMNS: [string, (r: Registration, locale: Locale) => unknown][] = [
  ['Participant', (r) => r.participantName],
  ['Email', (r) => r.participantEmail],
  ['Organisation', (r) => r.organisation?.name],
  [
    'Organisation country',
    (r, locale) => r.organisation && countryName(r.organisation.country, locale),
  ],
  ['Status', (r) => r.status],
  ['Position', (r) => r.position],
  ['Gender', (r) => r.gender],
  ['Nationality', (r, locale) => countryName(r.nationality, locale)],
  ['Accessibility needs', (r) => r.accessibilityNeeds],
  ['Dietary needs', (r) => r.dietaryNeeds],
  ['Visa letter', (r) => (r.needsVisaLetter ? 'yes' : 'no')],
  ['Consents to publication', (r) => (r.publishConsent ? 'yes' : 'no')],
  ['Registered at', (r) => r.createdAt.toISOString()],
  ['Checked in at', (r) => r.checkedInAt?.toISOString() ?? ''],
];

/**
 * UTF-8 with a BOM (so spreadsheets read accents), streamed in batches with back-pressure, so ten
 * thousand rows never sit in memory at once.
 */
export function participantsCsv(
  query: SelectQueryBuilder<Registration>,
  locale: Locale,
): Stringifier {
  const csv = stringify({ bom: true, header: true, columns: COLUMNS.map(([header]) => header) });
  void (async () => {
    try {
      for (let offset = 0; ; offset += BATCH) {
        const rows = await query.clone().offset(offset).limit(BATCH).getMany();
        for (const row of rows) {
          if (!csv.write(COLUMNS.map(([, read]) => neutralise(read(row, locale))))) {
            await new Promise((resolve) => csv.once('drain', resolve));
          }
        }
        if (rows.length < BATCH) break;
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  return csv;
}
