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
