import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Links } from '../common/links';
import { lockById } from '../database/locks';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { AccreditationEvent, AccreditationEventType } from './accreditation-event.entity';
import { AccreditationRequest, AccreditationStatus } from './accreditation-request.entity';

/** The reason a request left unanswered is closed with, as the UN's NGO Committee words it. */
export const CLOSED_WITHOUT_PREJUDICE = 'closed without prejudice';

export interface OpenQuestion {
  requestId: string;
  /** The question the request waits on (the latest asked), and when it was asked. */
  questionId: string;
  askedAt: Date;
}

/**
 * A reviewer's question the focal point has not answered: reminded, and in the end the request is
 * closed `withdrawn` "without prejudice" (the organisation may apply again). The reminders job
 * decides when; these use cases run in its transaction, which also claims the reminder.
 */
@Injectable()
export class UnansweredQuestions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  /** Every request waiting on an answer, with its latest question. */
  async open(): Promise<OpenQuestion[]> {
    const requests = await this.dataSource
      .getRepository(AccreditationRequest)
      .find({ select: { id: true }, where: { status: AccreditationStatus.InfoRequested } });
    const open: OpenQuestion[] = [];
    for (const { id } of requests) {
      const question = await this.latestQuestion(this.dataSource.manager, id);
      if (question) open.push({ requestId: id, questionId: question.id, askedAt: question.at });
    }
    return open;
  }

  /**
   * Locks the request and answers it when it still waits on this question (not answered,
   * withdrawn or asked again since the job looked), else null.
   */
  async stillOpen(
    manager: EntityManager,
    { requestId, questionId }: OpenQuestion,
  ): Promise<AccreditationRequest | null> {
    const request = await lockById(manager, AccreditationRequest, requestId);
    if (request.status !== AccreditationStatus.InfoRequested) return null;
    const latest = await this.latestQuestion(manager, requestId);
    return latest?.id === questionId ? request : null;
  }

  /** Reminds the focal points of the question, the `number`th time. */
  async remind(
    manager: EntityManager,
    request: AccreditationRequest,
    open: OpenQuestion,
    number: number,
  ): Promise<void> {
    const question = await manager.findOneByOrFail(AccreditationEvent, { id: open.questionId });
    await this.tellFocalPoints(manager, request, {
      event: 'accreditation_question',
      question: question.message,
      askedAt: open.askedAt.toISOString(),
      number,
    });
  }

  /**
   * Closes the request `withdrawn` with the reason "closed without prejudice", recorded in its
   * history (on behalf of the reviewer whose question went unanswered) and in the audit log (by
   * nobody: the clock did it), and tells the focal points.
   */
  async close(manager: EntityManager, request: AccreditationRequest, open: OpenQuestion) {
    const question = await manager.findOneByOrFail(AccreditationEvent, { id: open.questionId });
    request.status = AccreditationStatus.Withdrawn;
    request.decidedAt = this.clock.now();
    await manager.save(request);
    const organisation = await lockById(manager, Organisation, request.organisationId);
    organisation.observerStatus = ObserverStatus.None;
    await manager.save(organisation);
    await manager.insert(AccreditationEvent, {
      requestId: request.id,
      actorId: question.actorId,
      type: AccreditationEventType.Withdrawn,
      message: CLOSED_WITHOUT_PREJUDICE,
    });
    await this.audit.record(manager, {
      actorId: null,
      action: 'accreditation.closed_unanswered',
      entity: 'accreditation_request',
      entityId: request.id,
      details: {
        organisationId: request.organisationId,
        status: request.status,
        reason: CLOSED_WITHOUT_PREJUDICE,
      },
    });
    await this.tellFocalPoints(manager, request, {
      event: 'accreditation_closed',
      question: question.message,
      askedAt: open.askedAt.toISOString(),
      reason: CLOSED_WITHOUT_PREJUDICE,
    });
  }

  private latestQuestion(manager: EntityManager, requestId: string) {
    return manager.findOne(AccreditationEvent, {
      where: { requestId, type: AccreditationEventType.InfoRequested },
      order: { at: 'DESC' },
    });
  }

  private async tellFocalPoints(
    manager: EntityManager,
    request: AccreditationRequest,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const organisation = await manager.findOneByOrFail(Organisation, {
      id: request.organisationId,
    });
    for (const user of await this.organisations.focalPoints(manager, organisation.id)) {
      await this.outbox.enqueue(manager, {
        to: user.email,
        template: 'reminder',
        kind: MailKind.Staff,
        locale: user.locale,
        payload: {
          name: user.name,
          organisation: organisation.name,
          actionUrl: this.links.to(`/organisations/${organisation.id}/accreditation`),
          ...payload,
        },
      });
    }
  }
}
