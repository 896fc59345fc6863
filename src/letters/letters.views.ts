import { formatDate, formatDateTime } from '../common/dates';
import { Locale } from '../common/roles';
import { consultationTexts } from '../consultations/consultation.views';
import { countryName } from '../organisations/countries';
import { LetterStatus } from './letter-request.entity';
import { LetterRecord, Verification } from './letters.queries';
import { LetterRequestResponse, LetterVerificationResponse } from './letters.responses';

export function letterView({
  letter,
  passportNumberMasked,
  participantName,
  organisationName,
}: LetterRecord): LetterRequestResponse {
  return {
    id: letter.id,
    registrationId: letter.registrationId,
    consultationId: letter.consultationId,
    organisationId: letter.organisationId,
    status: letter.status,
    participantName,
    organisationName,
    passportName: letter.passportName,
    nationality: letter.nationality,
    passportNumber: passportNumberMasked,
    passportExpiry: letter.passportExpiry,
    consulateCity: letter.consulateCity,
    consulateCountry: letter.consulateCountry,
    arrivalDate: letter.arrivalDate,
    departureDate: letter.departureDate,
    issuedAt: letter.issuedAt?.toISOString() ?? null,
    revokedAt: letter.revokedAt?.toISOString() ?? null,
    reason: letter.reason,
    previousId: letter.previousId,
    createdAt: letter.createdAt.toISOString(),
  };
}

export function verificationView(v: Verification, locale: Locale): LetterVerificationResponse {
  return {
    status: v.status,
    participantName: v.participantName,
    ...(v.passportNumber ? { passportNumber: v.passportNumber } : {}),
    issuedAt: v.issuedAt.toISOString(),
    consultation: {
      title: consultationTexts(v.consultation, locale).title.text,
      startsAt: v.consultation.startsAt.toISOString(),
      endsAt: v.consultation.endsAt.toISOString(),
      venue: v.consultation.venue,
      city: v.consultation.city,
      country: v.consultation.country,
    },
  };
}

/** The reason a page shows: staff's words, or the automatic reason in the reader's language. */
const AUTOMATIC_REASONS = [
  'registration_ended',
  'participant_substituted',
  'replaced',
  'regenerated',
];

export function reasonKeyOrText(reason: string): { key?: string; text?: string } {
  return AUTOMATIC_REASONS.includes(reason)
    ? { key: `letters.reasons.${reason}` }
    : { text: reason };
}

/** One row of the staff queue, or the participant's own request, for a page. */
export function letterRow(record: LetterRecord, locale: Locale, timeZone: string) {
  const { letter } = record;
  return {
    ...letterView(record),
    nationalityName: countryName(letter.nationality, locale),
    consulateCountryName: countryName(letter.consulateCountry, locale),
    issuedAtText: letter.issuedAt ? formatDateTime(letter.issuedAt, locale, timeZone) : '',
    requestedAtText: formatDate(letter.createdAt, locale, timeZone),
    reasonShown: reasonKeyOrText(letter.reason),
    awaiting: letter.status === LetterStatus.Requested,
    issued: letter.status === LetterStatus.Issued,
  };
}

export function verificationPage(v: Verification, locale: Locale) {
  const tz = v.consultation.timezone;
  return {
    ...verificationView(v, locale),
    valid: v.status === 'valid',
    issuedAtText: formatDate(v.issuedAt, locale, tz),
    startsText: formatDate(v.consultation.startsAt, locale, tz),
    endsText: formatDate(v.consultation.endsAt, locale, tz),
    countryName: countryName(v.consultation.country, locale),
  };
}
