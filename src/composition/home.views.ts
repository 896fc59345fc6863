import { formatDate, formatDateTime } from '../common/dates';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTextFields } from '../consultations/consultation.views';
import { Membership } from '../organisations/membership.entity';

/** A consultation on the home page: when, where, and whether one may still register. */
export function homeConsultation(c: Consultation, locale: Locale, registrationOpen: boolean) {
  return {
    id: c.id,
    ...consultationTextFields(c, locale),
    venue: c.venue,
    city: c.city,
    date: formatDate(c.startsAt, locale, c.timezone),
    registrationOpen,
    registrationClosesAt: formatDateTime(c.registrationClosesAt, locale, c.timezone),
    seatsLeft: Math.max(0, c.capacity - c.seatsConfirmed - c.seatsOffered),
  };
}

/** One of the signed-in user's organisations, with their role and its observer status. */
export function homeMembership(m: Membership) {
  return {
    id: m.organisationId,
    name: m.organisation!.name,
    role: m.role,
    observerStatus: m.organisation!.observerStatus,
  };
}
