import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import {
  BusinessRuleError,
  InvalidInputError,
  notFound,
  invalidTransition,
} from '../common/domain-error';
import { Links } from '../common/links';
import { fromMinor, toMinor } from '../common/money';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { BudgetGuard, ConsultationsService } from '../consultations/consultations.service';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/errors';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import {
  ACTIVE_STATUSES,
  Registration,
  RegistrationStatus,
} from '../registrations/registration.entity';
import {
  RegistrationEndedListener,
  RegistrationsService,
} from '../registrations/registrations.service';
import { ApplyDto } from './dto/funding.dto';
import {
  COST_KINDS,
  CostKind,
  FundingApplication,
  FundingStatus,
} from './funding-application.entity';
import { FundingBudget } from './funding-budget.entity';
import {
  amongOthers,
  ConfirmedTallies,
  Priority,
  PrioritySnapshots,
  prioritySnapshots,
  reviewOrder,
  scorePriority,
} from './priority';

/** Why an application that is not awaiting a decision cannot be decided now, in words. */
const notAwaitingDecision = (status: FundingStatus) =>
  new BusinessRuleError(
    'INVALID_TRANSITION',
    status === FundingStatus.Awarded || status === FundingStatus.Declined
      ? 'errors.funding_already_decided'
      : 'errors.funding_closed',
  );

/** What today's priority of an application is computed from, for one consultation. */
interface PriorityContext {
  tallies: ConfirmedTallies;
  returning: Set<string>;
  currentYear: number;
}

export interface BudgetSummary {
  budget: number;
  awarded: number;
  remaining: number;
  awaiting: number;
  currency: string;
  capMinor: number | null;
  lineKinds: CostKind[];
  deadline: Date | null;
}

export type RankedApplication = FundingApplication &
  PrioritySnapshots & {
    organisation: Organisation;
    registration: Registration;
    awaitsAnotherReviewer: boolean;
  };

/** Tallies for the representativeness view: confirmed participants and funded ones, by dimension. */
export interface Participation {
  confirmed: number;
  funded: number;
  dimensions: { name: string; rows: { key: string; confirmed: number; funded: number }[] }[];
}

/**
 * Travel funding. Every use case that touches money locks the consultation row first (as the
 * registration use cases do), then changes the budget row and the application with conditional
 * updates: an award claims `awarded + x ≤ budget`, a budget change needs `awarded ≤ new budget`,
 * and an application changes only from the status it was read in. So an award racing a
 * cancellation or a budget change either sees the other's result or is refused, and the budget row
 * always holds the sum of the awards (a CHECK keeps it within the budget).
 */
@Injectable()
export class FundingService implements RegistrationEndedListener, BudgetGuard, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly consultations: ConsultationsService,
    private readonly registrations: RegistrationsService,
    private readonly organisations: OrganisationsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registrations.onRegistrationEnded(this);
    this.consultations.useBudgetGuard(this);
  }

  /** The consultation's budget row, created with its budget amount on first use (caller holds the consultation lock). */
  private async budgetRow(
    manager: EntityManager,
    consultation: Consultation,
  ): Promise<FundingBudget> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(FundingBudget)
      .values({
        consultationId: consultation.id,
        budgetMinor: consultation.fundingBudgetMinor,
        awardedMinor: 0,
        capMinor: null,
        lineKinds: [...COST_KINDS],
      })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(FundingBudget, { consultationId: consultation.id });
  }

  /**
   * The admin changes the consultation's budget (inside its locked update): the budget row follows
   * only if what is already awarded still fits, and the currency stays once anything is awarded.
   */
  async budgetChanging(
    manager: EntityManager,
    consultation: Consultation,
    previousCurrency: string,
  ): Promise<void> {
    const budget = await manager.findOneBy(FundingBudget, { consultationId: consultation.id });
    if (!budget) return;
    if (budget.awardedMinor > 0 && consultation.fundingCurrency !== previousCurrency) {
      throw new InvalidInputError({ 'fundingBudget.currency': ['errors.currency_locked'] });
    }
    const followed = await manager
      .createQueryBuilder()
      .update(FundingBudget)
      .set({ budgetMinor: consultation.fundingBudgetMinor })
      .where('"consultationId" = :consultationId AND "awardedMinor" <= :amount', {
        consultationId: consultation.id,
        amount: consultation.fundingBudgetMinor,
      })
      .execute();
    if (!followed.affected) {
      throw new BusinessRuleError('BUDGET_EXCEEDED', 'errors.budget_below_awarded');
    }
  }

  async summary(viewer: SignedInUser | undefined, consultationId: string): Promise<BudgetSummary> {
    const consultation = await this.consultations.get(viewer, consultationId);
    const budget = await this.dataSource.getRepository(FundingBudget).findOneBy({ consultationId });
    const waiting = await this.dataSource
      .getRepository(FundingApplication)
      .find({ where: { consultationId, status: FundingStatus.Submitted } });
    const cap = budget?.capMinor ?? null;
    const awarded = budget?.awardedMinor ?? 0;
    return {
      budget: consultation.fundingBudgetMinor,
      awarded,
      remaining: consultation.fundingBudgetMinor - awarded,
      awaiting: waiting.reduce(
        (sum, a) => sum + (cap ? Math.min(cap, a.requestedMinor) : a.requestedMinor),
        0,
      ),
      currency: consultation.fundingCurrency,
      capMinor: cap,
      lineKinds: budget?.lineKinds ?? [...COST_KINDS],
      deadline: consultation.fundingDeadline,
    };
  }

  async updateSettings(
    admin: SignedInUser,
    consultationId: string,
    settings: { capPerApplication?: string | null; lineKinds?: CostKind[] },
  ) {
    await this.consultations.get(admin, consultationId);
    await this.transactions.run(async (manager) => {
      const budget = await this.budgetRow(
        manager,
        await this.consultations.lock(manager, consultationId),
      );
      if (settings.capPerApplication !== undefined)
        budget.capMinor =
          settings.capPerApplication === null ? null : toMinor(settings.capPerApplication);
      if (settings.lineKinds)
        budget.lineKinds = COST_KINDS.filter((k) => settings.lineKinds!.includes(k));
      await manager.save(budget);
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'funding.settings_changed',
        entity: 'consultation',
        entityId: consultationId,
        details: { ...settings },
      });
    });
    return this.summary(admin, consultationId);
  }

  /** A member applies for one of the organisation's registrations, before the deadline. */
  async apply(
    viewer: SignedInUser,
    registrationId: string,
    input: ApplyDto,
  ): Promise<FundingApplication> {
    const registration = await this.dataSource
      .getRepository(Registration)
      .findOneBy({ id: registrationId });
    if (
      !registration ||
      !(await this.organisations.membership(
        this.dataSource.manager,
        viewer.id,
        registration.organisationId,
      ))
    )
      throw notFound();
    try {
      return await this.transactions.run(async (manager) => {
        const consultation = await this.consultations.lock(manager, registration.consultationId);
        const deadline = consultation.fundingDeadline ?? consultation.startsAt;
        if (this.clock.now() >= deadline)
          throw new BusinessRuleError('DEADLINE_PASSED', 'errors.funding_deadline_passed');
        const current = await manager.findOneByOrFail(Registration, { id: registrationId });
        if (!ACTIVE_STATUSES.includes(current.status)) throw invalidTransition();
        if (await manager.existsBy(FundingApplication, { registrationId })) {
          throw new BusinessRuleError('INVALID_TRANSITION', 'errors.already_applied');
        }
        const budget = await this.budgetRow(manager, consultation);
        const problems: Record<string, string[]> = {};
        if (input.currency !== consultation.fundingCurrency)
          problems.currency = ['errors.currency_mismatch'];
        input.lines.forEach((line, i) => {
          if (!budget.lineKinds.includes(line.kind))
            problems[`lines.${i}.kind`] = ['errors.cost_kind_not_claimable'];
        });
        if (Object.keys(problems).length) throw new InvalidInputError(problems);
        const lines = input.lines.map((line) => ({
          kind: line.kind,
          amount: toMinor(line.amount),
        }));
        const organisation = await manager.findOneByOrFail(Organisation, {
          id: registration.organisationId,
        });
        const context = await this.priorityContext(manager, consultation.id, organisation.id);
        const couldAttendWithout = input.couldAttendWithout ?? true;
        const application = await manager.save(
          manager.create(FundingApplication, {
            registrationId,
            consultationId: consultation.id,
            organisationId: registration.organisationId,
            appliedById: viewer.id,
            lines,
            requestedMinor: lines.reduce((sum, line) => sum + line.amount, 0),
            currency: input.currency,
            departureCity: input.departureCity,
            departureCountry: input.departureCountry,
            justification: input.justification,
            couldAttendWithout,
            status: FundingStatus.Submitted,
            awardedMinor: null,
            decisionReason: '',
            decidedById: null,
            decidedAt: null,
            priorityAtSubmission: this.priorityOf(
              context,
              { departureCountry: input.departureCountry, couldAttendWithout },
              current,
              organisation,
            ),
            priorityAtDecision: null,
          }),
        );
        await this.audit.record(manager, {
          actorId: viewer.id,
          action: 'funding.applied',
          entity: 'funding_application',
          entityId: application.id,
          details: {
            requested: fromMinor(application.requestedMinor),
            currency: application.currency,
          },
        });
        await this.tell(manager, application, consultation, registration, 'received');
        return application;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new BusinessRuleError('INVALID_TRANSITION', 'errors.already_applied');
      throw error;
    }
  }

  /** The organisation's applications, by registration. */
  async forOrganisation(organisationId: string): Promise<Map<string, FundingApplication>> {
    const applications = await this.dataSource
      .getRepository(FundingApplication)
      .findBy({ organisationId });
    return new Map(applications.map((a) => [a.registrationId, a]));
  }

  async get(viewer: SignedInUser, id: string): Promise<FundingApplication> {
    const application = await this.dataSource.getRepository(FundingApplication).findOneBy({ id });
    if (!application) throw notFound();
    await this.organisations.assertMember(viewer, application.organisationId);
    return application;
  }

  async withdraw(viewer: SignedInUser, id: string): Promise<FundingApplication> {
    const found = await this.dataSource.getRepository(FundingApplication).findOneBy({ id });
    if (
      !found ||
      !(await this.organisations.membership(
        this.dataSource.manager,
        viewer.id,
        found.organisationId,
      ))
    )
      throw notFound();
    return this.transactions.run(async (manager) => {
      await this.consultations.lock(manager, found.consultationId);
      if (
        !(await this.transition(manager, id, FundingStatus.Submitted, {
          status: FundingStatus.Withdrawn,
        }))
      ) {
        throw notAwaitingDecision(
          (await manager.findOneByOrFail(FundingApplication, { id })).status,
        );
      }
      await this.audit.record(manager, {
        actorId: viewer.id,
        action: 'funding.withdrawn',
        entity: 'funding_application',
        entityId: id,
      });
      return manager.findOneByOrFail(FundingApplication, { id });
    });
  }

  /**
   * Awards (in full, or part: at most what was asked and the cap) or declines, recording the
   * priority the decision was based on. Never by a member of the applicant organisation.
   */
  async decide(
    reviewer: SignedInUser,
    id: string,
    decision: 'award' | 'decline',
    amount?: string,
    reason = '',
  ): Promise<FundingApplication> {
    return this.transactions.run(async (manager) => {
      const found = await manager.findOneBy(FundingApplication, { id });
      if (!found) throw notFound();
      const consultation = await this.consultations.lock(manager, found.consultationId);
      await this.organisations.assertImpartial(manager, reviewer, found.organisationId);
      const application = await this.lock(manager, id);
      if (application.status !== FundingStatus.Submitted)
        throw notAwaitingDecision(application.status);
      const registration = await manager.findOneByOrFail(Registration, {
        id: application.registrationId,
      });
      let awarded: number | null = null;
      if (decision === 'award') {
        if (!ACTIVE_STATUSES.includes(registration.status))
          throw new BusinessRuleError('INVALID_TRANSITION', 'errors.funding_registration_ended');
        const budget = await this.budgetRow(manager, consultation);
        const ceiling =
          budget.capMinor === null
            ? application.requestedMinor
            : Math.min(budget.capMinor, application.requestedMinor);
        awarded = amount === undefined ? ceiling : toMinor(amount);
        if (awarded > application.requestedMinor)
          throw new InvalidInputError({ amount: ['errors.award_above_request'] });
        if (awarded > ceiling) throw new InvalidInputError({ amount: ['errors.award_above_cap'] });
        const claimed = await manager
          .createQueryBuilder()
          .update(FundingBudget)
          .set({ awardedMinor: () => `"awardedMinor" + ${Number(awarded)}` })
          .where('"consultationId" = :consultationId', { consultationId: consultation.id })
          .andWhere(`"awardedMinor" + ${Number(awarded)} <= "budgetMinor"`)
          .execute();
        if (!claimed.affected)
          throw new BusinessRuleError('BUDGET_EXCEEDED', 'errors.budget_exceeded');
      }
      const organisation = await manager.findOneByOrFail(Organisation, {
        id: application.organisationId,
      });
      const context = await this.priorityContext(manager, consultation.id, organisation.id);
      const decided = await this.transition(manager, id, FundingStatus.Submitted, {
        status: awarded === null ? FundingStatus.Declined : FundingStatus.Awarded,
        awardedMinor: awarded,
        decisionReason: reason,
        decidedById: reviewer.id,
        decidedAt: this.clock.now(),
        priorityAtDecision: this.priorityOf(context, application, registration, organisation),
      });
      if (!decided)
        throw notAwaitingDecision(
          (await manager.findOneByOrFail(FundingApplication, { id })).status,
        );
      const saved = await manager.findOneByOrFail(FundingApplication, { id });
      await this.audit.record(manager, {
        actorId: reviewer.id,
        action: `funding.${saved.status}`,
        entity: 'funding_application',
        entityId: id,
        details: {
          ...(saved.awardedMinor !== null ? { awarded: fromMinor(saved.awardedMinor) } : {}),
          reason,
        },
      });
      await this.tell(manager, saved, consultation, registration, saved.status);
      return saved;
    });
  }

  /**
   * A registration ended without attending: its award returns to the budget; a request lapses.
   * Runs in the registration's transaction, behind the same consultation lock as an award.
   */
  async registrationEnded(
    manager: EntityManager,
    registration: Registration,
    actorId: string | null,
  ): Promise<void> {
    const application = await manager.findOneBy(FundingApplication, {
      registrationId: registration.id,
    });
    if (!application) return;
    const consultation = await this.consultations.lock(manager, application.consultationId);
    let event: FundingStatus;
    if (
      application.status === FundingStatus.Awarded &&
      (await this.transition(manager, application.id, FundingStatus.Awarded, {
        status: FundingStatus.Released,
      }))
    ) {
      const returned = await manager
        .createQueryBuilder()
        .update(FundingBudget)
        .set({ awardedMinor: () => `"awardedMinor" - ${Number(application.awardedMinor)}` })
        .where('"consultationId" = :consultationId', { consultationId: application.consultationId })
        .andWhere(`"awardedMinor" >= ${Number(application.awardedMinor)}`)
        .execute();
      if (!returned.affected)
        throw new Error(
          `funding budget of consultation ${application.consultationId} holds less than award ${application.id}`,
        );
      event = FundingStatus.Released;
    } else if (
      application.status === FundingStatus.Submitted &&
      (await this.transition(manager, application.id, FundingStatus.Submitted, {
        status: FundingStatus.Withdrawn,
      }))
    ) {
      event = FundingStatus.Withdrawn;
    } else {
      return;
    }
    await this.audit.record(manager, {
      actorId,
      action: `funding.${event}`,
      entity: 'funding_application',
      entityId: application.id,
      details: { registrationStatus: registration.status },
    });
    await this.tell(
      manager,
      await manager.findOneByOrFail(FundingApplication, { id: application.id }),
      consultation,
      registration,
      event,
    );
  }

  /**
   * Every application of the consultation, those awaiting a decision first by today's score, then
   * the decided ones by the score their decision recorded.
   */
  async ranked(viewer: SignedInUser, consultationId: string): Promise<RankedApplication[]> {
    await this.consultations.get(viewer, consultationId);
    // One query for applications, registrations and organisations (not an IN list of every id).
    const applications = (await this.dataSource
      .getRepository(FundingApplication)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.registration', 'r')
      .innerJoinAndMapOne('a.organisation', Organisation, 'o', 'o.id = a.organisationId')
      .where('a.consultationId = :consultationId', { consultationId })
      .getMany()) as RankedApplication[];
    if (!applications.length) return [];
    const context = await this.priorityContext(this.dataSource.manager, consultationId);
    const own = new Set(
      (await this.organisations.myOrganisations(viewer.id)).map((m) => m.organisationId),
    );
    for (const application of applications) {
      const awaiting = application.status === FundingStatus.Submitted;
      const today = this.priorityOf(
        context,
        application,
        application.registration,
        application.organisation,
      );
      Object.assign(
        application,
        prioritySnapshots(
          awaiting,
          {
            atSubmission: application.priorityAtSubmission,
            atDecision: application.priorityAtDecision,
          },
          today,
        ),
      );
      application.awaitsAnotherReviewer = awaiting && own.has(application.organisationId);
    }
    const order = (a: RankedApplication) => ({
      awaitingDecision: a.status === FundingStatus.Submitted,
      priority: a.priority,
      createdAt: a.createdAt,
    });
    return applications.sort((a, b) => reviewOrder(order(a), order(b)));
  }

  /** Moves an application on only from the status it was read in, so the loser of a race sees the winner's change. */
  private async transition(
    manager: EntityManager,
    id: string,
    from: FundingStatus,
    changes: Partial<FundingApplication>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(FundingApplication)
      .set(changes)
      .where('id = :id AND status = :from', { id, from })
      .execute();
    return Boolean(result.affected);
  }

  private async priorityContext(
    manager: EntityManager,
    consultationId: string,
    organisationId?: string,
  ): Promise<PriorityContext> {
    const tallies = await this.confirmedTallies(manager, consultationId);
    const returning = await this.returningOrganisations(manager, consultationId, organisationId);
    return { tallies, returning, currentYear: this.clock.now().getUTCFullYear() };
  }

  private priorityOf(
    context: PriorityContext,
    application: Pick<FundingApplication, 'departureCountry' | 'couldAttendWithout'>,
    registration: Registration,
    organisation: Organisation,
  ): Priority {
    return scorePriority({
      departureCountry: application.departureCountry,
      region: organisation.region,
      ...amongOthers(
        context.tallies,
        organisation.region,
        registration.gender,
        registration.status === RegistrationStatus.Confirmed,
      ),
      participantGender: registration.gender,
      firstConsultation: !context.returning.has(organisation.id),
      foundedYear: organisation.foundedYear,
      currentYear: context.currentYear,
      migrantLed: organisation.migrantLed,
      womenLed: organisation.womenLed,
      youthLed: organisation.youthLed,
      couldAttendWithout: application.couldAttendWithout,
    });
  }

  private async confirmedTallies(
    manager: EntityManager,
    consultationId: string,
  ): Promise<ConfirmedTallies> {
    const rows: { region: string; gender: string; count: string | number }[] = await manager
      .getRepository(Registration)
      .createQueryBuilder('r')
      .innerJoin(Organisation, 'o', 'o.id = r.organisationId')
      .select('o.region', 'region')
      .addSelect('r.gender', 'gender')
      .addSelect('COUNT(*)', 'count')
      .where('r.consultationId = :consultationId AND r.status = :confirmed', {
        consultationId,
        confirmed: RegistrationStatus.Confirmed,
      })
      .groupBy('o.region')
      .addGroupBy('r.gender')
      .getRawMany();
    const byRegion: Record<string, number> = {};
    const byGender: Record<string, number> = {};
    for (const row of rows) {
      byRegion[row.region] = (byRegion[row.region] ?? 0) + Number(row.count);
      byGender[row.gender] = (byGender[row.gender] ?? 0) + Number(row.count);
    }
    return { byRegion, byGender };
  }

  /**
   * Organisations of this consultation (or just `organisationId`) that had a confirmed or
   * checked-in participant at an earlier consultation, by date: later ones do not count.
   */
  private async returningOrganisations(
    manager: EntityManager,
    consultationId: string,
    organisationId?: string,
  ): Promise<Set<string>> {
    const query = manager
      .getRepository(Registration)
      .createQueryBuilder('r')
      .innerJoin(Consultation, 'c', 'c.id = r.consultationId')
      .select('DISTINCT r.organisationId', 'organisationId')
      .where(
        'c.startsAt < (SELECT x."startsAt" FROM consultations x WHERE x.id = :consultationId)',
        { consultationId },
      )
      .andWhere('(r.status = :confirmed OR r.checkedInAt IS NOT NULL)', {
        confirmed: RegistrationStatus.Confirmed,
      });
    if (organisationId) query.andWhere('r.organisationId = :organisationId', { organisationId });
    else
      query.andWhere(
        'r.organisationId IN (SELECT t."organisationId" FROM registrations t WHERE t."consultationId" = :consultationId)',
      );
    const rows = await query.getRawMany<{ organisationId: string }>();
    return new Set(rows.map((r) => r.organisationId));
  }

  /** Who is represented: confirmed participants, and those of them with funding, by dimension. */
  async participation(viewer: SignedInUser, consultationId: string): Promise<Participation> {
    await this.consultations.get(viewer, consultationId);
    const confirmed = await this.dataSource.getRepository(Registration).find({
      where: { consultationId, status: RegistrationStatus.Confirmed },
      relations: { organisation: true },
    });
    const funded = new Set(
      (
        await this.dataSource.getRepository(FundingApplication).find({
          where: { consultationId, status: FundingStatus.Awarded },
          select: { registrationId: true },
        })
      ).map((a) => a.registrationId),
    );
    const returning = await this.returningOrganisations(this.dataSource.manager, consultationId);
    const dimension = (
      name: string,
      keyOf: (r: Registration) => string,
      keys: readonly string[],
    ) => {
      const rows = new Map(keys.map((key) => [key, { key, confirmed: 0, funded: 0 }]));
      for (const registration of confirmed) {
        const key = keyOf(registration);
        const row = rows.get(key) ?? { key, confirmed: 0, funded: 0 };
        row.confirmed++;
        if (funded.has(registration.id)) row.funded++;
        rows.set(key, row);
      }
      return { name, rows: [...rows.values()] };
    };
    const yesNo = ['yes', 'no'] as const;
    return {
      confirmed: confirmed.length,
      funded: confirmed.filter((r) => funded.has(r.id)).length,
      dimensions: [
        dimension('region', (r) => r.organisation!.region, [
          'africa',
          'americas',
          'asia',
          'europe',
          'oceania',
        ]),
        dimension('organisationType', (r) => r.organisation!.type, [
          'ngo',
          'network',
          'diaspora_organisation',
          'migrant_association',
          'trade_union',
          'faith_based',
          'academic',
          'private_sector',
          'other',
        ]),
        dimension('gender', (r) => r.gender, ['female', 'male', 'other', 'undisclosed']),
        dimension('firstTime', (r) => (returning.has(r.organisationId) ? 'no' : 'yes'), yesNo),
        dimension('migrantLed', (r) => (r.organisation!.migrantLed ? 'yes' : 'no'), yesNo),
        dimension('womenLed', (r) => (r.organisation!.womenLed ? 'yes' : 'no'), yesNo),
        dimension('youthLed', (r) => (r.organisation!.youthLed ? 'yes' : 'no'), yesNo),
      ],
    };
  }

  private async lock(manager: EntityManager, id: string): Promise<FundingApplication> {
    const query = manager.createQueryBuilder(FundingApplication, 'a').where('a.id = :id', { id });
    if (this.transactions.onPostgres) query.setLock('pessimistic_write');
    const application = await query.getOne();
    if (!application) throw notFound();
    return application;
  }

  private async tell(
    manager: EntityManager,
    application: FundingApplication,
    consultation: Consultation,
    registration: Registration,
    event: string,
  ) {
    const applicant = await manager.findOneBy(User, { id: application.appliedById });
    if (!applicant || applicant.disabledAt) return;
    await this.outbox.enqueue(manager, {
      to: applicant.email,
      template: 'funding',
      kind: event === 'awarded' || event === 'declined' ? MailKind.Staff : MailKind.Notification,
      locale: applicant.locale,
      payload: {
        event,
        name: applicant.name,
        participant: registration.participantName,
        consultation: consultation.title,
        requested: fromMinor(application.requestedMinor),
        awarded: application.awardedMinor === null ? null : fromMinor(application.awardedMinor),
        currency: application.currency,
        // The reviewer's note belongs to the decision, not to a later release or closure.
        reason:
          event === FundingStatus.Awarded || event === FundingStatus.Declined
            ? application.decisionReason
            : '',
        url: this.links.to(`/organisations/${application.organisationId}/delegation`),
      },
    });
  }
}
