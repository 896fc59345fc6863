import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound, invalidTransition } from '../common/domain-error';
import { fromLocalInput, toLocalInput } from '../common/dates';
import { toMinor } from '../common/money';
import { SignedInUser } from '../common/web';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { DomainEvents } from '../common/domain-events';
import {
  ConsultationBudgetChanging,
  ConsultationCancelled,
  ConsultationCapacityRaised,
  ConsultationScheduleChanged,
} from './consultation.events';
import { scheduleChanges, scheduleOf } from './schedule-changes';

import { compactTranslations } from '../common/translations';
import { ConsultationSession, SESSION_TEXT } from './consultation-session.entity';
import { Consultation, CONSULTATION_TEXT, ConsultationStatus } from './consultation.entity';
import { CreateConsultationDto, UpdateConsultationDto } from './dto/consultation.dto';
import { isStaff } from '../common/roles';
import { capacityBelowTaken, notEndedYet } from './consultations.errors';
import { Seats } from './seats';
import { assertConsistent } from './consultation.rules';

export type { Seats } from './seats';

@Injectable()
export class ConsultationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {}

  /** Published consultations that have not ended, soonest first. */
  upcoming(limit = 10): Promise<Consultation[]> {
    return this.dataSource.getRepository(Consultation).find({
      where: { status: ConsultationStatus.Published, endsAt: MoreThan(this.clock.now()) },
      order: { startsAt: 'ASC' },
      take: limit,
    });
  }

  isRegistrationOpen(consultation: Consultation): boolean {
    const now = this.clock.now();
    return (
      consultation.status === ConsultationStatus.Published &&
      consultation.registrationOpensAt <= now &&
      now < consultation.registrationClosesAt
    );
  }

  /** Everyone sees published, completed and cancelled consultations; staff see drafts too. */
  list(viewer: SignedInUser | undefined, page = 1, pageSize = 20) {
    const statuses = isStaff(viewer)
      ? Object.values(ConsultationStatus)
      : [ConsultationStatus.Published, ConsultationStatus.Completed, ConsultationStatus.Cancelled];
    return this.dataSource.getRepository(Consultation).findAndCount({
      where: { status: In(statuses) },
      order: { startsAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }

  async get(viewer: SignedInUser | undefined, id: string): Promise<Consultation> {
    const consultation = await this.dataSource.getRepository(Consultation).findOne({
      where: { id },
      relations: { sessions: true },
      order: { sessions: { startsAt: 'ASC' } },
    });
    if (!consultation || (consultation.status === ConsultationStatus.Draft && !isStaff(viewer)))
      throw notFound();
    return consultation;
  }

  /** The seat summary, from the consultation's own counters (the waiting list's length too). */
  seats(consultation: Consultation): Promise<Seats> {
    return Promise.resolve({
      capacity: consultation.capacity,
      confirmed: consultation.seatsConfirmed,
      offered: consultation.seatsOffered,
      available: Math.max(
        0,
        consultation.capacity - consultation.seatsConfirmed - consultation.seatsOffered,
      ),
      waitlisted: consultation.waitlistLength,
    });
  }

  async create(admin: SignedInUser, input: CreateConsultationDto): Promise<Consultation> {
    const fields = { language: 'en' as const, translations: {}, ...this.fields(input) };
    assertConsistent({ ...fields } as Consultation, input.sessions);
    return this.transactions.run(async (manager) => {
      const consultation = await manager.save(
        manager.create(Consultation, { ...fields, status: ConsultationStatus.Draft }),
      );
      await this.replaceSessions(manager, consultation.id, input.sessions);
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'consultation.created',
        entity: 'consultation',
        entityId: consultation.id,
      });
      return consultation;
    });
  }

  /** Edits a consultation; capacity never goes below the seats taken, and a larger one offers seats. */
  async update(
    admin: SignedInUser,
    id: string,
    input: UpdateConsultationDto,
  ): Promise<Consultation> {
    return this.transactions.run(async (manager) => {
      const consultation = await this.lock(manager, id);
      if (
        consultation.status === ConsultationStatus.Cancelled ||
        consultation.status === ConsultationStatus.Completed
      ) {
        throw invalidTransition();
      }
      const previousCapacity = consultation.capacity;
      const previousCurrency = consultation.fundingCurrency;
      const sessionsBefore = await manager.findBy(ConsultationSession, { consultationId: id });
      const before = scheduleOf(consultation, sessionsBefore);
      Object.assign(consultation, this.fields(input));
      if (input.fundingBudget)
        await this.events.publish(
          new ConsultationBudgetChanging(manager, consultation, previousCurrency),
        );
      const keptSessions = input.language && !input.sessions ? sessionsBefore : [];
      assertConsistent(consultation, input.sessions, keptSessions);
      const taken = consultation.seatsConfirmed + consultation.seatsOffered;
      if (consultation.capacity < taken) {
        throw capacityBelowTaken();
      }
      const after = scheduleOf(consultation, input.sessions ?? sessionsBefore);
      const changes = scheduleChanges(before, after);
      const tellHolders =
        changes.length > 0 && consultation.status === ConsultationStatus.Published;
      if (tellHolders) consultation.calendarSequence += 1;
      await manager.save(consultation);
      if (input.sessions) await this.replaceSessions(manager, id, input.sessions);
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'consultation.updated',
        entity: 'consultation',
        entityId: id,
        details: {
          fields: Object.keys(input),
          ...(consultation.capacity !== previousCapacity
            ? { capacity: { from: previousCapacity, to: consultation.capacity } }
            : {}),
        },
      });
      if (
        consultation.capacity > previousCapacity &&
        consultation.status === ConsultationStatus.Published
      ) {
        await this.events.publish(new ConsultationCapacityRaised(manager, consultation, admin.id));
      }
      if (tellHolders)
        await this.events.publish(
          new ConsultationScheduleChanged(manager, consultation, changes, admin.id),
        );
      return consultation;
    });
  }

  async publish(admin: SignedInUser, id: string) {
    return this.transition(admin, id, [ConsultationStatus.Draft], ConsultationStatus.Published, '');
  }

  /** Marks a published consultation completed, once it has ended (never before); cannot be undone. */
  async complete(admin: SignedInUser, id: string, reason = '') {
    return this.transition(
      admin,
      id,
      [ConsultationStatus.Published],
      ConsultationStatus.Completed,
      reason,
      async (_manager, c) => {
        if (c.endsAt > this.clock.now()) throw notEndedYet();
      },
    );
  }

  /**
   * Cancels the consultation, with the admin's reason (kept in the audit log); registrations,
   * listening, end every registration and tell each participant.
   */
  async cancel(admin: SignedInUser, id: string, reason: string) {
    return this.transition(
      admin,
      id,
      [ConsultationStatus.Draft, ConsultationStatus.Published],
      ConsultationStatus.Cancelled,
      reason,
      async (manager, c) => {
        await this.events.publish(new ConsultationCancelled(manager, c, admin.id));
      },
    );
  }

  /**
   * Last year's consultation as a draft for next year: the same text, agenda and rules, on the same
   * dates and wall-clock times a year later in its time zone (29 February becomes the 28th).
   */
  async clone(admin: SignedInUser, id: string): Promise<Consultation> {
    const source = await this.get(admin, id);
    const shift = (date: Date) => {
      const local = toLocalInput(date, source.timezone);
      const next = `${Number(local.slice(0, 4)) + 1}${local.slice(4)}`;
      return new Date(
        fromLocalInput(next, source.timezone) ??
          fromLocalInput(next.replace('-02-29T', '-02-28T'), source.timezone)!,
      );
    };
    return this.transactions.run(async (manager) => {
      const copy = await manager.save(
        manager.create(Consultation, {
          title: source.title,
          theme: source.theme,
          description: source.description,
          language: source.language,
          translations: source.translations,
          venue: source.venue,
          city: source.city,
          country: source.country,
          timezone: source.timezone,
          startsAt: shift(source.startsAt),
          endsAt: shift(source.endsAt),
          registrationOpensAt: shift(source.registrationOpensAt),
          registrationClosesAt: shift(source.registrationClosesAt),
          capacity: source.capacity,
          perOrganisationLimit: source.perOrganisationLimit,
          eligibility: source.eligibility,
          requiresApproval: source.requiresApproval,
          fundingBudgetMinor: source.fundingBudgetMinor,
          fundingCurrency: source.fundingCurrency,
          fundingDeadline: source.fundingDeadline ? shift(source.fundingDeadline) : null,
          status: ConsultationStatus.Draft,
        }),
      );
      for (const session of source.sessions ?? []) {
        await manager.insert(ConsultationSession, {
          consultationId: copy.id,
          title: session.title,
          description: session.description,
          translations: session.translations,
          startsAt: shift(session.startsAt),
          endsAt: shift(session.endsAt),
        });
      }
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'consultation.cloned',
        entity: 'consultation',
        entityId: copy.id,
        details: { from: id },
      });
      return copy;
    });
  }

  /**
   * The consultation row, locked for the rest of the transaction on PostgreSQL (on SQLite the
   * transaction already holds the only writer). Plain SQL: every registration starts here.
   */
  lock(manager: EntityManager, id: string): Promise<Consultation> {
    return lockById(manager, Consultation, id);
  }

  private async transition(
    admin: SignedInUser,
    id: string,
    from: ConsultationStatus[],
    to: ConsultationStatus,
    reason: string,
    then?: (manager: EntityManager, consultation: Consultation) => Promise<void>,
  ): Promise<Consultation> {
    return this.transactions.run(async (manager) => {
      const consultation = await this.lock(manager, id);
      if (!from.includes(consultation.status)) throw invalidTransition();
      const previous = consultation.status;
      consultation.status = to;
      await manager.save(consultation);
      await this.audit.record(manager, {
        actorId: admin.id,
        action: `consultation.${to}`,
        entity: 'consultation',
        entityId: id,
        details: { from: previous, ...(reason ? { reason } : {}) },
      });
      await then?.(manager, consultation);
      return consultation;
    });
  }

  private fields(input: UpdateConsultationDto): Partial<Consultation> {
    const {
      sessions,
      fundingBudget,
      startsAt,
      endsAt,
      registrationOpensAt,
      registrationClosesAt,
      fundingDeadline,
      modificationDeadline,
      translations,
      ...rest
    } = input;
    const dates = Object.fromEntries(
      Object.entries({
        startsAt,
        endsAt,
        registrationOpensAt,
        registrationClosesAt,
        fundingDeadline,
        modificationDeadline,
      })
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, new Date(value!)]),
    );
    return {
      ...rest,
      ...dates,
      ...(translations
        ? { translations: compactTranslations(translations, CONSULTATION_TEXT) }
        : {}),
      ...(fundingBudget
        ? {
            fundingBudgetMinor: toMinor(fundingBudget.amount),
            fundingCurrency: fundingBudget.currency,
          }
        : {}),
    };
  }

  private async replaceSessions(
    manager: EntityManager,
    consultationId: string,
    sessions: CreateConsultationDto['sessions'],
  ): Promise<void> {
    if (!sessions) return;
    await manager.delete(ConsultationSession, { consultationId });
    for (const session of sessions) {
      await manager.insert(ConsultationSession, {
        consultationId,
        title: session.title,
        description: session.description ?? '',
        translations: compactTranslations(session.translations, SESSION_TEXT),
        startsAt: new Date(session.startsAt),
        endsAt: new Date(session.endsAt),
      });
    }
  }
}
