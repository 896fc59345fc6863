import { formatDate } from '../common/dates';
import { localisedFields } from '../common/translations';
import { Locale } from '../common/roles';
import { consultationTextFields } from '../consultations/consultation.views';
import { ACTION_POINT_TEXT } from '../follow-up/action-point.entity';
import { ConsultationWork, DashboardData } from './staff-dashboard.queries';

/** One count on the dashboard: what it is, how many, and where to act on it. */
interface Tile {
  key: string;
  count: number;
  href: string;
}

/** Open accreditation requests by age, oldest first: each a tile when there is one. */
function accreditationTiles(data: DashboardData): Tile[] {
  const review = data.accreditation.awaitingReview;
  const queue = '/staff/accreditation';
  return [
    { key: 'dashboard.accreditation.older', count: review.older, href: queue },
    { key: 'dashboard.accreditation.under_month', count: review.underMonth, href: queue },
    { key: 'dashboard.accreditation.under_week', count: review.underWeek, href: queue },
    {
      key: 'dashboard.accreditation.awaiting_organisation',
      count: data.accreditation.awaitingOrganisation,
      href: `${queue}?status=info_requested`,
    },
  ];
}

/** What waits in one consultation, each count linking to the tab where it is decided. */
function consultationTiles(work: ConsultationWork): Tile[] {
  const staff = `/staff/consultations/${work.consultation.id}`;
  return [
    {
      key: 'dashboard.work.pending',
      count: work.pendingRegistrations,
      href: `${staff}/participants?status=pending`,
    },
    {
      key: 'dashboard.work.substitutions',
      count: work.requestedSubstitutions,
      href: `${staff}/participants`,
    },
    {
      key: 'dashboard.work.offers',
      count: work.offersExpiringSoon,
      href: `${staff}/participants?status=offered`,
    },
    { key: 'dashboard.work.funding', count: work.fundingAwaiting, href: `${staff}/funding` },
    {
      key: 'dashboard.work.letters',
      count: work.lettersRequested,
      href: `${staff}/letters?status=requested`,
    },
  ];
}

/** The dashboard as the page shows it: only what needs action is a tile; zero counts are quiet. */
export function staffDashboardView(data: DashboardData, locale: Locale, isAdmin: boolean) {
  const accreditation = accreditationTiles(data);
  const consultations = data.consultations.map((work) => {
    const tiles = consultationTiles(work);
    return {
      id: work.consultation.id,
      ...consultationTextFields(work.consultation, locale),
      date: formatDate(work.consultation.startsAt, locale, work.consultation.timezone),
      staffUrl: `/staff/consultations/${work.consultation.id}/participants`,
      tiles: tiles.filter((tile) => tile.count > 0),
      quiet: tiles.every((tile) => tile.count === 0),
    };
  });
  const overdue = data.overdueActionPoints.map((point) => ({
    id: point.id,
    reference: point.reference,
    ...localisedFields(point, ACTION_POINT_TEXT, locale),
    targetDate: point.targetDate,
  }));
  return {
    title: 'dashboard.title',
    accreditation: accreditation.filter((tile) => tile.count > 0),
    accreditationQuiet: accreditation.every((tile) => tile.count === 0),
    consultations,
    overdue,
    overdueTotal: data.overdueTotal,
    isAdmin,
  };
}
