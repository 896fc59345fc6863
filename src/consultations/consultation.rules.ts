import { InvalidInputError } from '../common/domain-error';
import { translationIntoOriginal } from '../common/translations';
import type { ConsultationSession } from './consultation-session.entity';
import type { Consultation } from './consultation.entity';
import type { SessionDto } from './dto/consultation.dto';

/**
 * The consultation's dates, its funding deadline and the agenda sent with it, in a sensible order;
 * no text translated into the language it is written in (checked on the stored agenda when only
 * the language changes).
 */
export function assertConsistent(
  c: Consultation,
  sessions: Pick<SessionDto, 'startsAt' | 'endsAt' | 'translations'>[] = [],
  keptSessions: Pick<ConsultationSession, 'translations'>[] = [],
): void {
  const errors: Record<string, string[]> = translationIntoOriginal(c.language, c.translations);
  [...sessions, ...keptSessions].forEach((session, i) =>
    Object.assign(
      errors,
      translationIntoOriginal(c.language, session.translations, `sessions.${i}.translations`),
    ),
  );
  if (c.endsAt <= c.startsAt) errors.endsAt = ['errors.ends_before_start'];
  if (c.registrationClosesAt <= c.registrationOpensAt)
    errors.registrationClosesAt = ['errors.closes_before_opens'];
  if (c.registrationClosesAt > c.endsAt) errors.registrationClosesAt = ['errors.closes_after_end'];
  if (c.fundingDeadline && c.fundingDeadline > c.startsAt)
    errors.fundingDeadline = ['errors.deadline_after_start'];
  if (c.modificationDeadline && c.modificationDeadline > c.startsAt)
    errors.modificationDeadline = ['errors.deadline_after_start'];
  sessions.forEach((session, i) => {
    const [starts, ends] = [new Date(session.startsAt), new Date(session.endsAt)];
    if (starts < c.startsAt || ends > c.endsAt || ends <= starts)
      errors[`sessions.${i}.startsAt`] = ['errors.session_outside'];
  });
  if (Object.keys(errors).length) throw new InvalidInputError(errors);
}
