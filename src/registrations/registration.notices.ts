import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Links } from '../common/links';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { hydrate, selectRows } from '../database/raw-sql';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Organisation } from '../organisations/organisation.entity';
import { calendarRequest, cancellingCalendar } from './calendar.attachment';
import { Registration, RegistrationStatus } from './registration.entity';
import { RegistrationQueries } from './registration.queries';

const PEOPLE = `SELECT id, email, locale, "disabledAt" FROM users WHERE id = ?
    UNION ALL SELECT id, email, locale, "disabledAt" FROM users WHERE email = ?`;

/**
 * Who is told what when a registration changes: the participant and the member who registered
 * them, each in their own language (the consultation's title too, else its original), through the
 * outbox of the change's transaction, one row per recipient. A confirmation carries the
 * participant's calendar entry and a cancellation its cancelling one, rendered by the mail worker
 * at send time from the ids in the row (kind `calendar`, see calendar.attachment.ts), never in the
 * request.
 */
@Injectable()
export class RegistrationNotices {
  constructor(
    private readonly queries: RegistrationQueries,
    private readonly outbox: OutboxService,
    private readonly links: Links,
  ) {}

  /**
   * Tells of `event` (by default the registration's new status); answers its waiting-list place.
   * A caller that knows the place (a newcomer's is the list's length) passes it as `place`.
   */
  async tell(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
    organisation: Pick<Organisation, 'id' | 'name'>,
    event: string = registration.status,
    reason = '',
    kind = MailKind.Notification,
    participantUrl?: string,
    place?: number | null,
  ): Promise<number | null> {
    const position =
      place !== undefined ? place : await this.queries.waitlistPlace(manager, registration);
    const { recipients, members } = await this.recipients(manager, registration);
    const payload = {
      event,
      participant: registration.participantName,
      organisation: organisation.name,
      city: consultation.city,
      startsAt: consultation.startsAt.toISOString(),
      timezone: consultation.timezone,
      position,
      // Only an offer's own mail asks to accept it before a deadline.
      offerExpiresAt:
        event === RegistrationStatus.Offered
          ? (registration.offerExpiresAt?.toISOString() ?? null)
          : null,
      reason,
      consultationUrl: this.links.to(`/consultations/${consultation.id}`),
      delegationUrl: this.links.to(`/organisations/${organisation.id}/delegation`),
      acceptUrl: `${this.links.to(`/organisations/${organisation.id}/delegation`, { offer: registration.id })}#registration-${registration.id}`,
      ...cancellingCalendar(registration, event),
      ...(event === RegistrationStatus.Confirmed
        ? {
            attachments: [
              calendarRequest(
                registration,
                'REQUEST',
                recipients.get(registration.participantEmail),
              ),
            ],
          }
        : {}),
    };
    for (const [to, locale] of recipients) {
      const title = consultationTexts(consultation, locale).title;
      // The participant's own link goes to the participant only; the member's links need an account.
      const { delegationUrl, acceptUrl, ...common } = payload;
      await this.outbox.enqueue(manager, {
        to,
        template: 'registration',
        locale,
        payload: {
          ...common,
          ...(members.has(to) ? { delegationUrl, acceptUrl } : {}),
          // Their own page opens in the language their mail is written in.
          ...(participantUrl && to === registration.participantEmail
            ? { participantUrl: withLanguage(participantUrl, locale) }
            : {}),
          consultation: title.text,
          consultationLang: title.lang,
        },
        kind,
      });
    }
    return position;
  }

  /**
   * The participant (in their account's language, else the member's) and the member who
   * registered them, unless that account is disabled; one mail per address.
   */
  private async recipients(
    manager: EntityManager,
    registration: Registration,
  ): Promise<{ recipients: Map<string, Locale>; members: Set<string> }> {
    const people = (
      await selectRows(manager, PEOPLE, [
        registration.registeredById,
        registration.participantEmail,
      ])
    ).map((row) => hydrate(manager, User, row));
    const member = people.find((u) => u.id === registration.registeredById);
    const participantAccount = people.find((u) => u.email === registration.participantEmail);
    const recipients = new Map<string, Locale>();
    recipients.set(
      registration.participantEmail,
      participantAccount?.locale ?? member?.locale ?? 'en',
    );
    if (member && !member.disabledAt && !recipients.has(member.email))
      recipients.set(member.email, member.locale);
    return { recipients, members: new Set(member && !member.disabledAt ? [member.email] : []) };
  }
}

function withLanguage(url: string, locale: Locale): string {
  const link = new URL(url);
  link.searchParams.set('lang', locale);
  return link.toString();
}
