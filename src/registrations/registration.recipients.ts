import { EntityManager, In } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Locale } from '../common/roles';
import { Registration } from './registration.entity';

export interface Addressee {
  locale: Locale;
  /** The registrations this address holds, as participant or as the member who registered them. */
  registrations: Registration[];
}

/**
 * Who holds these registrations, once per address: each participant (in their account's language,
 * else their registering member's) and each member who registered them, unless that account is
 * disabled. One address that holds several registrations is one entry listing them all.
 */
export async function addresseesOf(
  manager: EntityManager,
  registrations: Registration[],
  { members = true }: { members?: boolean } = {},
): Promise<Map<string, Addressee>> {
  const ids = [...new Set(registrations.map((r) => r.registeredById))];
  const emails = [...new Set(registrations.map((r) => r.participantEmail))];
  const users = [
    ...(ids.length ? await manager.findBy(User, { id: In(ids) }) : []),
    ...(emails.length ? await manager.findBy(User, { email: In(emails) }) : []),
  ];
  const byId = new Map(users.map((u) => [u.id, u]));
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const addressees = new Map<string, Addressee>();
  const add = (email: string, locale: Locale, registration: Registration) => {
    const entry = addressees.get(email) ?? { locale, registrations: [] };
    if (!entry.registrations.includes(registration)) entry.registrations.push(registration);
    addressees.set(email, entry);
  };
  for (const registration of registrations) {
    const member = byId.get(registration.registeredById);
    const own = byEmail.get(registration.participantEmail);
    add(registration.participantEmail, own?.locale ?? member?.locale ?? 'en', registration);
    if (members && member && !member.disabledAt) add(member.email, member.locale, registration);
  }
  return addressees;
}
