import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { BusinessRuleError, InvalidInputError } from '../common/domain-error';
import { Links } from '../common/links';
import { fromMinor, toMinor } from '../common/money';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { Transactions } from '../database/transactions';
import { isUniqueViolation } from '../database/errors';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Organisation } from '../organisations/organisation.entity';
import { notFound, OrganisationsService } from '../organisations/organisations.service';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from '../registrations/registration.entity';
import { RegistrationEndedListener, RegistrationsService } from '../registrations/registrations.service';
import { ApplyDto } from './dto/funding.dto';
import { COST_KINDS, CostKind, FundingApplication, FundingStatus } from './funding-application.entity';
import { FundingBudget } from './funding-budget.entity';
import { Priority, scorePriority } from './priority';

const invalidTransition = () => new BusinessRuleError('INVALID_TRANSITION', 'errors.invalid_transition');

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

export type RankedApplication = FundingApplication & { priority: Priority; organisation: Organisation; registration: Registration };

/** Tallies for the representativeness view: confirmed participants and funded ones, by dimension. */
export interface Participation {
  confirmed: number;
  funded: number;
  dimensions: { name: string; rows: { key: string; confirmed: number; funded: number }[] }[];
}

/**
 * Travel funding. Awards add to one running total per consultation through a conditional
 * update that refuses to pass the budget, so the sum of awards never exceeds it however many
 * reviewers decide at once; an award whose registration ends is released back to the budget.
 */
@Injectable()
export class FundingService implements RegistrationEndedListener, OnModuleInit {
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
  }

  private async budgetRow(manager: EntityManager, consultationId: string): Promise<FundingBudget> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(FundingBudget)
      .values({ consultationId, awardedMinor: 0, capMinor: null, lineKinds: [...COST_KINDS] })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(FundingBudget, { consultationId });
  }

  async summary(viewer: SignedInUser | undefined, consultationId: string): Promise<BudgetSummary> {
    const consultation = await this.consultations.get(viewer, consultationId);
    const budget = await this.dataSource.getRepository(FundingBudget).findOneBy({ consultationId });
    const waiting = await this.dataSource.getRepository(FundingApplication).find({ where: { consultationId, status: FundingStatus.Submitted } });
    const cap = budget?.capMinor ?? null;
    const awarded = budget?.awardedMinor ?? 0;
    return {
      budget: consultation.fundingBudgetMinor,
      awarded,
      remaining: consultation.fundingBudgetMinor - awarded,
      awaiting: waiting.reduce((sum, a) => sum + (cap ? Math.min(cap, a.requestedMinor) : a.requestedMinor), 0),
      currency: consultation.fundingCurrency,
      capMinor: cap,
      lineKinds: budget?.lineKinds ?? [...COST_KINDS],
      deadline: consultation.fundingDeadline,
    };
  }

  async updateSettings(admin: SignedInUser, consultationId: string, settings: { capPerApplication?: string | null; lineKinds?: CostKind[] }) {
    await this.consultations.get(admin, consultationId);
    await this.transactions.run(async (manager) => {
      const budget = await this.budgetRow(manager, consultationId);
      if (settings.capPerApplication !== undefined) budget.capMinor = settings.capPerApplication === null ? null : toMinor(settings.capPerApplication);
      if (settings.lineKinds) budget.lineKinds = COST_KINDS.filter((k) => settings.lineKinds!.includes(k));
      await manager.save(budget);
      await this.audit.record(manager, { actorId: admin.id, action: 'funding.settings_changed', entity: 'consultation', entityId: consultationId, details: { ...settings } });
    });
    return this.summary(admin, consultationId);
  }

  /** A member applies for one of the organisation's registrations, before the deadline. */
  async apply(viewer: SignedInUser, registrationId: string, input: ApplyDto): Promise<FundingApplication> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id: registrationId });
    if (!registration || !(await this.organisations.membership(this.dataSource.manager, viewer.id, registration.organisationId))) throw notFound();
    try {
      return await this.transactions.run(async (manager) => {
        const consultation = await this.consultations.lock(manager, registration.consultationId);
        const deadline = consultation.fundingDeadline ?? consultation.startsAt;
        if (this.clock.now() >= deadline) throw new BusinessRuleError('DEADLINE_PASSED', 'errors.funding_deadline_passed');
        const current = await manager.findOneByOrFail(Registration, { id: registrationId });
        if (!ACTIVE_STATUSES.includes(current.status)) throw invalidTransition();
        if (await manager.existsBy(FundingApplication, { registrationId })) {
          throw new BusinessRuleError('INVALID_TRANSITION', 'errors.already_applied');
        }
        const budget = await this.budgetRow(manager, consultation.id);
        const problems: Record<string, string[]> = {};
        if (input.currency !== consultation.fundingCurrency) problems.currency = ['errors.currency_mismatch'];
        input.lines.forEach((line, i) => {
          if (!budget.lineKinds.includes(line.kind)) problems[`lines.${i}.kind`] = ['errors.cost_kind_not_claimable'];
        });
        if (Object.keys(problems).length) throw new InvalidInputError(problems);
        const lines = input.lines.map((line) => ({ kind: line.kind, amount: toMinor(line.amount) }));
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
            couldAttendWithout: input.couldAttendWithout ?? true,
            status: FundingStatus.Submitted,
            awardedMinor: null,
            decisionReason: '',
            decidedById: null,
            decidedAt: null,
          }),
        );
        await this.audit.record(manager, {
          actorId: viewer.id,
          action: 'funding.applied',
          entity: 'funding_application',
          entityId: application.id,
          details: { requested: fromMinor(application.requestedMinor), currency: application.currency },
        });
        await this.tell(manager, application, consultation, registration, 'received');
        return application;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new BusinessRuleError('INVALID_TRANSITION', 'errors.already_applied');
      throw error;
    }
  }

  /** The organisation's applications, by registration. */
  async forOrganisation(organisationId: string): Promise<Map<string, FundingApplication>> {
    const applications = await this.dataSource.getRepository(FundingApplication).findBy({ organisationId });
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
    if (!found || !(await this.organisations.membership(this.dataSource.manager, viewer.id, found.organisationId))) throw notFound();
    return this.transactions.run(async (manager) => {
      const application = await this.lock(manager, id);
      if (application.status !== FundingStatus.Submitted) throw invalidTransition();
      application.status = FundingStatus.Withdrawn;
      await manager.save(application);
      await this.audit.record(manager, { actorId: viewer.id, action: 'funding.withdrawn', entity: 'funding_application', entityId: id });
      return application;
    });
  }

  /** Awards (in full, or part: at most what was asked and the cap) or declines. */
  async decide(reviewer: SignedInUser, id: string, decision: 'award' | 'decline', amount?: string, reason = ''): Promise<FundingApplication> {
    return this.transactions.run(async (manager) => {
      const application = await this.lock(manager, id);
      if (application.status !== FundingStatus.Submitted) throw invalidTransition();
      const consultation = await manager.findOneByOrFail(Consultation, { id: application.consultationId });
      const registration = await manager.findOneByOrFail(Registration, { id: application.registrationId });
      if (decision === 'award') {
        if (!ACTIVE_STATUSES.includes(registration.status)) throw invalidTransition();
        const budget = await this.budgetRow(manager, consultation.id);
        const ceiling = budget.capMinor === null ? application.requestedMinor : Math.min(budget.capMinor, application.requestedMinor);
        const awarded = amount === undefined ? ceiling : toMinor(amount);
        if (awarded > application.requestedMinor) throw new InvalidInputError({ amount: ['errors.award_above_request'] });
        if (awarded > ceiling) throw new InvalidInputError({ amount: ['errors.award_above_cap'] });
        const claimed = await manager
          .createQueryBuilder()
          .update(FundingBudget)
          .set({ awardedMinor: () => `"awardedMinor" + ${Number(awarded)}` })
          .where('"consultationId" = :consultationId', { consultationId: consultation.id })
          .andWhere(`"awardedMinor" + ${Number(awarded)} <= (SELECT c."fundingBudgetMinor" FROM consultations c WHERE c.id = :consultationId)`)
          .execute();
        if (!claimed.affected) throw new BusinessRuleError('BUDGET_EXCEEDED', 'errors.budget_exceeded');
        application.status = FundingStatus.Awarded;
        application.awardedMinor = awarded;
      } else {
        application.status = FundingStatus.Declined;
      }
      application.decisionReason = reason;
      application.decidedById = reviewer.id;
      application.decidedAt = this.clock.now();
      await manager.save(application);
      await this.audit.record(manager, {
        actorId: reviewer.id,
        action: `funding.${application.status}`,
        entity: 'funding_application',
        entityId: id,
        details: { ...(application.awardedMinor !== null ? { awarded: fromMinor(application.awardedMinor) } : {}), reason },
      });
      await this.tell(manager, application, consultation, registration, application.status);
      return application;
    });
  }

  /** A registration ended without attending: its award returns to the budget; a request lapses. */
  async registrationEnded(manager: EntityManager, registration: Registration, actorId: string | null): Promise<void> {
    const application = await manager.findOneBy(FundingApplication, { registrationId: registration.id });
    if (!application) return;
    if (application.status === FundingStatus.Awarded && application.awardedMinor) {
      await manager
        .createQueryBuilder()
        .update(FundingBudget)
        .set({ awardedMinor: () => `"awardedMinor" - ${Number(application.awardedMinor)}` })
        .where('"consultationId" = :consultationId', { consultationId: application.consultationId })
        .execute();
      application.status = FundingStatus.Released;
    } else if (application.status === FundingStatus.Submitted) {
      application.status = FundingStatus.Withdrawn;
    } else {
      return;
    }
    await manager.save(application);
    await this.audit.record(manager, {
      actorId,
      action: `funding.${application.status}`,
      entity: 'funding_application',
      entityId: application.id,
      details: { registrationStatus: registration.status },
    });
    const consultation = await manager.findOneByOrFail(Consultation, { id: application.consultationId });
    await this.tell(manager, application, consultation, registration, application.status);
  }

  /** Every application of the consultation, those awaiting a decision first, by priority score. */
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
    const byId = new Map(applications.map((a) => [a.organisation.id, a.organisation]));
    const { byRegion, byGender } = await this.confirmedTallies(consultationId);
    const returning = await this.returningOrganisations(consultationId);
    const currentYear = this.clock.now().getUTCFullYear();
    for (const application of applications) {
      const organisation = byId.get(application.organisationId)!;
      application.organisation = organisation;
      // The balance is judged among the others: the applicant's own seat does not count.
      const own = application.registration.status === RegistrationStatus.Confirmed ? 1 : 0;
      application.priority = scorePriority({
        departureCountry: application.departureCountry,
        region: organisation.region,
        confirmedByRegion: { ...byRegion, [organisation.region]: (byRegion[organisation.region] ?? 0) - own },
        confirmedByGender: { ...byGender, [application.registration.gender]: (byGender[application.registration.gender] ?? 0) - own },
        participantGender: application.registration.gender,
        firstConsultation: !returning.has(organisation.id),
        foundedYear: organisation.foundedYear,
        currentYear,
        migrantLed: organisation.migrantLed,
        womenLed: organisation.womenLed,
        youthLed: organisation.youthLed,
        couldAttendWithout: application.couldAttendWithout,
      });
    }
    const waiting = (a: RankedApplication) => (a.status === FundingStatus.Submitted ? 0 : 1);
    return applications.sort((a, b) => waiting(a) - waiting(b) || b.priority.score - a.priority.score || a.createdAt.getTime() - b.createdAt.getTime());
  }

  private async confirmedTallies(consultationId: string) {
    const rows: { region: string; gender: string; count: string | number }[] = await this.dataSource
      .getRepository(Registration)
      .createQueryBuilder('r')
      .innerJoin(Organisation, 'o', 'o.id = r.organisationId')
      .select('o.region', 'region')
      .addSelect('r.gender', 'gender')
      .addSelect('COUNT(*)', 'count')
      .where('r.consultationId = :consultationId AND r.status = :confirmed', { consultationId, confirmed: RegistrationStatus.Confirmed })
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

  /** Organisations of this consultation that had a confirmed participant at another one. */
  private async returningOrganisations(consultationId: string): Promise<Set<string>> {
    const rows = await this.dataSource
      .getRepository(Registration)
      .createQueryBuilder('r')
      .select('DISTINCT r.organisationId', 'organisationId')
      .where('r.consultationId != :consultationId', { consultationId })
      .andWhere('r.organisationId IN (SELECT t."organisationId" FROM registrations t WHERE t."consultationId" = :consultationId)', { consultationId })
      .andWhere('(r.status = :confirmed OR r.checkedInAt IS NOT NULL)', { confirmed: RegistrationStatus.Confirmed })
      .getRawMany<{ organisationId: string }>();
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
      (await this.dataSource.getRepository(FundingApplication).find({ where: { consultationId, status: FundingStatus.Awarded }, select: { registrationId: true } })).map(
        (a) => a.registrationId,
      ),
    );
    const returning = await this.returningOrganisations(consultationId);
    const dimension = (name: string, keyOf: (r: Registration) => string, keys: readonly string[]) => {
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
        dimension('region', (r) => r.organisation!.region, ['africa', 'americas', 'asia', 'europe', 'oceania']),
        dimension('organisationType', (r) => r.organisation!.type, ['ngo', 'network', 'diaspora_organisation', 'migrant_association', 'trade_union', 'faith_based', 'academic', 'private_sector', 'other']),
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

  private async tell(manager: EntityManager, application: FundingApplication, consultation: Consultation, registration: Registration, event: string) {
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
        reason: application.decisionReason,
        url: this.links.to(`/organisations/${application.organisationId}/delegation`),
      },
    });
  }
}
