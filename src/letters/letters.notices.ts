import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Links } from '../common/links';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Registration } from '../registrations/registration.entity';
import { LetterRequest } from './letter-request.entity';

export type LetterEvent = 'issued' | 'declined' | 'revoked';

/** The language a participant reads: their own account's, else the registering member's. */
export async function participantLocale(
  manager: EntityManager,
  registration: Registration,
): Promise<Locale> {
  const own = await manager.findOneBy(User, { email: registration.participantEmail });
  if (own) return own.locale;
  const member = await manager.findOneBy(User, { id: registration.registeredById });
  return member?.locale ?? 'en';
}

/**
 * Tells the participant and the member who registered them what became of a letter, through the
 * outbox in the same transaction. An issued letter travels as an attachment the worker renders
 * from the request id at send time: the row holds ids only, never the letter or passport data.
 */
@Injectable()
export class LetterNotices {
  constructor(
    private readonly outbox: OutboxService,
    private readonly links: Links,
  ) {}

  async tell(
    manager: EntityManager,
    letter: LetterRequest,
    registration: Registration,
    consultation: Consultation,
    event: LetterEvent,
  ): Promise<void> {
    const member = await manager.findOneBy(User, { id: registration.registeredById });
    const recipients: { to: string; name: string; locale: Locale; url?: string }[] = [
      {
        to: registration.participantEmail,
        name: registration.participantName,
        locale: await participantLocale(manager, registration),
      },
    ];
    if (member && !member.disabledAt && member.email !== registration.participantEmail)
      recipients.push({
        to: member.email,
        name: member.name,
        locale: member.locale,
        url: this.links.to(`/organisations/${registration.organisationId}/delegation`),
      });
    for (const recipient of recipients) {
      const title = consultationTexts(consultation, recipient.locale).title;
      await this.outbox.enqueue(manager, {
        to: recipient.to,
        template: 'letter',
        kind: MailKind.Staff,
        locale: recipient.locale,
        payload: {
          event,
          name: recipient.name,
          participant: registration.participantName,
          consultation: title.text,
          consultationLang: title.lang,
          reason: event === 'issued' ? '' : letter.reason,
          url: recipient.url ?? null,
          ...(event === 'issued'
            ? { attachments: [{ kind: 'letter', letterRequestId: letter.id }] }
            : {}),
        },
      });
    }
  }
}
