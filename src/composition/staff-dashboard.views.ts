import { formatDate } from '../common/dates';
import { localisedFields } from '../common/translations';
import { Locale } from '../common/roles';
import { consultationTextFields } from '../consultations/consultation.views';
import { ACTION_POINT_TEXT } from '../follow-up/action-point.entity';
import { DashboardData } from './staff-dashboard.queries';

/** One count on the dashboard: what it is, how many, and where to act on it. */
interface Tile {
  key: string;
  count: number;
  href: string;
}

/** The dashboard as the page shows it: only what needs action is a tile; zero counts are quiet. */
export function staffDashboardView(data: DashboardData, locale: Locale, isAdmin: boolean) {
  const review = data.accreditation.awaitingReview;
  const accreditation: Tile[] = [
    { key: 'dashboard.accreditation.older', count: review.older, href: '/staff/accreditation' },
    {
      key: 'dashboard.accreditation.under_month',
      count: review.underMonth,
      href: '/staff/accreditation',
    },
    {
      key: 'dashboard.accreditation.under_week',
      count: review.underWeek,
      href: '/staff/accreditation',
    },
    {
      key: 'dashboard.accreditation.awaiting_organisation',
      count: data.accreditation.awaitingOrganisation,
      href: '/staff/accreditation?status=info_requested',
    },
  ];
  const consultations = data.consultations.map((work) => {
    const id = work.consultation.id;
    const staff = `/staff/consultations/${id}`;
    const tiles: Tile[] = [
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
    return {
      id,
      ...consultationTextFields(work.consultation, locale),
      date: formatDate(work.consultation.startsAt, locale, work.consultation.timezone),
      staffUrl: `${staff}/participants`,
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
