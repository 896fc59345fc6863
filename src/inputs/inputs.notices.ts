import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Links } from '../common/links';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { Submission } from './submission.entity';

export type SubmissionEvent = 'received' | 'returned' | 'published';

/**
 * Who is told what about a submission, through the outbox in the use case's transaction and in
 * each recipient's language: its submitter of receipt, return and publication; the focal points
 * of each co-signing organisation, once, that they are asked to confirm.
 */
@Injectable()
export class InputsNotices {
  constructor(
    private readonly outbox: OutboxService,
    private readonly organisations: OrganisationsService,
    private readonly links: Links,
  ) {}

  async tellSubmitter(
    manager: EntityManager,
    submission: Submission,
    event: SubmissionEvent,
  ): Promise<void> {
    if (!submission.submittedById) return;
    const submitter = await manager.findOneBy(User, { id: submission.submittedById });
    if (!submitter || submitter.disabledAt) return;
    const consultation = await manager.findOneByOrFail(Consultation, {
      id: submission.consultationId,
    });
    const title = consultationTexts(consultation, submitter.locale).title;
    await this.outbox.enqueue(manager, {
      to: submitter.email,
      template: 'submission',
      kind: event === 'received' ? MailKind.Notification : MailKind.Staff,
      locale: submitter.locale,
      payload: {
        event,
        name: submitter.name,
        title: submission.title,
        consultation: title.text,
        consultationLang: title.lang,
        reason: event === 'returned' ? (submission.reason ?? '') : '',
        url: this.links.to(`/inputs/${submission.id}`),
      },
    });
  }

  async askCosigner(
    manager: EntityManager,
    submission: Submission,
    cosignerId: string,
  ): Promise<void> {
    const author = await manager.findOneByOrFail(Organisation, { id: submission.organisationId });
    const cosigner = await manager.findOneByOrFail(Organisation, { id: cosignerId });
    for (const user of await this.organisations.focalPoints(manager, cosignerId)) {
      await this.outbox.enqueue(manager, {
        to: user.email,
        template: 'cosign-request',
        locale: user.locale,
        payload: {
          name: user.name,
          organisation: cosigner.name,
          author: author.name,
          title: submission.title,
          url: this.links.to(`/inputs/${submission.id}`),
        },
      });
    }
  }
}
