import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { Links } from '../common/links';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { AttachmentRequest, MailAttachments, RenderedAttachment } from '../mail/mail-attachments';
import { calendarInvite } from './calendar';
import { Registration } from './registration.entity';

/** Each participant of a registration has their own calendar entry: version 1 keeps the first UID. */
export function calendarUid(registrationId: string, participantVersion: number): string {
  return participantVersion > 1
    ? `registration-${registrationId}-v${participantVersion}@convene`
    : `registration-${registrationId}@convene`;
}

/**
 * Renders the `calendar` attachment kind at send time: `{registrationId, participantVersion,
 * method?: 'REQUEST' | 'CANCEL'}` becomes that participant's `.ics`, from the consultation as it
 * is when the mail leaves.
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
    this.attachments.register('calendar', (request, locale) => this.render(request, locale));
  }

  private async render(
    request: AttachmentRequest,
    locale: Locale,
  ): Promise<RenderedAttachment | null> {
    const registration = await this.dataSource
      .getRepository(Registration)
      .findOneBy({ id: String(request.registrationId) });
    if (!registration) return null;
    const consultation = await this.dataSource
      .getRepository(Consultation)
      .findOneByOrFail({ id: registration.consultationId });
    const cancelled = request.method === 'CANCEL';
    const url = this.links.to(`/consultations/${consultation.id}`);
    const { title, theme } = consultationTexts(consultation, locale);
    const ics = calendarInvite({
      uid: calendarUid(registration.id, Number(request.participantVersion) || 1),
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
      sequence: consultation.calendarSequence + (cancelled ? 1 : 0),
      cancelled,
    });
    return {
      filename: cancelled ? 'cancel.ics' : 'invite.ics',
      contentType: `text/calendar; charset=utf-8; method=${cancelled ? 'CANCEL' : 'PUBLISH'}`,
      content: ics,
    };
  }
}
