import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { isLocale } from '../common/i18n';
import { Links } from '../common/links';
import { Locale } from '../common/roles';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { ConsultationsService } from '../consultations/consultations.service';
import { Transactions } from '../database/transactions';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { ACTIVE_STATUSES, Registration } from '../registrations/registration.entity';
import { ConsultationMessage, MessageAudience, MessageText } from './consultation-message.entity';
import { ConsultationMessageDto } from './dto/workspace.dto';

export interface Recipient {
  email: string;
  locale: Locale;
}

/**
 * Staff write to a consultation's participants: all of them, one delegation, or a filtered set.
 * Each participant gets one mail (one per address) in their language when a translation is given,
 * through the outbox of the transaction that keeps the copy on the consultation. The members who
 * registered them get no copy: the message is to the people who come.
 */
@Injectable()
export class ConsultationMessages {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly consultations: ConsultationsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly links: Links,
  ) {}

  /** How many would receive it; nothing is written. */
  async count(staff: SignedInUser, consultationId: string, audience: MessageAudience) {
    return (await this.preview(staff, consultationId, audience)).length;
  }

  /** Who would receive it, with their language; nothing is written. */
  async preview(staff: SignedInUser, consultationId: string, audience: MessageAudience) {
    await this.consultations.get(staff, consultationId);
    return this.recipients(this.dataSource.manager, consultationId, audience);
  }

  /** The payload a recipient's mail carries: the worker renders it as any other mail. */
  payload(consultation: Consultation, locale: Locale, text: MessageText) {
    const title = consultationTexts(consultation, locale).title;
    return {
      subject: text.subject,
      body: text.body,
      consultation: title.text,
      consultationLang: title.lang,
      consultationUrl: this.links.to(`/consultations/${consultation.id}`),
    };
  }

  async send(
    staff: SignedInUser,
    consultationId: string,
    input: ConsultationMessageDto,
  ): Promise<ConsultationMessage> {
    await this.consultations.get(staff, consultationId);
    return this.transactions.run(async (manager) => {
      const consultation = await manager.findOneByOrFail(Consultation, { id: consultationId });
      const recipients = await this.recipients(manager, consultationId, input.audience);
      const translations = { ...input.translations } as ConsultationMessage['translations'];
      const message = await manager.save(
        manager.create(ConsultationMessage, {
          consultationId,
          sentById: staff.id,
          audience: audienceOf(input.audience),
          subject: input.subject,
          body: input.body,
          translations,
          recipientCount: recipients.length,
        }),
      );
      for (const recipient of recipients) {
        const text = textFor(recipient.locale, input, translations);
        await this.outbox.enqueue(manager, {
          to: recipient.email,
          template: 'consultation-message',
          locale: recipient.locale,
          payload: this.payload(consultation, recipient.locale, text),
          kind: MailKind.Staff,
        });
      }
      await this.audit.record(manager, {
        actorId: staff.id,
        action: 'consultation.message_sent',
        entity: 'consultation',
        entityId: consultationId,
        details: { messageId: message.id, recipients: recipients.length },
      });
      return message;
    });
  }

  /** The copies kept on the consultation, newest first (the last 100). */
  async list(staff: SignedInUser, consultationId: string): Promise<ConsultationMessage[]> {
    await this.consultations.get(staff, consultationId);
    return this.dataSource.getRepository(ConsultationMessage).find({
      where: { consultationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: 100,
    });
  }

  /** One per participant address; their account's language, else the registering member's. */
  async recipients(
    manager: EntityManager,
    consultationId: string,
    audience: MessageAudience,
  ): Promise<Recipient[]> {
    const query = manager
      .getRepository(Registration)
      .createQueryBuilder('r')
      .select(['r.id', 'r.participantEmail', 'r.registeredById'])
      .where('r.consultationId = :consultationId', { consultationId })
      .andWhere('r.status IN (:...statuses)', {
        statuses: audience.statuses?.length ? audience.statuses : ACTIVE_STATUSES,
      })
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC');
    if (audience.organisationId)
      query.andWhere('r.organisationId = :organisationId', {
        organisationId: audience.organisationId,
      });
    if (audience.needsVisaLetter !== undefined)
      query.andWhere('r.needsVisaLetter = :visa', { visa: audience.needsVisaLetter });
    const rows = await query.getMany();
    const people = await this.localesOf(manager, rows);
    const recipients = new Map<string, Locale>();
    for (const r of rows) {
      const email = r.participantEmail.toLowerCase();
      if (recipients.has(email)) continue;
      recipients.set(email, people.get(email) ?? people.get(r.registeredById) ?? 'en');
    }
    return [...recipients].map(([email, locale]) => ({ email, locale }));
  }

  private async localesOf(manager: EntityManager, rows: Registration[]) {
    const people = new Map<string, Locale>();
    const emails = [...new Set(rows.map((r) => r.participantEmail.toLowerCase()))];
    const members = [...new Set(rows.map((r) => r.registeredById))];
    const found: User[] = [];
    const select = { id: true, email: true, locale: true } as const;
    for (let i = 0; i < emails.length; i += 500)
      found.push(
        ...(await manager.find(User, { select, where: { email: In(emails.slice(i, i + 500)) } })),
      );
    for (let i = 0; i < members.length; i += 500)
      found.push(
        ...(await manager.find(User, { select, where: { id: In(members.slice(i, i + 500)) } })),
      );
    for (const u of found) {
      const locale = isLocale(u.locale) ? u.locale : 'en';
      people.set(u.email.toLowerCase(), locale);
      people.set(u.id, locale);
    }
    return people;
  }
}

function audienceOf(audience: MessageAudience): MessageAudience {
  return {
    ...(audience.statuses?.length ? { statuses: audience.statuses } : {}),
    ...(audience.organisationId ? { organisationId: audience.organisationId } : {}),
    ...(audience.needsVisaLetter !== undefined
      ? { needsVisaLetter: audience.needsVisaLetter }
      : {}),
  };
}

/** The translation in the recipient's language when there is one, else the text as written. */
export function textFor(
  locale: Locale,
  original: MessageText,
  translations: Partial<Record<'fr' | 'es', MessageText>>,
): MessageText {
  const translated = locale === 'fr' || locale === 'es' ? translations[locale] : undefined;
  return translated ?? { subject: original.subject, body: original.body };
}
