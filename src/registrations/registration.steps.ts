import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainEvents } from '../common/domain-events';
import { notFound } from '../common/domain-error';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { Consultation, ConsultationStatus } from '../consultations/consultation.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { Transactions } from '../database/transactions';
import { MailKind } from '../mail/outbox-message.entity';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { Registration } from './registration.entity';
import { RegistrationEnded } from './registration.events';
import { RegistrationNotices } from './registration.notices';
import { RegistrationCounters } from './registration-counters';
import { SeatLedger } from './seat-ledger';

/** The participant acting on their own seat through their link, without an account. */
export interface ParticipantActor {
  participantTokenHash: string;
}

/** Who acts on a registration: a signed-in user, or the participant through their link. */
export type Acting = SignedInUser | ParticipantActor;

export function userOf(who: Acting): SignedInUser | null {
  return 'participantTokenHash' in who ? null : who;
}

/** What the audit log says of who acted, beyond the actor's id (never the person's name). */
export function byWhom(who: Acting, onBehalf: boolean): Record<string, string> {
  if ('participantTokenHash' in who) return { by: 'participant' };
  return onBehalf ? { by: 'staff' } : {};
}

export type RegistrationStep = (
  manager: EntityManager,
  registration: Registration,
  consultation: Consultation,
) => Promise<void>;

/**
 * The steps every registration use case is made of, shared by the services that hold them
 * (`registrations.service.ts`, `registration.changes.ts`, `my-registration.service.ts`).
 */
@Injectable()
export class RegistrationSteps {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly ledger: SeatLedger,
    private readonly counters: RegistrationCounters,
    private readonly notices: RegistrationNotices,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Runs one use case in one transaction: the registration is found (and, for a member, checked
   * to be their organisation's), the consultation locked, the registration reloaded under the
   * lock and handed to `step`, which does and records what the use case does. A status it
   * changes moves the counters in the same transaction, whatever the use case.
   */
  async change(
    id: string,
    actor: SignedInUser | null,
    step: RegistrationStep,
  ): Promise<Registration> {
    const found = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (!found) throw notFound();
    if (actor && !isStaff(actor))
      await this.assertOwnOrganisation(this.dataSource.manager, actor, found);
    return this.transactions.run(async (manager) => {
      const consultation = await this.consultations.lock(manager, found.consultationId);
      const registration = await manager.findOneByOrFail(Registration, { id });
      const from = registration.status;
      await step(manager, registration, consultation);
      await this.counters.moved(manager, registration, from);
      return registration;
    });
  }

  async assertOwnOrganisation(
    manager: EntityManager,
    viewer: SignedInUser | null,
    registration: Registration,
  ): Promise<void> {
    if (
      !viewer ||
      !(await this.organisations.membership(manager, viewer.id, registration.organisationId))
    )
      throw notFound();
  }

  /** Own organisation's members, and staff for any organisation. */
  async assertOwnOrStaff(
    manager: EntityManager,
    viewer: SignedInUser,
    registration: Registration,
  ): Promise<void> {
    if (!isStaff(viewer)) await this.assertOwnOrganisation(manager, viewer, registration);
  }

  /** Saves the registration and writes the audit row of the change, with its new status. */
  async record(
    manager: EntityManager,
    registration: Registration,
    actor: SignedInUser | null,
    action: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await manager.save(registration);
    await this.audit.record(manager, {
      actorId: actor?.id ?? null,
      action,
      entity: 'registration',
      entityId: registration.id,
      details: { status: registration.status, ...details },
    });
  }

  /** Tells the people concerned; mail caused by staff (or the clock) is staff mail. */
  async tell(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
    actor: SignedInUser | null,
    event?: string,
    reason = '',
  ): Promise<void> {
    const organisation = await manager.findOneByOrFail(Organisation, {
      id: registration.organisationId,
    });
    await this.notices.tell(
      manager,
      registration,
      consultation,
      organisation,
      event,
      reason,
      actor && !isStaff(actor) ? MailKind.Notification : MailKind.Staff,
    );
  }

  /** A seat freed while the consultation is published goes to the first on the waiting list. */
  async passOnFreedSeats(
    manager: EntityManager,
    consultation: Consultation,
    actorId: string | null,
  ): Promise<void> {
    if (consultation.status !== ConsultationStatus.Published) return;
    await this.ledger.offerFreedSeats(
      manager,
      await this.consultations.lock(manager, consultation.id),
      actorId,
    );
  }

  /** A registration ended without attending: the modules above react in this transaction. */
  ended(manager: EntityManager, registration: Registration, actorId: string | null) {
    return this.events.publish(new RegistrationEnded(manager, registration, actorId));
  }
}
