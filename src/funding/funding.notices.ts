import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Links } from '../common/links';
import { fromMinor } from '../common/money';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Registration } from '../registrations/registration.entity';
import { FundingApplication, FundingStatus } from './funding-application.entity';

/** Who is told what about an application: its applicant, through the outbox, in the same transaction. */
@Injectable()
export class FundingNotices {
  constructor(
    private readonly outbox: OutboxService,
    private readonly links: Links,
  ) {}

  async tell(
    manager: EntityManager,
    application: FundingApplication,
    consultation: Consultation,
    registration: Pick<Registration, 'participantName'>,
    event: string,
  ): Promise<void> {
    const applicant = await manager.findOneBy(User, { id: application.appliedById });
    if (!applicant || applicant.disabledAt) return;
    const decision = event === FundingStatus.Awarded || event === FundingStatus.Declined;
    const title = consultationTexts(consultation, applicant.locale).title;
    await this.outbox.enqueue(manager, {
      to: applicant.email,
      template: 'funding',
      kind: decision ? MailKind.Staff : MailKind.Notification,
      locale: applicant.locale,
      payload: {
        event,
        name: applicant.name,
        participant: registration.participantName,
        consultation: title.text,
        consultationLang: title.lang,
        requested: fromMinor(application.requestedMinor),
        awarded: application.awardedMinor === null ? null : fromMinor(application.awardedMinor),
        currency: application.currency,
        // The reviewer's note belongs to the decision, not to a later release or closure.
        reason: decision ? application.decisionReason : '',
        url: this.links.to(`/organisations/${application.organisationId}/delegation`),
      },
    });
  }
}
