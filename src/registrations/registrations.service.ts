import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ConfigType } from '@nestjs/config';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Brackets, DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { BusinessRuleError, notFound, invalidTransition } from '../common/domain-error';
import { Links } from '../common/links';
import { SignedInUser } from '../common/web';
import { appConfig } from '../config';
import {
  Consultation,
  ConsultationStatus,
  Eligibility,
} from '../consultations/consultation.entity';
import { ConsultationHooks, ConsultationsService } from '../consultations/consultations.service';
import { isUniqueViolation } from '../database/errors';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import {
  execute,
  hydrate,
  insertEntity,
  selectEntity,
  selectNumber,
  selectRow,
  selectRows,
} from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { calendarInvite } from './calendar';
import { RegisterDto, RegistrationQueryDto } from './dto/registration.dto';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from './registration.entity';
import { isStaff } from '../common/roles';
import { Page } from '../common/page';

/** A new registration and, when it waits for a seat, its 1-based place on the waiting list. */
export interface Registered {
  registration: Registration;
  waitlistPosition: number | null;
}

/** Told, in the same transaction, when a registration ends without attending (funding releases its award). */
export interface RegistrationEndedListener {
  registrationEnded(
    manager: EntityManager,
    registration: Registration,
    actorId: string | null,
  ): Promise<void>;
}

type Seat = 'seatsConfirmed' | 'seatsOffered';

const ACTIVE = `(${ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * The statements of the registration rush, in plain SQL (see database/raw-sql.ts). The active
 * statuses are written out, not bound, so SQLite can use the partial unique index on them.
 */
const SQL = {
  // Only the columns the rules and the mail need, as the bench baseline reads them.
  organisation: 'SELECT id, name, "observerStatus" FROM organisations WHERE id = ?',
  bySubmission: 'SELECT * FROM registrations WHERE "submissionId" = ?',
  activeForEmail: `SELECT 1 AS n FROM registrations
    WHERE "consultationId" = ? AND "participantEmail" = ? AND status IN ${ACTIVE} LIMIT 1`,
  held: `SELECT COUNT(*) AS n FROM registrations
    WHERE "consultationId" = ? AND "organisationId" = ? AND status IN ${ACTIVE}`,
  // Numbers order the waiting list only: an offered row keeps its old number but is no longer in
  // the queue, and every other status clears it. Naming the status lets the queue index answer.
  lastSeq: `SELECT MAX("waitlistSeq") AS n FROM registrations
    WHERE "consultationId" = ? AND status = 'waitlisted'`,
  waitlistPlace: `SELECT COUNT(*) AS n FROM registrations
    WHERE "consultationId" = ? AND status = 'waitlisted' AND "waitlistSeq" <= ?`,
  people: `SELECT id, email, locale, "disabledAt" FROM users WHERE id = ?
    UNION ALL SELECT id, email, locale, "disabledAt" FROM users WHERE email = ?`,
  claim: {
    seatsConfirmed: `UPDATE consultations SET "seatsConfirmed" = "seatsConfirmed" + 1,
      "updatedAt" = CURRENT_TIMESTAMP WHERE id = ? AND "seatsConfirmed" + "seatsOffered" < capacity`,
    seatsOffered: `UPDATE consultations SET "seatsOffered" = "seatsOffered" + 1,
      "updatedAt" = CURRENT_TIMESTAMP WHERE id = ? AND "seatsConfirmed" + "seatsOffered" < capacity`,
  },
  release: {
    seatsConfirmed: `UPDATE consultations SET "seatsConfirmed" = "seatsConfirmed" - 1,
      "updatedAt" = CURRENT_TIMESTAMP WHERE id = ? AND "seatsConfirmed" > 0`,
    seatsOffered: `UPDATE consultations SET "seatsOffered" = "seatsOffered" - 1,
      "updatedAt" = CURRENT_TIMESTAMP WHERE id = ? AND "seatsOffered" > 0`,
  },
} as const;

/**
 * The seat engine. Seats are two counters on the consultation row, changed only by conditional
 * updates in the transaction that changes the registration, so `confirmed + offered ≤ capacity`
 * holds at every instant (the schema checks it too). On PostgreSQL the consultation row is locked
 * first, which also serialises the per-organisation limit and the waiting-list order.
 */
@Injectable()
export class RegistrationsService implements ConsultationHooks, OnModuleInit {
  private readonly logger = new Logger(RegistrationsService.name);
  private readonly endedListeners: RegistrationEndedListener[] = [];

  constructor(
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.consultations.useHooks(this);
  }

  onRegistrationEnded(listener: RegistrationEndedListener): void {
    this.endedListeners.push(listener);
  }

  async register(
    viewer: SignedInUser,
    consultationId: string,
    input: RegisterDto,
  ): Promise<Registered> {
    const membership = await this.organisations.membership(
      this.dataSource.manager,
      viewer.id,
      input.organisationId,
    );
    if (!membership) throw notFound();
    if (input.submissionId) {
      const earlier = await this.bySubmission(this.dataSource.manager, input.submissionId);
      if (earlier) return this.sameSubmission(this.dataSource.manager, earlier, viewer);
    }
    try {
      return await this.transactions.run(async (manager) => {
        const consultation = await this.consultations.lock(manager, consultationId);
        if (input.submissionId) {
          const earlier = await this.bySubmission(manager, input.submissionId);
          if (earlier) return this.sameSubmission(manager, earlier, viewer);
        }
        if (consultation.status === ConsultationStatus.Draft) throw notFound();
        if (!this.consultations.isRegistrationOpen(consultation)) {
          throw new BusinessRuleError('REGISTRATION_CLOSED', 'errors.registration_closed');
        }
        const organisation: Pick<Organisation, 'id' | 'name' | 'observerStatus'> | null =
          await selectEntity(manager, Organisation, SQL.organisation, [input.organisationId]);
        if (!organisation) throw notFound();
        if (
          consultation.eligibility === Eligibility.ObserversOnly &&
          organisation.observerStatus !== ObserverStatus.Observer
        ) {
          throw new BusinessRuleError('NOT_ELIGIBLE', 'errors.not_eligible');
        }
        const email = input.participant.email;
        if (await selectRow(manager, SQL.activeForEmail, [consultationId, email])) {
          throw new BusinessRuleError('ALREADY_REGISTERED', 'errors.already_registered');
        }
        const held = await selectNumber(manager, SQL.held, [consultationId, organisation.id]);
        if (held >= consultation.perOrganisationLimit) {
          throw new BusinessRuleError('ORGANISATION_LIMIT_REACHED', 'errors.organisation_limit', {
            limit: consultation.perOrganisationLimit,
          });
        }
        let status = RegistrationStatus.Pending;
        if (!consultation.requiresApproval) {
          status = (await this.claim(manager, consultation, 'seatsConfirmed'))
            ? RegistrationStatus.Confirmed
            : RegistrationStatus.Waitlisted;
        }
        const p = input.participant;
        const now = this.clock.now();
        // Inserted without reading it back: the id and times are set here.
        const registration = manager.create(Registration, {
          id: randomUUID(),
          createdAt: now,
          updatedAt: now,
          consultationId,
          organisationId: organisation.id,
          registeredById: viewer.id,
          participantName: p.name,
          participantEmail: email,
          position: p.position ?? '',
          gender: p.gender,
          nationality: p.nationality,
          accessibilityNeeds: p.accessibilityNeeds ?? '',
          dietaryNeeds: p.dietaryNeeds ?? '',
          needsVisaLetter: p.needsVisaLetter ?? false,
          publishConsent: p.publishConsent ?? false,
          status,
          waitlistSeq:
            status === RegistrationStatus.Waitlisted
              ? await this.nextSeq(manager, consultationId)
              : null,
          offerExpiresAt: null,
          checkedInAt: null,
          submissionId: input.submissionId ?? null,
        });
        await insertEntity(manager, Registration, registration);
        await this.audit.record(manager, {
          actorId: viewer.id,
          action: 'registration.created',
          entity: 'registration',
          entityId: registration.id,
          details: { consultationId, organisationId: organisation.id, status },
        });
        const waitlistPosition = await this.tell(manager, registration, consultation, organisation);
        return { registration, waitlistPosition };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const earlier = input.submissionId
        ? await this.bySubmission(this.dataSource.manager, input.submissionId)
        : null;
      if (earlier) return this.sameSubmission(this.dataSource.manager, earlier, viewer);
      throw new BusinessRuleError('ALREADY_REGISTERED', 'errors.already_registered');
    }
  }

  private bySubmission(manager: EntityManager, submissionId: string): Promise<Registration | null> {
    return selectEntity(manager, Registration, SQL.bySubmission, [submissionId]);
  }

  private async sameSubmission(
    manager: EntityManager,
    earlier: Registration,
    viewer: SignedInUser,
  ): Promise<Registered> {
    if (earlier.registeredById !== viewer.id)
      throw new BusinessRuleError('ALREADY_REGISTERED', 'errors.already_registered');
    return { registration: earlier, waitlistPosition: await this.placeIfWaiting(manager, earlier) };
  }

  /** A reviewer approves a pending registration (a seat if one is free, else the waiting list) or rejects it. */
  async decide(reviewer: SignedInUser, id: string, decision: 'approve' | 'reject', reason = '') {
    return this.change(id, reviewer, async (manager, registration, consultation) => {
      await this.organisations.assertImpartial(manager, reviewer, registration.organisationId);
      if (registration.status !== RegistrationStatus.Pending) throw invalidTransition();
      if (decision === 'reject') {
        registration.status = RegistrationStatus.Rejected;
      } else {
        const seated = await this.claim(manager, consultation, 'seatsConfirmed');
        registration.status = seated ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted;
        registration.waitlistSeq = seated ? null : await this.nextSeq(manager, consultation.id);
      }
      const waitlisted = registration.status === RegistrationStatus.Waitlisted;
      return {
        action: `registration.${decision === 'approve' ? 'approved' : 'rejected'}`,
        details: { reason, status: registration.status },
        reason,
        // Approved into a full consultation: the mail says so, not merely "on the waiting list".
        event: waitlisted ? 'approved_waitlisted' : undefined,
        // A rejected registration ends: its travel funding, applied for or awarded, goes back.
        ended: decision === 'reject',
      };
    });
  }

  /** The organisation cancels; a seat it held is offered to the first on the waiting list. */
  async cancel(viewer: SignedInUser, id: string) {
    return this.change(id, viewer, async (manager, registration, consultation) => {
      await this.assertOwnOrganisation(manager, viewer, registration);
      if (!ACTIVE_STATUSES.includes(registration.status) || registration.checkedInAt)
        throw invalidTransition();
      await this.release(manager, registration, consultation);
      registration.status = RegistrationStatus.Cancelled;
      registration.waitlistSeq = null;
      registration.offerExpiresAt = null;
      return { action: 'registration.cancelled', ended: true, offerFreed: true };
    });
  }

  /** The organisation takes a seat offered to it, before the offer expires. */
  async acceptOffer(viewer: SignedInUser, id: string) {
    return this.change(id, viewer, async (manager, registration, consultation) => {
      await this.assertOwnOrganisation(manager, viewer, registration);
      if (
        consultation.status !== ConsultationStatus.Published ||
        registration.status !== RegistrationStatus.Offered ||
        !registration.offerExpiresAt ||
        registration.offerExpiresAt <= this.clock.now()
      ) {
        throw invalidTransition();
      }
      await manager
        .createQueryBuilder()
        .update(Consultation)
        .set({
          seatsOffered: () => '"seatsOffered" - 1',
          seatsConfirmed: () => '"seatsConfirmed" + 1',
        })
        .where('id = :id AND "seatsOffered" > 0', { id: consultation.id })
        .execute();
      registration.status = RegistrationStatus.Confirmed;
      registration.offerExpiresAt = null;
      registration.waitlistSeq = null;
      return { action: 'registration.offer_accepted' };
    });
  }

  async checkIn(staff: SignedInUser, id: string) {
    return this.change(id, staff, async (manager, registration) => {
      await this.organisations.assertImpartial(manager, staff, registration.organisationId);
      if (registration.status !== RegistrationStatus.Confirmed || registration.checkedInAt)
        throw invalidTransition();
      registration.checkedInAt = this.clock.now();
      return { action: 'registration.checked_in', silent: true };
    });
  }

  /** Staff move a waiting-list entry; the reason is kept in the audit log. */
  async moveOnWaitlist(staff: SignedInUser, id: string, position: number, reason: string) {
    return this.change(id, staff, async (manager, registration) => {
      await this.organisations.assertImpartial(manager, staff, registration.organisationId);
      if (registration.status !== RegistrationStatus.Waitlisted) throw invalidTransition();
      const others = await manager.find(Registration, {
        where: {
          consultationId: registration.consultationId,
          status: RegistrationStatus.Waitlisted,
        },
        order: { waitlistSeq: 'ASC' },
      });
      // Moving anyone reorders everyone: not for staff whose own organisation waits on the list.
      await this.organisations.assertImpartialAmong(
        manager,
        staff,
        others.map((r) => r.organisationId),
      );
      const queue = others.filter((r) => r.id !== registration.id);
      const from = others.findIndex((r) => r.id === registration.id) + 1;
      const index = Math.min(position, queue.length + 1) - 1;
      const before = queue[index - 1]?.waitlistSeq;
      const after = queue[index]?.waitlistSeq;
      registration.waitlistSeq =
        before === undefined || before === null
          ? (after ?? 1) - 1
          : after === undefined || after === null
            ? before + 1
            : (before + after) / 2;
      return {
        action: 'registration.waitlist_moved',
        details: { from, to: index + 1, reason },
        silent: true,
      };
    });
  }

  /** Offers that were not taken in time expire, and each seat passes to the next on the list. */
  @Cron(CronExpression.EVERY_MINUTE, { name: 'expire-offers', waitForCompletion: true })
  async expireOffers(): Promise<number> {
    const due = await this.dataSource.getRepository(Registration).find({
      where: {
        status: RegistrationStatus.Offered,
        offerExpiresAt: LessThanOrEqual(this.clock.now()),
      },
      select: { id: true },
    });
    let expired = 0;
    for (const { id } of due) {
      try {
        await this.change(id, null, async (manager, registration, consultation) => {
          if (
            registration.status !== RegistrationStatus.Offered ||
            !registration.offerExpiresAt ||
            registration.offerExpiresAt > this.clock.now()
          ) {
            return { action: '', skip: true };
          }
          await this.release(manager, registration, consultation);
          registration.status = RegistrationStatus.Expired;
          registration.waitlistSeq = null;
          expired++;
          return { action: 'registration.offer_expired', ended: true, offerFreed: true };
        });
      } catch (error) {
        this.logger.error(`offer ${id} could not expire`, (error as Error).stack);
      }
    }
    return expired;
  }

  async capacityRaised(
    manager: EntityManager,
    consultation: Consultation,
    actorId: string,
  ): Promise<void> {
    await this.offerFreedSeats(manager, consultation, actorId);
  }

  /** A cancelled consultation ends every registration and tells each participant. */
  async cancelled(
    manager: EntityManager,
    consultation: Consultation,
    actorId: string,
  ): Promise<void> {
    const active = await manager.find(Registration, {
      where: { consultationId: consultation.id, status: In(ACTIVE_STATUSES) },
    });
    const organisations = new Map<string, Organisation>();
    for (const registration of active) {
      registration.status = RegistrationStatus.Cancelled;
      registration.waitlistSeq = null;
      registration.offerExpiresAt = null;
      await manager.save(registration);
      for (const listener of this.endedListeners)
        await listener.registrationEnded(manager, registration, actorId);
      const organisation =
        organisations.get(registration.organisationId) ??
        (await manager.findOneByOrFail(Organisation, { id: registration.organisationId }));
      organisations.set(organisation.id, organisation);
      await this.tell(
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

  async get(viewer: SignedInUser, id: string): Promise<Registration> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (!registration) throw notFound();
    if (
      !isStaff(viewer) &&
      !(await this.organisations.membership(
        this.dataSource.manager,
        viewer.id,
        registration.organisationId,
      ))
    )
      throw notFound();
    return registration;
  }

  /** Staff see every registration of the consultation; members only their organisations'. */
  async list(
    viewer: SignedInUser,
    consultationId: string,
    query: RegistrationQueryDto,
  ): Promise<Page<Registration>> {
    await this.consultations.get(viewer, consultationId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const builder = this.filtered(viewer, consultationId, query)
      .leftJoinAndSelect('r.organisation', 'o')
      .orderBy('r.createdAt', 'ASC')
      .addOrderBy('r.id', 'ASC');
    const [items, total] = await builder
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
  }

  filtered(
    viewer: SignedInUser,
    consultationId: string,
    query: Pick<RegistrationQueryDto, 'status' | 'organisationId' | 'q'>,
  ) {
    const builder = this.dataSource
      .getRepository(Registration)
      .createQueryBuilder('r')
      .where('r.consultationId = :consultationId', { consultationId });
    if (!isStaff(viewer)) {
      builder.andWhere(
        'r.organisationId IN (SELECT m."organisationId" FROM memberships m WHERE m."userId" = :viewer)',
        { viewer: viewer.id },
      );
    }
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (query.organisationId)
      builder.andWhere('r.organisationId = :organisationId', {
        organisationId: query.organisationId,
      });
    if (query.q) {
      const q = containsPattern(query.q.toLowerCase());
      builder.andWhere(
        new Brackets((w) =>
          w
            .where(`LOWER(r.participantName) LIKE :q ${LIKE_ESCAPE}`, { q })
            .orWhere(`LOWER(r.participantEmail) LIKE :q ${LIKE_ESCAPE}`, { q }),
        ),
      );
    }
    return builder;
  }

  /** A waitlisted registration's 1-based place, counted rather than loaded. */
  waitlistPosition(registration: Registration): Promise<number | null> {
    return this.placeIfWaiting(this.dataSource.manager, registration);
  }

  private async placeIfWaiting(
    manager: EntityManager,
    registration: Registration,
  ): Promise<number | null> {
    if (registration.status !== RegistrationStatus.Waitlisted || registration.waitlistSeq === null)
      return null;
    return selectNumber(manager, SQL.waitlistPlace, [
      registration.consultationId,
      registration.waitlistSeq,
    ]);
  }

  /** 1-based places on the waiting list, by id, for the given consultation. */
  async waitlistPositions(consultationId: string): Promise<Map<string, number>> {
    const waiting = await this.dataSource.getRepository(Registration).find({
      where: { consultationId, status: RegistrationStatus.Waitlisted },
      order: { waitlistSeq: 'ASC' },
      select: { id: true },
    });
    return new Map(waiting.map((r, i) => [r.id, i + 1]));
  }

  async forOrganisation(viewer: SignedInUser, organisationId: string): Promise<Registration[]> {
    await this.organisations.assertMember(viewer, organisationId);
    return this.dataSource.getRepository(Registration).find({
      where: { organisationId },
      relations: { consultation: true },
      order: { createdAt: 'DESC' },
    });
  }

  private async assertOwnOrganisation(
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

  /**
   * One registration use case in one transaction: lock the consultation, reload the registration,
   * apply `step`, save, audit, offer a freed seat, tell the people concerned.
   */
  private async change(
    id: string,
    actor: SignedInUser | null,
    step: (
      manager: EntityManager,
      registration: Registration,
      consultation: Consultation,
    ) => Promise<{
      action: string;
      details?: Record<string, unknown>;
      reason?: string;
      /** The mail to send when it is not the one named by the new status. */
      event?: string;
      ended?: boolean;
      offerFreed?: boolean;
      silent?: boolean;
      skip?: boolean;
    }>,
  ): Promise<Registration> {
    const found = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (!found) throw notFound();
    if (actor && !isStaff(actor))
      await this.assertOwnOrganisation(this.dataSource.manager, actor, found);
    return this.transactions.run(async (manager) => {
      const consultation = await this.consultations.lock(manager, found.consultationId);
      const registration = await manager.findOneByOrFail(Registration, { id });
      const outcome = await step(manager, registration, consultation);
      if (outcome.skip) return registration;
      await manager.save(registration);
      await this.audit.record(manager, {
        actorId: actor?.id ?? null,
        action: outcome.action,
        entity: 'registration',
        entityId: registration.id,
        details: { status: registration.status, ...outcome.details },
      });
      if (outcome.ended) {
        for (const listener of this.endedListeners)
          await listener.registrationEnded(manager, registration, actor?.id ?? null);
      }
      if (!outcome.silent) {
        const organisation = await manager.findOneByOrFail(Organisation, {
          id: registration.organisationId,
        });
        await this.tell(
          manager,
          registration,
          consultation,
          organisation,
          outcome.event,
          outcome.reason,
          actor && !isStaff(actor) ? MailKind.Notification : MailKind.Staff,
        );
      }
      if (outcome.offerFreed && consultation.status === ConsultationStatus.Published) {
        await this.offerFreedSeats(
          manager,
          await this.consultations.lock(manager, consultation.id),
          actor?.id ?? null,
        );
      }
      return registration;
    });
  }

  /** Takes a seat if one is free: a conditional update, never count-then-insert. */
  private async claim(
    manager: EntityManager,
    consultation: Consultation,
    seat: Seat,
  ): Promise<boolean> {
    return (await execute(manager, SQL.claim[seat], [consultation.id])) === 1;
  }

  private async release(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
  ): Promise<void> {
    const seat: Seat | null =
      registration.status === RegistrationStatus.Confirmed
        ? 'seatsConfirmed'
        : registration.status === RegistrationStatus.Offered
          ? 'seatsOffered'
          : null;
    if (!seat) return;
    await execute(manager, SQL.release[seat], [consultation.id]);
  }

  /** Offers every free seat to the first on the waiting list, first come, first served. */
  private async offerFreedSeats(
    manager: EntityManager,
    consultation: Consultation,
    actorId: string | null,
  ): Promise<void> {
    const organisations = new Map<string, Organisation>();
    for (;;) {
      const next = await manager.findOne(Registration, {
        where: { consultationId: consultation.id, status: RegistrationStatus.Waitlisted },
        order: { waitlistSeq: 'ASC' },
      });
      if (!next || !(await this.claim(manager, consultation, 'seatsOffered'))) return;
      next.status = RegistrationStatus.Offered;
      next.offerExpiresAt = new Date(
        this.clock.now().getTime() + this.config.waitlistOfferHours * 3_600_000,
      );
      await manager.save(next);
      await this.audit.record(manager, {
        actorId,
        action: 'registration.offered',
        entity: 'registration',
        entityId: next.id,
        details: { offerExpiresAt: next.offerExpiresAt.toISOString() },
      });
      const organisation =
        organisations.get(next.organisationId) ??
        (await manager.findOneByOrFail(Organisation, { id: next.organisationId }));
      organisations.set(organisation.id, organisation);
      await this.tell(manager, next, consultation, organisation, undefined, '', MailKind.Staff);
    }
  }

  private async nextSeq(manager: EntityManager, consultationId: string): Promise<number> {
    return (await selectNumber(manager, SQL.lastSeq, [consultationId])) + 1;
  }

  /** The participant and the member who registered them hear of every change, in their language. */
  private async tell(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
    organisation: Pick<Organisation, 'id' | 'name'>,
    event: string = registration.status,
    reason = '',
    kind = MailKind.Notification,
  ): Promise<number | null> {
    const people = (
      await selectRows(manager, SQL.people, [
        registration.registeredById,
        registration.participantEmail,
      ])
    ).map((row) => hydrate(manager, User, row));
    const member = people.find((u) => u.id === registration.registeredById);
    const participantAccount = people.find((u) => u.email === registration.participantEmail);
    const position = await this.placeIfWaiting(manager, registration);
    const payload = {
      event,
      participant: registration.participantName,
      organisation: organisation.name,
      consultation: consultation.title,
      city: consultation.city,
      startsAt: consultation.startsAt.toISOString(),
      timezone: consultation.timezone,
      position,
      // Only an offer's own mail asks to accept it before a deadline.
      offerExpiresAt:
        event === RegistrationStatus.Offered
          ? (registration.offerExpiresAt?.toISOString() ?? null)
          : null,
      reason,
      consultationUrl: this.links.to(`/consultations/${consultation.id}`),
      delegationUrl: this.links.to(`/organisations/${organisation.id}/delegation`),
      acceptUrl: `${this.links.to(`/organisations/${organisation.id}/delegation`, { offer: registration.id })}#registration-${registration.id}`,
      ...(event === RegistrationStatus.Confirmed
        ? {
            ics: calendarInvite({
              uid: `registration-${registration.id}@convene`,
              title: consultation.title,
              description: `${consultation.theme}\n${this.links.to(`/consultations/${consultation.id}`)}`,
              location: `${consultation.venue}, ${consultation.city}`,
              url: this.links.to(`/consultations/${consultation.id}`),
              startsAt: consultation.startsAt,
              endsAt: consultation.endsAt,
              timeZone: consultation.timezone,
              stamp: this.clock.now(),
            }),
          }
        : {}),
    };
    const recipients = new Map<string, string>();
    recipients.set(
      registration.participantEmail,
      participantAccount?.locale ?? member?.locale ?? 'en',
    );
    if (member && !member.disabledAt && !recipients.has(member.email))
      recipients.set(member.email, member.locale);
    for (const [to, locale] of recipients) {
      await this.outbox.enqueue(manager, { to, template: 'registration', locale, payload, kind });
    }
    return position;
  }
}
