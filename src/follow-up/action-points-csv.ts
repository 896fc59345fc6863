import { Stringifier, stringify } from 'csv-stringify';
import { Locale } from '../common/roles';
import { localise } from '../common/translations';
import { neutralise } from '../common/csv';
import { ACTION_POINT_TEXT } from './action-point.entity';
import { isOverdue } from './action-point.rules';
import { FollowUpRecords } from './follow-up.queries';

/**
 * A consultation's action points for the annual report: one row each, its text in the reader's
 * language, its parties, status and latest update; cells a spreadsheet would read as formulas are
 * made plain text.
 */
export function actionPointsCsv(records: FollowUpRecords, locale: Locale): Stringifier {
  const csv = stringify({
    bom: true,
    header: true,
    columns: [
      'Reference',
      'Action point',
      'Responsible',
      'Themes',
      'Target date',
      'Status',
      'Completion proposed',
      'Overdue',
      'Latest update',
      'Latest update on',
    ],
  });
  for (const p of records.points) {
    const updates = records.updates.get(p.id) ?? [];
    const latest = updates.at(-1);
    const parties = [
      ...(p.responsibleHost ? ['Host'] : []),
      ...p.responsibleOrganisationIds.map((id) => records.organisations.get(id)?.name ?? id),
    ];
    csv.write(
      [
        p.reference,
        localise(p, ACTION_POINT_TEXT, locale).text.text,
        parties.join('; '),
        p.themes.join('; '),
        p.targetDate ?? '',
        p.status,
        p.completionProposed ? 'yes' : 'no',
        isOverdue(p, records.now) ? 'yes' : 'no',
        latest?.text ?? '',
        latest?.at.toISOString() ?? '',
      ].map(neutralise),
    );
  }
  csv.end();
  return csv;
}
