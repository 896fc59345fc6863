import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Clock } from '../common/clock';
import { OnDomainEvent } from '../common/domain-events';
import { notFound, invalidTransition } from '../common/domain-error';
import { Page } from '../common/page';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { Consultation, ConsultationStatus } from '../consultations/consultation.entity';
import {
  ConsultationCancelled,
  ConsultationCapacityRaised,
} from '../consultations/consultation.events';
import { MailKind } from '../mail/outbox-message.entity';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { RegisterDto, RegistrationDecision, RegistrationQueryDto } from './dto/registration.dto';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from './registration.entity';
import { Registered, RegistrationIntake } from './registration.intake';
import { RegistrationCounters } from './registration-counters';
import { RegistrationNotices } from './registration.notices';
import { RegistrationQueries } from './registration.queries';
import { Acting, byWhom, RegistrationSteps, userOf } from './registration.steps';
import { reasonRequired } from './registrations.errors';
import { SeatLedger } from './seat-ledger';
import { moveTo } from './waitlist-order';

export type { Registered } from './registration.intake';

/**
 * The registration use cases, each in one transaction with the consultation row locked first
 * (which serialises the seats, the per-organisation limit and the waiting-list order). Seats are
 * the ledger's (`seat-ledger.ts`), mail the notices' (`registration.notices.ts`); reads are
 * `registration.queries.ts`'s and are offered here too for the modules above.
 */
@Injectable()
export class RegistrationsService {
  private readonly logger = new Logger(RegistrationsService.name);

  constructor(
    private readonly organisations: OrganisationsService,
    private readonly intake: RegistrationIntake,
    private readonly queries: RegistrationQueries,
    private readonly ledger: SeatLedger,
    private readonly counters: RegistrationCounters,
    private readonly notices: RegistrationNotices,
    private readonly steps: RegistrationSteps,
    private readonly clock: Clock,
  ) {}

  register(viewer: SignedInUser, consultationId: string, input: RegisterDto): Promise<Registered> {
    return this.intake.register(viewer, consultationId, input);
  }

  /**
   * A reviewer approves a pending registration (a seat if one is free, else the waiting list),
   * puts it on the waiting list without a seat, or rejects it.
   */
  async decide(reviewer: SignedInUser, id: string, decision: RegistrationDecision, reason = '') {
    return this.steps.change(id, reviewer, async (manager, registration, consultation) => {
      await this.organisations.assertImpartial(manager, reviewer, registration.organisationId);
      if (registration.status !== RegistrationStatus.Pending) throw invalidTransition();
      if (decision === 'reject') {
        if (!reason.trim()) throw reasonRequired();
        registration.status = RegistrationStatus.Rejected;
        await this.steps.record(manager, registration, reviewer, 'registration.rejected', {
          reason,
        });
        // A rejected registration ends: its travel funding, applied for or awarded, goes back.
        await this.steps.ended(manager, registration, reviewer.id);
        await this.steps.tell(manager, registration, consultation, reviewer, undefined, reason);
        return;
      }
      // `waitlist` accepts the registration without a seat now: it goes to the end of the list.
      const seated =
        decision === 'approve' &&
        (await this.ledger.claim(manager, consultation.id, 'seatsConfirmed'));
      registration.status = seated ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
      registration.waitlistSeq = seated
        ? null
        : await this.ledger.nextWaitlistSeq(manager, consultation.id);
      await this.steps.record(
        manager,
        registration,
        reviewer,
        decision === 'waitlist' ? 'registration.waitlisted' : 'registration.approved',
        { reason },
      );
      // Approved into a full consultation: the mail says so, not merely "on the waiting list".
      const event = seated ? undefined : 'approved_waitlisted';
      await this.steps.tell(manager, registration, consultation, reviewer, event, reason);
    });
  }

  /**
   * The organisation (or the participant, through their own link) cancels; staff may cancel any
   * organisation's registration, with a reason. A seat it held is offered to the first on the
   * waiting list.
   */
  async cancel(who: Acting, id: string, reason = '') {
    return this.steps.change(id, userOf(who), async (manager, registration, consultation) => {
      const onBehalf = await this.mayAct(manager, who, registration);
      if (onBehalf && !reason.trim()) throw reasonRequired();
      if (!ACTIVE_STATUSES.includes(registration.status) || registration.checkedInAt)
        throw invalidTransition();
      await this.ledger.release(manager, registration);
      registration.status = RegistrationStatus.Cancelled;
      registration.waitlistSeq = null;
      registration.offerExpiresAt = null;
      await this.steps.record(manager, registration, userOf(who), 'registration.cancelled', {
        ...byWhom(who, onBehalf),
        ...(reason ? { reason } : {}),
      });
      await this.steps.ended(manager, registration, userOf(who)?.id ?? null);
      await this.steps.tell(manager, registration, consultation, userOf(who), undefined, reason);
      await this.steps.passOnFreedSeats(manager, consultation, userOf(who)?.id ?? null);
    });
  }

  /**
   * The organisation or the participant passes on an offered seat: the registration ends and the
   * seat goes to the next on the waiting list.
   */
  async declineOffer(who: Acting, id: string) {
    return this.steps.change(id, userOf(who), async (manager, registration, consultation) => {
      if (await this.mayAct(manager, who, registration)) throw notFound();
      if (registration.status !== RegistrationStatus.Offered) throw invalidTransition();
      await this.ledger.release(manager, registration);
      registration.status = RegistrationStatus.Cancelled;
      registration.waitlistSeq = null;
      registration.offerExpiresAt = null;
      await this.steps.record(manager, registration, userOf(who), 'registration.offer_declined', {
        ...byWhom(who, false),
      });
      await this.steps.ended(manager, registration, userOf(who)?.id ?? null);
      await this.steps.tell(manager, registration, consultation, userOf(who));
      await this.steps.passOnFreedSeats(manager, consultation, userOf(who)?.id ?? null);
    });
  }

  /** The organisation takes a seat offered to it, before the offer expires. */
  async acceptOffer(who: Acting, id: string) {
    return this.steps.change(id, userOf(who), async (manager, registration, consultation) => {
      if (await this.mayAct(manager, who, registration)) throw notFound();
      if (
        consultation.status !== ConsultationStatus.Published ||
        registration.status !== RegistrationStatus.Offered ||
        !registration.offerExpiresAt ||
        registration.offerExpiresAt <= this.clock.now()
      ) {
        throw invalidTransition();
      }
      await this.ledger.confirmOffered(manager, consultation.id);
      registration.status = RegistrationStatus.Confirmed;
      registration.offerExpiresAt = null;
      registration.waitlistSeq = null;
      await this.steps.record(manager, registration, userOf(who), 'registration.offer_accepted', {
        ...byWhom(who, false),
      });
      await this.steps.tell(manager, registration, consultation, userOf(who));
    });
  }

  /** Staff mark a confirmed participant as arrived; nobody is mailed. */
  async checkIn(staff: SignedInUser, id: string) {
    return this.steps.change(id, staff, async (manager, registration) => {
      await this.organisations.assertImpartial(manager, staff, registration.organisationId);
      if (registration.status !== RegistrationStatus.Confirmed || registration.checkedInAt)
        throw invalidTransition();
      registration.checkedInAt = this.clock.now();
      await this.steps.record(manager, registration, staff, 'registration.checked_in');
    });
  }

  /** Staff move a waiting-list entry; the reason is kept in the audit log; nobody is mailed. */
  async moveOnWaitlist(staff: SignedInUser, id: string, position: number, reason: string) {
    return this.steps.change(id, staff, async (manager, registration) => {
      await this.organisations.assertImpartial(manager, staff, registration.organisationId);
      if (registration.status !== RegistrationStatus.Waitlisted) throw invalidTransition();
      const list = await this.queries.waitingList(manager, registration.consultationId);
      // Moving anyone reorders everyone: not for staff whose own organisation waits on the list.
      await this.organisations.assertImpartialAmong(
        manager,
        staff,
        list.map((r) => r.organisationId),
      );
      const from = list.findIndex((r) => r.id === registration.id) + 1;
      const others = list.filter((r) => r.id !== registration.id).map((r) => r.waitlistSeq);
      const { place, seq } = moveTo(others, position);
      // The end of the list is past every number handed out, so a newcomer still comes after it.
      registration.waitlistSeq =
        place > others.length
          ? await this.ledger.nextWaitlistSeq(manager, registration.consultationId)
          : seq;
      await this.steps.record(manager, registration, staff, 'registration.waitlist_moved', {
        from,
        to: place,
        reason,
      });
    });
  }

  /** Offers that were not taken in time expire, and each seat passes to the next on the list. */
  async expireOffers(): Promise<number> {
    let expired = 0;
    for (const id of await this.queries.dueOffers(this.clock.now())) {
      try {
        if (await this.expireOffer(id)) expired++;
      } catch (error) {
        this.logger.error(`offer ${id} could not expire`, (error as Error).stack);
      }
    }
    return expired;
  }

  /** Expires one offer if it is still due (another instance may have done it, or it was taken). */
  private async expireOffer(id: string): Promise<boolean> {
    let expired = false;
    await this.steps.change(id, null, async (manager, registration, consultation) => {
      if (
        registration.status !== RegistrationStatus.Offered ||
        !registration.offerExpiresAt ||
        registration.offerExpiresAt > this.clock.now()
      )
        return;
      await this.ledger.release(manager, registration);
      registration.status = RegistrationStatus.Expired;
      registration.waitlistSeq = null;
      await this.steps.record(manager, registration, null, 'registration.offer_expired');
      await this.steps.ended(manager, registration, null);
      await this.steps.tell(manager, registration, consultation, null);
      await this.steps.passOnFreedSeats(manager, consultation, null);
      expired = true;
    });
    return expired;
  }

  /** A larger capacity frees seats: they are offered down the waiting list (in the admin's transaction). */
  @OnDomainEvent(ConsultationCapacityRaised)
  async capacityRaised({ manager, consultation, actorId }: ConsultationCapacityRaised) {
    await this.ledger.offerFreedSeats(manager, consultation, actorId);
  }

  /** A cancelled consultation ends every registration and tells each participant (in the admin's transaction). */
  @OnDomainEvent(ConsultationCancelled)
  async cancelled({ manager, consultation, actorId }: ConsultationCancelled) {
    const active = await manager.find(Registration, {
      where: { consultationId: consultation.id, status: In(ACTIVE_STATUSES) },
    });
    const organisations = new Map<string, Organisation>();
    for (const registration of active) {
      const from = registration.status;
      registration.status = RegistrationStatus.Cancelled;
      registration.waitlistSeq = null;
      registration.offerExpiresAt = null;
      await manager.save(registration);
      await this.counters.moved(manager, registration, from);
      await this.steps.ended(manager, registration, actorId);
      const organisation =
        organisations.get(registration.organisationId) ??
        (await manager.findOneByOrFail(Organisation, { id: registration.organisationId }));
      organisations.set(organisation.id, organisation);
      await this.notices.tell(
        manager,
        registration,
        consultation,
        organisation,
        'consultation_cancelled',
        '',
        MailKind.Staff,
      );
    }
    await manager.update(
      Consultation,
      { id: consultation.id },
      { seatsConfirmed: 0, seatsOffered: 0 },
    );
  }

  get(viewer: SignedInUser, id: string): Promise<Registration> {
    return this.queries.get(viewer, id);
  }

  list(
    viewer: SignedInUser,
    consultationId: string,
    query: RegistrationQueryDto,
  ): Promise<Page<Registration>> {
    return this.queries.list(viewer, consultationId, query);
  }

  /** A waitlisted registration's 1-based place, counted rather than loaded. */
  waitlistPosition(registration: Registration): Promise<number | null> {
    return this.queries.waitlistPosition(registration);
  }

  waitlistPositions(consultationId: string): Promise<Map<string, number>> {
    return this.queries.waitlistPositions(consultationId);
  }

  forOrganisation(viewer: SignedInUser, organisationId: string): Promise<Registration[]> {
    return this.queries.forOrganisation(viewer, organisationId);
  }

  /**
   * Whether `who` may act on the registration: the participant through their current link, a
   * member of its organisation, or staff on another organisation's behalf (answers true then).
   */
  private async mayAct(
    manager: EntityManager,
    who: Acting,
    registration: Registration,
  ): Promise<boolean> {
    if ('participantTokenHash' in who) {
      if (registration.participantTokenHash !== who.participantTokenHash) throw notFound();
      return false;
    }
    if (await this.organisations.membership(manager, who.id, registration.organisationId))
      return false;
    if (isStaff(who)) return true;
    throw notFound();
  }
}
