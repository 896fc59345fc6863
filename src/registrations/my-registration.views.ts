import { formatDateTime } from '../common/dates';
import { Locale } from '../common/roles';
import { consultationSummary } from '../consultations/consultation.views';
import { countryName } from '../organisations/countries';
import { MyRegistration } from './my-registration.service';
import { ACTIVE_STATUSES, RegistrationStatus } from './registration.entity';

/** The participant's own page: their seat, what they may do with it, and the token for the forms. */
export function myRegistrationModel(data: MyRegistration, token: string, locale: Locale) {
  const { registration: r, consultation, organisation } = data;
  const tz = consultation.timezone;
  const query = new URLSearchParams({ token }).toString();
  const confirmed = r.status === RegistrationStatus.Confirmed;
  return {
    token,
    consultation: consultationSummary(consultation, locale, false),
    organisation: organisation.name,
    participant: {
      name: r.participantName,
      email: r.participantEmail,
      position: r.position,
      nationality: countryName(r.nationality, locale),
      needsVisaLetter: r.needsVisaLetter,
      publishConsent: r.publishConsent,
    },
    status: r.status,
    position: data.waitlistPosition,
    isOffered: r.status === RegistrationStatus.Offered,
    offerExpiresAt: r.offerExpiresAt ? formatDateTime(r.offerExpiresAt, locale, tz) : null,
    canCancel: ACTIVE_STATUSES.includes(r.status) && !r.checkedInAt,
    badgeUrl: confirmed ? `/my-registration/badge.pdf?${query}` : null,
    letterUrl: confirmed && r.needsVisaLetter ? `/my-registration/letter?${query}` : null,
  };
}
