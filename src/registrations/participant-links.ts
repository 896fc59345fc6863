import { EntityManager } from 'typeorm';
import { hashSecret, newSecret } from '../accounts/secrets';
import { Consultation } from '../consultations/consultation.entity';
import { Registration } from './registration.entity';

/** How long after the consultation ends a participant's own link keeps working. */
export const PARTICIPANT_LINK_DAYS_AFTER = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The participant's own link (`/my-registration?token=`): it opens one registration and nothing
 * else, works without an account, and is stored only as a hash. Issuing a new one (at
 * registration, at a substitution) replaces the old, which then opens nothing.
 */
export async function issueParticipantToken(
  manager: EntityManager,
  registrationId: string,
): Promise<string> {
  const token = newSecret('cvp_');
  await manager.update(Registration, registrationId, { participantTokenHash: hashSecret(token) });
  return token;
}

/**
 * A fresh token and the hash to store, for a use case that saves the registration entity itself
 * (a `manager.save` would otherwise write the older hash back over `issueParticipantToken`'s).
 */
export function newParticipantToken(): { token: string; hash: string } {
  const token = newSecret('cvp_');
  return { token, hash: hashSecret(token) };
}

/** The hash a token would be stored as, or null for what cannot be a participant token. */
export function participantTokenHash(token: unknown): string | null {
  if (typeof token !== 'string' || !token.startsWith('cvp_') || token.length > 100) return null;
  return hashSecret(token);
}

/** Ends the link, e.g. when the registration is cancelled for good or the person is replaced. */
export async function revokeParticipantToken(
  manager: EntityManager,
  registrationId: string,
): Promise<void> {
  await manager.update(Registration, registrationId, { participantTokenHash: null });
}

/**
 * The registration a participant token opens, with its consultation, or null for an unknown,
 * revoked or expired token (30 days after the consultation ends). Callers answer 404 for null.
 */
export async function findByParticipantToken(
  manager: EntityManager,
  token: string,
  now: Date,
): Promise<(Registration & { consultation: Consultation }) | null> {
  if (typeof token !== 'string' || !token.startsWith('cvp_') || token.length > 100) return null;
  const registration = await manager.findOne(Registration, {
    where: { participantTokenHash: hashSecret(token) },
    relations: { consultation: true },
  });
  if (!registration?.consultation) return null;
  const until = registration.consultation.endsAt.getTime() + PARTICIPANT_LINK_DAYS_AFTER * DAY_MS;
  if (now.getTime() > until) return null;
  return registration as Registration & { consultation: Consultation };
}
