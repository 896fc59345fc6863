import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { OnDomainEvent } from '../common/domain-events';
import { InvalidInputError, notFound, invalidTransition } from '../common/domain-error';
import { fromMinor, toMinor } from '../common/money';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { ConsultationBudgetChanging } from '../consultations/consultation.events';
import { ConsultationsService } from '../consultations/consultations.service';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/errors';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { ACTIVE_STATUSES, Registration } from '../registrations/registration.entity';
import { ParticipantSubstituted, RegistrationEnded } from '../registrations/registration.events';
import { awardAmount, unclaimable } from './funding.rules';
import { BudgetLedger } from './budget-ledger';
import { ApplyDto } from './dto/funding.dto';
import {
  COST_KINDS,
  CostKind,
  FundingApplication,
  FundingStatus,
} from './funding-application.entity';
import {
  alreadyApplied,
  fundingDeadlinePassed,
  notAwaitingDecision,
  registrationNoLongerActive,
} from './funding.errors';
import { FundingNotices } from './funding.notices';
import { BudgetSummary, FundingReports } from './funding.reports';
import { priorityOf } from './priority';
import { PriorityQueries } from './priority.queries';

/**
 * Travel funding decisions. Every use case that touches money locks the consultation row first (as
 * the registration use cases do), then changes the budget row (`BudgetLedger`) and the application
 * with conditional updates: an award claims `awarded + x ≤ budget`, a budget change needs
 * `awarded ≤ new budget`, and an application changes only from the status it was read in. So an
 * award racing a cancellation or a budget change either sees the other's result or is refused, and
 * the budget row always holds the sum of the awards. What is read about funding is in
 * `funding.reports.ts`.
 */
@Injectable()
export class FundingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly ledger: BudgetLedger,
    private readonly priorities: PriorityQueries,
    private readonly reports: FundingReports,
    private readonly notices: FundingNotices,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The admin changes the consultation's budget (inside its locked update): the budget row follows,
   * or the change is refused (409) when it would fall below what is awarded.
   */
  @OnDomainEvent(ConsultationBudgetChanging)
  async budgetChanging({ manager, consultation, previousCurrency }: ConsultationBudgetChanging) {
    await this.ledger.follow(manager, consultation, previousCurrency);
  }

  async updateSettings(
    admin: SignedInUser,
    consultationId: string,
    settings: { capPerApplication?: string | null; lineKinds?: CostKind[] },
  ): Promise<BudgetSummary> {
    await this.consultations.get(admin, consultationId);
    await this.transactions.run(async (manager) => {
      const budget = await this.ledger.row(
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
    return this.reports.summary(admin, consultationId);
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
        if (this.clock.now() >= deadline) throw fundingDeadlinePassed();
        const current = await manager.findOneByOrFail(Registration, { id: registrationId });
        if (!ACTIVE_STATUSES.includes(current.status)) throw invalidTransition();
        if (await manager.existsBy(FundingApplication, { registrationId })) throw alreadyApplied();
        const budget = await this.ledger.row(manager, consultation);
        const problems = unclaimable(input, consultation.fundingCurrency, budget.lineKinds);
        if (Object.keys(problems).length) throw new InvalidInputError(problems);
        const application = await this.create(manager, viewer, input, current);
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
        await this.notices.tell(manager, application, consultation, registration, 'received');
        return application;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyApplied();
      throw error;
    }
  }

  /** The new application, with the priority it had when submitted. */
  private async create(
    manager: EntityManager,
    viewer: SignedInUser,
    input: ApplyDto,
    registration: Registration,
  ): Promise<FundingApplication> {
    const lines = input.lines.map((line) => ({ kind: line.kind, amount: toMinor(line.amount) }));
    const organisation = await manager.findOneByOrFail(Organisation, {
      id: registration.organisationId,
    });
    const context = await this.priorities.context(
      manager,
      registration.consultationId,
      organisation.id,
    );
    const couldAttendWithout = input.couldAttendWithout ?? true;
    return manager.save(
      manager.create(FundingApplication, {
        registrationId: registration.id,
        consultationId: registration.consultationId,
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
        priorityAtSubmission: priorityOf(
          context,
          { departureCountry: input.departureCountry, couldAttendWithout },
          registration,
          organisation,
        ),
        priorityAtDecision: null,
      }),
    );
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
      const awarded =
        decision === 'award'
          ? await this.claimAward(manager, consultation, application, registration, amount)
          : null;
      const organisation = await manager.findOneByOrFail(Organisation, {
        id: application.organisationId,
      });
      const context = await this.priorities.context(manager, consultation.id, organisation.id);
      const decided = await this.transition(manager, id, FundingStatus.Submitted, {
        status: awarded === null ? FundingStatus.Declined : FundingStatus.Awarded,
        awardedMinor: awarded,
        decisionReason: reason,
        decidedById: reviewer.id,
        decidedAt: this.clock.now(),
        priorityAtDecision: priorityOf(context, application, registration, organisation),
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
      await this.notices.tell(manager, saved, consultation, registration, saved.status);
      return saved;
    });
  }

  /** Claims the award from the budget: the ceiling, or the reviewer's amount within it. */
  private async claimAward(
    manager: EntityManager,
    consultation: Consultation,
    application: FundingApplication,
    registration: Registration,
    amount: string | undefined,
  ): Promise<number> {
    if (!ACTIVE_STATUSES.includes(registration.status)) throw registrationNoLongerActive();
    const budget = await this.ledger.row(manager, consultation);
    const awarded = awardAmount(
      application.requestedMinor,
      budget.capMinor,
      amount === undefined ? undefined : toMinor(amount),
    );
    await this.ledger.claim(manager, consultation.id, awarded);
    return awarded;
  }

  /**
   * A registration ended without attending: its award returns to the budget; a request lapses.
   * Runs in the registration's transaction, behind the same consultation lock as an award.
   */
  @OnDomainEvent(RegistrationEnded)
  async registrationEnded({ manager, registration, actorId }: RegistrationEnded) {
    await this.release(manager, registration, actorId);
  }

  /** An award does not pass to a substitute: it is released (an undecided application withdrawn). */
  @OnDomainEvent(ParticipantSubstituted)
  async participantSubstituted(event: ParticipantSubstituted) {
    const { manager, registration, previousParticipant, actorId } = event;
    await this.release(manager, registration, actorId, previousParticipant);
  }

  /** The registration's application ends with its participant; its applicant is told. */
  private async release(
    manager: EntityManager,
    registration: Registration,
    actorId: string | null,
    previous?: { name: string; version: number },
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
      await this.ledger.giveBack(
        manager,
        application.consultationId,
        Number(application.awardedMinor),
        application.id,
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
      details: previous
        ? { substitutedVersion: previous.version }
        : { registrationStatus: registration.status },
    });
    await this.notices.tell(
      manager,
      await manager.findOneByOrFail(FundingApplication, { id: application.id }),
      consultation,
      previous ? { participantName: previous.name } : registration,
      previous ? `${event}_substituted` : event,
    );
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

  private lock(manager: EntityManager, id: string): Promise<FundingApplication> {
    return lockById(manager, FundingApplication, id);
  }
}
