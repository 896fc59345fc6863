import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { User, UserRole } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound, invalidTransition } from '../common/domain-error';
import { Links } from '../common/links';
import { SignedInUser } from '../common/web';
import { isUniqueViolation } from '../database/errors';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import {
  AccreditationEvent,
  AccreditationEventType,
  RejectionReason,
} from './accreditation-event.entity';
import {
  AccreditationRequest,
  AccreditationStatus,
  OPEN_STATUSES,
} from './accreditation-request.entity';
import { openRequestExists } from './accreditation.errors';
import { Decision } from './dto/accreditation.dto';

const DIGEST_AFTER_DAYS = 7;

/**
 * Observer accreditation: a focal point submits, a reviewer decides (approve, reject, or ask a
 * question the focal point answers). Each step is one transaction with its audit event and mail.
 */
@Injectable()
export class AccreditationService {
  private readonly logger = new Logger(AccreditationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  async submit(
    viewer: SignedInUser,
    organisationId: string,
    input: { motivation: string; migrationActivities: string },
  ) {
    await this.organisations.assertFocalPoint(viewer, organisationId, false);
    try {
      return await this.transactions.run(async (manager) => {
        const organisation = await lockById(manager, Organisation, organisationId);
        const open = await manager.existsBy(AccreditationRequest, {
          organisationId,
          status: In(OPEN_STATUSES),
        });
        if (open) throw openRequestExists();
        if (organisation.observerStatus !== ObserverStatus.None) throw invalidTransition();
        const now = this.clock.now();
        const request = await manager.save(
          manager.create(AccreditationRequest, {
            organisationId,
            submittedById: viewer.id,
            motivation: input.motivation,
            migrationActivities: input.migrationActivities,
            status: AccreditationStatus.Submitted,
            submittedAt: now,
            decidedAt: null,
          }),
        );
        organisation.observerStatus = ObserverStatus.Applicant;
        await manager.save(organisation);
        await this.record(manager, request, viewer.id, AccreditationEventType.Submitted);
        await this.tellFocalPoints(manager, organisation, request, 'accreditation-submitted', {});
        return request;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw openRequestExists();
      throw error;
    }
  }

  /** A reviewer's decision on a submitted request: approve, reject (with a reason code) or ask. */
  async decide(
    reviewer: SignedInUser,
    id: string,
    decision: Decision,
    reason: string,
    reasonCode?: RejectionReason,
  ) {
    return this.transactions.run(async (manager) => {
      const request = await this.lockRequest(manager, id);
      await this.organisations.assertImpartial(manager, reviewer, request.organisationId);
      if (request.status !== AccreditationStatus.Submitted) throw invalidTransition();
      const organisation = await lockById(manager, Organisation, request.organisationId);
      if (decision === 'request_info') {
        await this.askForInformation(manager, reviewer, request, organisation, reason);
      } else {
        await this.conclude(manager, reviewer, request, organisation, decision === 'approve', {
          reason,
          reasonCode,
        });
      }
      return request;
    });
  }

  private async askForInformation(
    manager: EntityManager,
    reviewer: SignedInUser,
    request: AccreditationRequest,
    organisation: Organisation,
    question: string,
  ): Promise<void> {
    request.status = AccreditationStatus.InfoRequested;
    await manager.save(request);
    await this.record(
      manager,
      request,
      reviewer.id,
      AccreditationEventType.InfoRequested,
      question,
    );
    await this.tellFocalPoints(manager, organisation, request, 'accreditation-question', {
      question,
    });
  }

  /** Approves (the organisation becomes an observer) or rejects (back to none), with the reason. */
  private async conclude(
    manager: EntityManager,
    reviewer: SignedInUser,
    request: AccreditationRequest,
    organisation: Organisation,
    approve: boolean,
    { reason, reasonCode }: { reason: string; reasonCode?: RejectionReason },
  ): Promise<void> {
    const now = this.clock.now();
    request.status = approve ? AccreditationStatus.Approved : AccreditationStatus.Rejected;
    request.decidedAt = now;
    await manager.save(request);
    organisation.observerStatus = approve ? ObserverStatus.Observer : ObserverStatus.None;
    if (approve) {
      organisation.observerSince = now;
      organisation.suspendedReason = null;
    }
    await manager.save(organisation);
    const type = approve ? AccreditationEventType.Approved : AccreditationEventType.Rejected;
    const code = approve ? null : (reasonCode ?? 'other');
    await this.record(manager, request, reviewer.id, type, reason, code);
    await this.tellFocalPoints(
      manager,
      organisation,
      request,
      approve ? 'accreditation-approved' : 'accreditation-rejected',
      { reason, reasonCode: code },
    );
  }

  /** The focal point answers the reviewer's question; the request goes back to the queue. */
  async respond(viewer: SignedInUser, id: string, message: string) {
    const request = await this.dataSource.getRepository(AccreditationRequest).findOneBy({ id });
    if (!request) throw notFound();
    await this.organisations.assertFocalPoint(viewer, request.organisationId, false);
    return this.transactions.run(async (manager) => {
      const locked = await this.lockRequest(manager, id);
      if (locked.status !== AccreditationStatus.InfoRequested) throw invalidTransition();
      locked.status = AccreditationStatus.Submitted;
      await manager.save(locked);
      await this.record(manager, locked, viewer.id, AccreditationEventType.Responded, message);
      await this.tellAsker(manager, locked, message);
      return locked;
    });
  }

  async withdraw(viewer: SignedInUser, id: string) {
    const request = await this.dataSource.getRepository(AccreditationRequest).findOneBy({ id });
    if (!request) throw notFound();
    await this.organisations.assertFocalPoint(viewer, request.organisationId, false);
    return this.transactions.run(async (manager) => {
      const locked = await this.lockRequest(manager, id);
      if (!OPEN_STATUSES.includes(locked.status)) throw invalidTransition();
      locked.status = AccreditationStatus.Withdrawn;
      locked.decidedAt = this.clock.now();
      await manager.save(locked);
      const organisation = await lockById(manager, Organisation, locked.organisationId);
      organisation.observerStatus = ObserverStatus.None;
      await manager.save(organisation);
      await this.record(manager, locked, viewer.id, AccreditationEventType.Withdrawn);
      return locked;
    });
  }

  /** Every morning, staff are told which requests have waited more than seven days. */
  @Cron(CronExpression.EVERY_DAY_AT_7AM, {
    name: 'accreditation-digest',
    timeZone: 'UTC',
    waitForCompletion: true,
  })
  async sendWaitingDigest(): Promise<number> {
    const now = this.clock.now();
    const waiting = await this.dataSource.getRepository(AccreditationRequest).find({
      where: {
        status: AccreditationStatus.Submitted,
        submittedAt: LessThan(new Date(now.getTime() - DIGEST_AFTER_DAYS * 86_400_000)),
      },
      relations: { organisation: true },
      order: { submittedAt: 'ASC' },
    });
    if (!waiting.length) return 0;
    const items = waiting.map((r) => ({
      organisation: r.organisation!.name,
      country: r.organisation!.country,
      days: Math.floor((now.getTime() - r.submittedAt.getTime()) / 86_400_000),
      url: this.links.to(`/staff/accreditation/${r.id}`),
    }));
    return this.transactions.run(async (manager) => {
      const staff = await manager.find(User, {
        where: { role: In([UserRole.Reviewer, UserRole.Admin]) },
      });
      const recipients = staff.filter((user) => !user.disabledAt);
      for (const user of recipients) {
        await this.outbox.enqueue(manager, {
          to: user.email,
          template: 'accreditation-digest',
          kind: MailKind.Staff,
          locale: user.locale,
          payload: {
            name: user.name,
            count: items.length,
            items,
            queueUrl: this.links.to('/staff/accreditation'),
          },
        });
      }
      this.logger.log(
        `digest of ${items.length} waiting request(s) queued for ${recipients.length} staff`,
      );
      return recipients.length;
    });
  }

  /** Locks the request for the rest of the transaction (documents are added under it too). */
  lockRequest(manager: EntityManager, id: string): Promise<AccreditationRequest> {
    return lockById(manager, AccreditationRequest, id);
  }

  /** The request's history and the audit log, in the transaction of the change. */
  async record(
    manager: EntityManager,
    request: AccreditationRequest,
    actorId: string,
    type: AccreditationEventType,
    message = '',
    reasonCode: RejectionReason | null = null,
  ): Promise<void> {
    await manager.insert(AccreditationEvent, {
      requestId: request.id,
      actorId,
      type,
      message,
      reasonCode,
    });
    await this.audit.record(manager, {
      actorId,
      action: `accreditation.${type}`,
      entity: 'accreditation_request',
      entityId: request.id,
      details: {
        organisationId: request.organisationId,
        status: request.status,
        ...(message ? { message } : {}),
        ...(reasonCode ? { reasonCode } : {}),
      },
    });
  }

  /** The reviewer who asked the question hears the answer. */
  private async tellAsker(
    manager: EntityManager,
    request: AccreditationRequest,
    answer: string,
  ): Promise<void> {
    const question = await manager.findOne(AccreditationEvent, {
      where: { requestId: request.id, type: AccreditationEventType.InfoRequested },
      order: { at: 'DESC' },
    });
    const reviewer = question?.actorId
      ? await manager.findOneBy(User, { id: question.actorId })
      : null;
    if (!reviewer || reviewer.disabledAt) return;
    const organisation = await manager.findOneByOrFail(Organisation, {
      id: request.organisationId,
    });
    await this.outbox.enqueue(manager, {
      to: reviewer.email,
      template: 'accreditation-answered',
      locale: reviewer.locale,
      payload: {
        name: reviewer.name,
        organisation: organisation.name,
        answer,
        url: this.links.to(`/staff/accreditation/${request.id}`),
      },
    });
  }

  private async tellFocalPoints(
    manager: EntityManager,
    organisation: Organisation,
    request: AccreditationRequest,
    template: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    for (const user of await this.organisations.focalPoints(manager, organisation.id)) {
      await this.outbox.enqueue(manager, {
        to: user.email,
        template,
        kind: template === 'accreditation-submitted' ? MailKind.Notification : MailKind.Staff,
        locale: user.locale,
        payload: {
          name: user.name,
          organisation: organisation.name,
          url: this.links.to(`/organisations/${organisation.id}/accreditation`),
          requestId: request.id,
          ...payload,
        },
      });
    }
  }
}
