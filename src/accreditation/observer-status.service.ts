import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { invalidTransition, notFound } from '../common/domain-error';
import { Links } from '../common/links';
import { SignedInUser } from '../common/web';
import { Transactions } from '../database/transactions';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';

/** Observer status after accreditation: an admin suspends an observer or reinstates one. */
@Injectable()
export class ObserverStatusService {
  constructor(
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly links: Links,
  ) {}

  /** An admin suspends an observer (with a reason) or reinstates a suspended one. */
  async setObserverStatus(
    admin: SignedInUser,
    organisationId: string,
    status: ObserverStatus,
    reason: string,
  ) {
    return this.transactions.run(async (manager) => {
      const organisation = await manager.findOneBy(Organisation, { id: organisationId });
      if (!organisation) throw notFound();
      await this.organisations.assertImpartial(manager, admin, organisationId);
      const from = organisation.observerStatus;
      const allowed =
        (from === ObserverStatus.Observer && status === ObserverStatus.Suspended) ||
        (from === ObserverStatus.Suspended && status === ObserverStatus.Observer);
      if (!allowed) throw invalidTransition();
      organisation.observerStatus = status;
      organisation.suspendedReason = status === ObserverStatus.Suspended ? reason : null;
      await manager.save(organisation);
      await this.audit.record(manager, {
        actorId: admin.id,
        action: status === ObserverStatus.Suspended ? 'observer.suspended' : 'observer.reinstated',
        entity: 'organisation',
        entityId: organisationId,
        details: { from, to: status, reason },
      });
      for (const user of await this.organisations.focalPoints(manager, organisationId)) {
        await this.outbox.enqueue(manager, {
          to: user.email,
          template:
            status === ObserverStatus.Suspended ? 'observer-suspended' : 'observer-reinstated',
          kind: MailKind.Staff,
          locale: user.locale,
          payload: {
            name: user.name,
            organisation: organisation.name,
            reason,
            url: this.links.to(`/organisations/${organisationId}`),
          },
        });
      }
      return organisation;
    });
  }
}
