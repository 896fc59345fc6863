import { formatDate } from '../common/dates';
import { Locale } from '../common/roles';
import { localisedFields } from '../common/translations';
import { consultationTextFields } from '../consultations/consultation.views';
import { ACTION_POINT_TEXT, ActionPoint, ActionPointStatus } from './action-point.entity';
import { ActionPointUpdate } from './action-point-update.entity';
import { isOverdue } from './action-point.rules';
import { FollowUpRecords } from './follow-up.queries';
import { Conclusion, ITEM_TEXT, Outcome, OUTCOME_TEXT, Recommendation } from './outcome.entity';
import { ActionPointResponse, OutcomeResponse } from './follow-up.responses';
import { Consultation } from '../consultations/consultation.entity';
import { Organisation, THEMATIC_AREAS } from '../organisations/organisation.entity';
import { ActionPointQueryDto } from './dto/follow-up.dto';

export function updateView(u: ActionPointUpdate) {
  return {
    id: u.id,
    at: u.at.toISOString(),
    authorId: u.authorId,
    organisationId: u.organisationId,
    kind: u.kind,
    text: u.text,
    status: u.status,
    link: u.link,
  };
}

export function actionPointView(
  p: ActionPoint,
  updates: ActionPointUpdate[],
  now: Date,
): ActionPointResponse {
  return {
    id: p.id,
    reference: p.reference,
    consultationId: p.consultationId,
    year: p.year,
    text: p.text,
    language: p.language,
    translations: p.translations ?? {},
    responsibleHost: p.responsibleHost,
    responsibleOrganisationIds: p.responsibleOrganisationIds,
    themes: p.themes,
    targetDate: p.targetDate,
    status: p.status,
    completionProposed: p.completionProposed,
    overdue: isOverdue(p, now),
    createdAt: p.createdAt.toISOString(),
    updates: updates.map(updateView),
  };
}

export function actionPointViews(records: FollowUpRecords, points = records.points) {
  return points.map((p) => actionPointView(p, records.updates.get(p.id) ?? [], records.now));
}

export function outcomeView(consultationId: string, o: Outcome | null): OutcomeResponse {
  return {
    consultationId,
    summary: o?.summary ?? '',
    language: o?.language ?? 'en',
    translations: o?.translations ?? {},
    conclusions: o?.conclusions ?? [],
    recommendations: (o?.recommendations ?? []).map((r) => ({
      text: r.text,
      submissionIds: r.submissionIds ?? [],
      translations: r.translations ?? {},
    })),
    updatedAt: o?.updatedAt?.toISOString() ?? null,
  };
}

const DAY_FORMAT_ZONE = 'UTC';

/** An action point as pages show it, in the reader's language. */
export function actionPointModel(p: ActionPoint, records: FollowUpRecords, locale: Locale) {
  const consultation = records.consultations.get(p.consultationId);
  const org = (id: string) => {
    const o = records.organisations.get(id);
    return o ? (o.acronym ? `${o.name} (${o.acronym})` : o.name) : '';
  };
  const parties = [
    ...(p.responsibleHost ? [{ host: true, name: '' }] : []),
    ...p.responsibleOrganisationIds.map((id) => ({ host: false, name: org(id), id })),
  ];
  return {
    id: p.id,
    reference: p.reference,
    year: p.year,
    ...localisedFields(p, ACTION_POINT_TEXT, locale),
    status: p.status,
    closed: p.status === ActionPointStatus.Completed || p.status === ActionPointStatus.Discontinued,
    completionProposed: p.completionProposed,
    overdue: isOverdue(p, records.now),
    targetDate: p.targetDate
      ? formatDate(new Date(`${p.targetDate}T12:00:00Z`), locale, DAY_FORMAT_ZONE)
      : '',
    targetDatetime: p.targetDate ?? '',
    themes: p.themes,
    parties,
    consultation: consultation
      ? { id: consultation.id, ...consultationTextFields(consultation, locale) }
      : null,
    updates: (records.updates.get(p.id) ?? []).map((u) => ({
      date: formatDate(u.at, locale, consultation?.timezone ?? 'UTC'),
      datetime: u.at.toISOString(),
      kind: u.kind,
      text: u.text,
      status: u.status,
      link: u.link,
      organisation: u.organisationId ? org(u.organisationId) : '',
    })),
  };
}

/** The outcome as its printable page and the staff page show it. */
export function outcomeModel(consultation: Consultation, o: Outcome | null, locale: Locale) {
  const sessions = new Map((consultation.sessions ?? []).map((s) => [s.id, s]));
  const item = (entry: Conclusion | Recommendation) =>
    localisedFields(
      { text: entry.text, language: o!.language, translations: entry.translations },
      ITEM_TEXT,
      locale,
    );
  return {
    ...(o ? localisedFields(o, OUTCOME_TEXT, locale) : { summary: '', summaryLang: locale }),
    conclusions: (o?.conclusions ?? []).map((c) => {
      const session = c.sessionId ? sessions.get(c.sessionId) : undefined;
      return {
        ...item(c),
        session: session
          ? localisedFields({ ...session, language: consultation.language }, ['title'], locale)
          : null,
      };
    }),
    recommendations: (o?.recommendations ?? []).map((r) => ({
      ...item(r),
      submissionIds: r.submissionIds,
    })),
  };
}

type Choice = Pick<Organisation, 'id' | 'name' | 'acronym'>;

/** The public follow-up page: every action point since the first consultation, by year. */
/**
 * Action points per page of `/follow-up`: the page costs what it shows (every point with its whole
 * history), so it is bounded; older years are a "next page" away, filters kept.
 */
export const FOLLOW_UP_PAGE_SIZE = 20;

export function followUpPageModel(
  list: { records: FollowUpRecords; total: number; page: number; pageSize: number },
  query: ActionPointQueryDto,
  years: number[],
  organisations: Choice[],
  locale: Locale,
) {
  const { records, total } = list;
  const link = (n: number) => {
    const params = new URLSearchParams(
      Object.entries({ ...query, page: String(n) })
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => [k, String(v)]),
    );
    return `/follow-up?${params.toString()}`;
  };
  const byYear = new Map<number, ReturnType<typeof actionPointModel>[]>();
  for (const p of records.points) {
    if (!byYear.has(p.year)) byYear.set(p.year, []);
    byYear.get(p.year)!.push(actionPointModel(p, records, locale));
  }
  const selected = (value: unknown) => (option: string | number) =>
    String(option) === String(value ?? '');
  const isYear = selected(query.year);
  const isStatus = selected(query.status);
  const isTheme = selected(query.theme);
  const isResponsible = selected(query.responsible);
  return {
    title: 'follow_up.title',
    total,
    previousPage: list.page > 1 ? link(list.page - 1) : null,
    nextPage: list.page * list.pageSize < total ? link(list.page + 1) : null,
    groups: [...byYear.entries()].map(([year, points]) => ({ year: String(year), points })),
    filters: {
      years: years.map((y) => ({ value: y, selected: isYear(y) })),
      statuses: Object.values(ActionPointStatus).map((s) => ({ value: s, selected: isStatus(s) })),
      themes: THEMATIC_AREAS.map((th) => ({ value: th, selected: isTheme(th) })),
      responsible: [
        { value: 'host', label: '', host: true, selected: isResponsible('host') },
        ...organisations.map((o) => ({
          value: o.id,
          label: o.acronym ? `${o.name} (${o.acronym})` : o.name,
          host: false,
          selected: isResponsible(o.id),
        })),
      ],
    },
  };
}

/** One action point's page, with its whole history. */
export function actionPointPageModel(records: FollowUpRecords, locale: Locale) {
  return {
    title: 'follow_up.point_title',
    point: actionPointModel(records.points[0], records, locale),
    statusOptions: Object.values(ActionPointStatus),
  };
}

/** The printable outcome (and the staff page's body): outcome, then action points. */
export function outcomePageModel(
  consultation: Consultation,
  outcome: Outcome | null,
  records: FollowUpRecords,
  locale: Locale,
  staff: boolean,
) {
  return {
    title: 'follow_up.outcome_title',
    consultation: {
      id: consultation.id,
      ...consultationTextFields(consultation, locale),
      date: formatDate(consultation.startsAt, locale, consultation.timezone),
      city: consultation.city,
    },
    outcome: outcomeModel(consultation, outcome, locale),
    outcomeForm: {
      summary: outcome?.summary ?? '',
      conclusions: (outcome?.conclusions ?? []).map((c) => c.text).join('\n\n'),
      recommendations: (outcome?.recommendations ?? []).map((r) => r.text).join('\n\n'),
    },
    points: records.points
      .filter((p) => staff || p.consultationId === consultation.id)
      .map((p) => actionPointModel(p, records, locale)),
  };
}
