import { registerAs } from '@nestjs/config';
import { int } from './env';

/**
 * How long personal data is kept (issue 15), counted from the end of the consultation or the
 * decision; the daily retention job erases what is older. The admin page /admin/retention shows them.
 */
export const retentionConfig = registerAs('retention', () => ({
  /** Passport number and date of birth of letter requests, after the consultation ends. */
  passportDays: int('RETENTION_PASSPORT_DAYS', 30, 1, 36_500),
  /** Participant name, email, position and needs of registrations, after the consultation ends. */
  participantDays: int('RETENTION_PARTICIPANT_DAYS', 730, 1, 36_500),
  /** Uploaded documents of rejected or withdrawn accreditation requests, after the decision. */
  accreditationDocumentDays: int('RETENTION_ACCREDITATION_DOCUMENT_DAYS', 365, 1, 36_500),
}));

export type RetentionConfig = ReturnType<typeof retentionConfig>;
