import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { Links } from '../common/links';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { AttachmentRequest, MailAttachments, RenderedAttachment } from '../mail/mail-attachments';
import { calendarInvite, calendarUid } from './calendar';
import { Registration } from './registration.entity';

export type CalendarMethod = 'REQUEST' | 'CANCEL';

/** What an outbox row asks for: the calendar entry of one participant of one registration. */
export interface CalendarRequest extends AttachmentRequest {
  kind: 'calendar';
  registrationId: string;
  participantVersion: number;
  method?: CalendarMethod;
  /** The participant's language: the member's copy carries the participant's own entry. */
  locale?: Locale;
}

export function calendarRequest(
  registration: Pick<Registration, 'id' | 'participantVersion'>,
  method: CalendarMethod = 'REQUEST',
  locale?: Locale,
): CalendarRequest {
  return {
    kind: 'calendar',
    registrationId: registration.id,
    participantVersion: registration.participantVersion,
    method,
    ...(locale ? { locale } : {}),
  };
}

/** The mail of a registration that ended this way carries its calendar entry's cancellation. */
const CANCELLING_EVENTS = ['cancelled', 'consultation_cancelled'];

export function cancellingCalendar(
  registration: Pick<Registration, 'id' | 'participantVersion'>,
  event: string,
): { attachments?: CalendarRequest[] } {
  return CANCELLING_EVENTS.includes(event)
    ? { attachments: [calendarRequest(registration, 'CANCEL')] }
    : {};
}

/**
 * Renders the `calendar` attachment when the mail is sent, from the consultation as it is then:
 * SEQUENCE is the consultation's `calendarSequence` (raised by every change of its dates, place or
 * agenda), and a cancellation one above it so it supersedes the latest update. An invitation for a
 * participant who has since been substituted is dropped (their entry was cancelled instead).
 */
@Injectable()
export class CalendarAttachment implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly attachments: MailAttachments,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.attachments.register('calendar', (request, locale) =>
      this.render(request as CalendarRequest, locale),
    );
  }

  async render(request: CalendarRequest, locale: Locale): Promise<RenderedAttachment | null> {
    const registration = await this.dataSource
      .getRepository(Registration)
      .findOneBy({ id: request.registrationId });
    if (!registration) return null;
    const cancel = request.method === 'CANCEL';
    if (!cancel && registration.participantVersion !== request.participantVersion) return null;
    const consultation = await this.dataSource
      .getRepository(Consultation)
      .findOneByOrFail({ id: registration.consultationId });
    const url = this.links.to(`/consultations/${consultation.id}`);
    const { title, theme } = consultationTexts(consultation, request.locale ?? locale);
    return {
      filename: cancel ? 'cancel.ics' : 'invite.ics',
      contentType: `text/calendar; charset=utf-8; method=${cancel ? 'CANCEL' : 'PUBLISH'}`,
      content: calendarInvite({
        uid: calendarUid(registration.id, request.participantVersion),
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
        sequence: consultation.calendarSequence + (cancel ? 1 : 0),
        cancelled: cancel,
      }),
    };
  }
}
