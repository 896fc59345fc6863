import { FastifyReply } from 'fastify';
import { formatDateTime } from '../common/dates';
import { Locale } from '../common/roles';
import { localise } from '../common/translations';
import { CONSULTATION_TEXT } from '../consultations/consultation.entity';
import { countryName } from '../organisations/countries';
import { registrationView } from '../registrations/registration.views';
import { CheckInResponse } from './badges.responses';
import { BadgeDocument } from './badges.service';
import { CheckedIn } from './check-ins.service';

/** The answer to a scan: who, from where, and when they came (with the date, in the consultation's zone). */
export function checkInView(
  { registration, organisation, consultation, alreadyCheckedInAt, checkInCode }: CheckedIn,
  locale: Locale,
): CheckInResponse {
  return {
    registration: registrationView(registration, null, checkInCode),
    organisation: {
      id: organisation.id,
      name: organisation.name,
      country: organisation.country,
      countryName: countryName(organisation.country, locale),
    },
    consultationTitle: localise(consultation, CONSULTATION_TEXT, locale).title.text,
    checkedInAtText: formatDateTime(registration.checkedInAt!, locale, consultation.timezone),
    alreadyCheckedInAt: alreadyCheckedInAt?.toISOString() ?? null,
  };
}

/** Streams a badge PDF; it carries a check-in code, so no browser or proxy keeps it. */
export function sendBadge(reply: FastifyReply, badge: BadgeDocument) {
  return reply
    .header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `attachment; filename="${badge.filename}"`)
    .header('Cache-Control', 'private, no-store')
    .send(badge.pdf);
}
