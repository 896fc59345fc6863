import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import { SelectQueryBuilder } from 'typeorm';
import { neutralise } from '../common/csv';
import { wallClock } from '../common/dates';
import { t } from '../common/i18n';
import { Locale } from '../common/roles';
import { countryName } from '../organisations/countries';
import { Registration } from '../registrations/registration.entity';

const BATCH = 500;

/** A label from the locales, or the code itself when none is written yet. */
function label(locale: Locale, group: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `${group}.${code}`;
  const text = t(locale, key);
  return text === key ? code : text;
}

/** "2027-09-13 09:00" as the clock reads in the consultation's zone: sorts as text, reads as local. */
export function localStamp(date: Date | null | undefined, timeZone: string): string {
  if (!date) return '';
  const w = wallClock(date, timeZone);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${w.minute}`;
}

type Column = [header: string, read: (r: Registration) => unknown];

/**
 * The CSV's rows and order with human labels and local times; the codes and UTC times the CSV
 * carries follow in extra columns, so a sheet can be filtered by either.
 */
function columns(locale: Locale, timeZone: string): Column[] {
  const yes = (value: boolean) => (value ? 'yes' : 'no');
  return [
    ['Participant', (r) => r.participantName],
    ['Email', (r) => r.participantEmail],
    ['Organisation', (r) => r.organisation?.name],
    ['Organisation country', (r) => r.organisation && countryName(r.organisation.country, locale)],
    ['Status', (r) => label(locale, 'registration_status', r.status)],
    ['Position', (r) => r.position],
    ['Gender', (r) => label(locale, 'genders', r.gender)],
    ['Nationality', (r) => countryName(r.nationality, locale)],
    ['Accessibility needs', (r) => r.accessibilityNeeds],
    ['Dietary needs', (r) => r.dietaryNeeds],
    ['Visa letter', (r) => yes(r.needsVisaLetter)],
    ['Consents to publication', (r) => yes(r.publishConsent)],
    [`Registered at (${timeZone})`, (r) => localStamp(r.createdAt, timeZone)],
    [`Checked in at (${timeZone})`, (r) => localStamp(r.checkedInAt, timeZone)],
    ['Status code', (r) => r.status],
    ['Gender code', (r) => r.gender],
    ['Nationality code', (r) => r.nationality],
    ['Organisation country code', (r) => r.organisation?.country],
    ['Registered at (UTC)', (r) => r.createdAt.toISOString()],
    ['Checked in at (UTC)', (r) => r.checkedInAt?.toISOString() ?? ''],
  ];
}

/**
 * The participant list as an XLSX workbook, written by exceljs's streaming writer in batches of
 * 500 rows, each committed as it is written, so memory stays flat however long the list. Every
 * cell is text, neutralised as in the CSV (a spreadsheet never reads a participant's entry as a
 * formula).
 */
export function participantsXlsx(
  query: SelectQueryBuilder<Registration>,
  locale: Locale,
  timeZone: string,
): PassThrough {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Participants', { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols = columns(locale, timeZone);
  sheet.columns = cols.map(([header]) => ({ header, width: Math.max(14, header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  void (async () => {
    try {
      for (let offset = 0; ; offset += BATCH) {
        const rows = await query.clone().offset(offset).limit(BATCH).getMany();
        for (const row of rows)
          sheet.addRow(cols.map(([, read]) => neutralise(read(row)))).commit();
        if (rows.length < BATCH) break;
        // Let the reply drain before the next batch is read.
        if (stream.writableNeedDrain) await new Promise((resolve) => stream.once('drain', resolve));
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      stream.destroy(error as Error);
    }
  })();
  return stream;
}
