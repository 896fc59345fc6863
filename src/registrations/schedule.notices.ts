import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Links } from '../common/links';
import { OnDomainEvent } from '../common/domain-events';
import { ConsultationScheduleChanged } from '../consultations/consultation.events';
import { consultationTexts } from '../consultations/consultation.views';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { calendarRequest } from './calendar.attachment';
import { Registration, RegistrationStatus } from './registration.entity';
import { addresseesOf } from './registration.recipients';

/** Who holds a seat, or may soon: they planned around the old dates and place. */
export const HOLDING_STATUSES = [
  RegistrationStatus.Pending,
  RegistrationStatus.Confirmed,
  RegistrationStatus.Offered,
];

/**
 * A published consultation's dates, place or agenda changed: every holder of a pending, confirmed
 * or offered registration is told what changed, once per address and in their language, with the
 * updated calendar entry of each registration they hold (same UID, the raised SEQUENCE), in the
 * admin's transaction.
 */
@Injectable()
export class ScheduleNotices {
  constructor(
    private readonly outbox: OutboxService,
    private readonly links: Links,
  ) {}

  @OnDomainEvent(ConsultationScheduleChanged)
  async changed({ manager, consultation, changes }: ConsultationScheduleChanged): Promise<void> {
    const holders = await manager.find(Registration, {
      where: { consultationId: consultation.id, status: In(HOLDING_STATUSES) },
      order: { createdAt: 'ASC' },
    });
    for (const [to, { locale, registrations }] of await addresseesOf(manager, holders)) {
      const title = consultationTexts(consultation, locale).title;
      await this.outbox.enqueue(manager, {
        to,
        template: 'consultation-changed',
        locale,
        kind: MailKind.Staff,
        payload: {
          consultation: title.text,
          consultationLang: title.lang,
          timezone: consultation.timezone,
          changes,
          participants: registrations.map((r) => r.participantName).join(', '),
          consultationUrl: this.links.to(`/consultations/${consultation.id}`),
          attachments: registrations.map((r) => calendarRequest(r)),
        },
      });
    }
  }
}
