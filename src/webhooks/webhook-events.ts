import { EntityManager } from 'typeorm';
import type { AuditEntry } from '../audit/audit.events';
import { FundingApplication } from '../funding/funding-application.entity';
import { Registration } from '../registrations/registration.entity';

export const WEBHOOK_EVENTS = [
  'registration.created',
  'registration.updated',
  'registration.cancelled',
  'registration.checked_in',
  'accreditation.decided',
  'funding.decided',
  'letter.issued',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * The one table from what the audit log records to what webhooks announce. An audited
 * `registration.*` action not named here is an update of the registration (edits, substitutions,
 * offers, approvals, no-shows, an undone check-in). The ways a registration ends without
 * attending (cancelled, rejected, an offer expired, the consultation cancelled) are announced from
 * `RegistrationEnded` instead, the one event every one of them publishes, as
 * `registration.cancelled`; so their audit actions map to nothing here.
 */
const AUDIT_TO_WEBHOOK: Record<string, WebhookEvent | null> = {
  'registration.created': 'registration.created',
  'registration.checked_in': 'registration.checked_in',
  'check_in.recorded': 'registration.checked_in',
  'registration.cancelled': null,
  'registration.rejected': null,
  'registration.offer_expired': null,
  'accreditation.approved': 'accreditation.decided',
  'accreditation.rejected': 'accreditation.decided',
  'funding.awarded': 'funding.decided',
  'funding.declined': 'funding.decided',
  'letter.issued': 'letter.issued',
};

export function webhookEventOf(action: string): WebhookEvent | null {
  if (action in AUDIT_TO_WEBHOOK) return AUDIT_TO_WEBHOOK[action];
  return action.startsWith('registration.') ? 'registration.updated' : null;
}

/** What a registration event carries: ids, the status and the participant's version; no names. */
export function registrationData(registration: Registration): Record<string, unknown> {
  return {
    registrationId: registration.id,
    consultationId: registration.consultationId,
    organisationId: registration.organisationId,
    status: registration.status,
    participantVersion: registration.participantVersion,
    ...(registration.checkedInAt ? { checkedInAt: registration.checkedInAt.toISOString() } : {}),
  };
}

const PASSED_ON = ['registrationId', 'consultationId', 'organisationId', 'status'];

/**
 * The `data` of an audited event: read again through the transaction's manager for registrations
 * and funding applications (the audit details vary by action), otherwise the entity's id and the
 * ids and status among the audit details. Never a name, an email or a free-text reason.
 */
export async function auditedData(
  manager: EntityManager,
  entry: AuditEntry,
): Promise<Record<string, unknown>> {
  if (entry.entity === 'registration') {
    const registration = await manager.findOneBy(Registration, { id: entry.entityId });
    if (registration) return registrationData(registration);
  }
  if (entry.entity === 'funding_application') {
    const application = await manager.findOneBy(FundingApplication, { id: entry.entityId });
    if (application)
      return {
        fundingApplicationId: application.id,
        registrationId: application.registrationId,
        consultationId: application.consultationId,
        organisationId: application.organisationId,
        status: application.status,
      };
  }
  const details = entry.details ?? {};
  const data: Record<string, unknown> = { [`${camel(entry.entity)}Id`]: entry.entityId };
  for (const key of PASSED_ON) if (typeof details[key] === 'string') data[key] = details[key];
  return data;
}

function camel(entity: string): string {
  return entity.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
