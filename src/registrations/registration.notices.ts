import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Clock } from '../common/clock';
import { Links } from '../common/links';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { hydrate, selectRows } from '../database/raw-sql';
import { AttachmentRequest, MailAttachments, RenderedAttachment } from '../mail/mail-attachments';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Organisation } from '../organisations/organisation.entity';
import { calendarInvite, calendarUid } from './calendar';
import { Registration, RegistrationStatus } from './registration.entity';
import { RegistrationQueries } from './registration.queries';

const PEOPLE = `SELECT id, email, locale, "disabledAt" FROM users WHERE id = ?
    UNION ALL SELECT id, email, locale, "disabledAt" FROM users WHERE email = ?`;

/** What a calendar attachment asks for: the participant's entry, rendered when the mail is sent. */
export interface CalendarRequest extends AttachmentRequest {
  kind: 'calendar';
  registrationId: string;
  participantVersion: number;
  sequence: number;
  method: 'PUBLISH' | 'CANCEL';
  /** The participant's language: the member's copy carries the participant's entry. */
  locale: Locale;
}

/**
 * Who is told what when a registration changes: the participant and the member who registered
 * them, each in their own language (the consultation's title too, else its original), through the
 * outbox of the change's transaction, one row per recipient. A confirmation carries the
 * consultation as an `.ics` in the participant's language, rendered by the mail worker at send
 * time from the ids in the row (kind `calendar`), never in the request.
 */
@Injectable()
export class RegistrationNotices implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: RegistrationQueries,
    private readonly outbox: OutboxService,
    private readonly attachments: MailAttachments,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.attachments.register('calendar', (request) =>
      this.renderCalendar(request as CalendarRequest),
    );
  }

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
    place?: number | null,
  ): Promise<number | null> {
    const position =
      place !== undefined ? place : await this.queries.waitlistPlace(manager, registration);
    const recipients = await this.recipients(manager, registration);
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
      ...(event === RegistrationStatus.Confirmed
        ? {
            attachments: [
              this.calendarRequest(
                registration,
                consultation,
                recipients.get(registration.participantEmail)!,
              ),
            ],
          }
        : {}),
    };
    for (const [to, locale] of recipients) {
      const title = consultationTexts(consultation, locale).title;
      await this.outbox.enqueue(manager, {
        to,
        template: 'registration',
        locale,
        payload: { ...payload, consultation: title.text, consultationLang: title.lang },
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
  ): Promise<Map<string, Locale>> {
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
    return recipients;
  }

  private calendarRequest(
    registration: Registration,
    consultation: Consultation,
    locale: Locale,
  ): CalendarRequest {
    return {
      kind: 'calendar',
      registrationId: registration.id,
      participantVersion: registration.participantVersion ?? 1,
      sequence: consultation.calendarSequence ?? 0,
      method: 'PUBLISH',
      locale,
    };
  }

  /**
   * The participant's calendar entry as the consultation stands when the mail is sent (at the
   * higher of the queued and the current SEQUENCE); none once the registration is gone or its
   * participant replaced, since the entry belongs to the participant it was queued for.
   */
  private async renderCalendar(request: CalendarRequest): Promise<RenderedAttachment | null> {
    const registration = await this.dataSource.getRepository(Registration).findOne({
      where: { id: request.registrationId },
      relations: { consultation: true },
    });
    const consultation = registration?.consultation;
    const version = Number(request.participantVersion) || 1;
    if (!registration || !consultation || (registration.participantVersion ?? 1) !== version)
      return null;
    const method = request.method === 'CANCEL' ? 'CANCEL' : 'PUBLISH';
    const url = this.links.to(`/consultations/${consultation.id}`);
    const { title, theme } = consultationTexts(consultation, request.locale ?? 'en');
    const content = calendarInvite({
      uid: calendarUid(registration.id, version),
      title: title.text,
      titleLanguage: title.lang,
      description: `${theme.text}\n${url}`,
      descriptionLanguage: theme.lang,
      location: `${consultation.venue}, ${consultation.city}`,
      url,
      startsAt: consultation.startsAt,
      endsAt: consultation.endsAt,
      timeZone: consultation.timezone,
      stamp: this.clock.now(),
      sequence: Math.max(Number(request.sequence) || 0, consultation.calendarSequence ?? 0),
      cancelled: method === 'CANCEL',
    });
    return {
      filename: 'invite.ics',
      content,
      contentType: `text/calendar; charset=utf-8; method=${method}`,
    };
  }
}
