import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import { awaitingTotal } from './funding.rules';
import {
  COST_KINDS,
  CostKind,
  FundingApplication,
  FundingStatus,
} from './funding-application.entity';
import { FundingBudget } from './funding-budget.entity';
import { ConfirmedParticipant, Participation, tallyParticipation } from './participation';
import { PrioritySnapshots, priorityOf, prioritySnapshots, reviewOrder } from './priority';
import { PriorityQueries } from './priority.queries';

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

/** What staff review on the funding page: the consultation, its budget and the ranked list. */
export interface StaffFundingReport {
  consultation: Consultation;
  summary: BudgetSummary;
  ranked: RankedApplication[];
}

/** What pages and the API read about funding: the budget, the ranked list, who is represented. */
@Injectable()
export class FundingReports {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly priorities: PriorityQueries,
  ) {}

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
      awaiting: awaitingTotal(waiting, cap),
      currency: consultation.fundingCurrency,
      capMinor: cap,
      lineKinds: budget?.lineKinds ?? [...COST_KINDS],
      deadline: consultation.fundingDeadline,
    };
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
    const context = await this.priorities.context(this.dataSource.manager, consultationId);
    const own = new Set(
      (await this.organisations.myOrganisations(viewer.id)).map((m) => m.organisationId),
    );
    for (const application of applications) {
      const awaiting = application.status === FundingStatus.Submitted;
      const today = priorityOf(
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

  /** The staff funding page's facts, in the order they are read. */
  async staffFunding(viewer: SignedInUser, consultationId: string): Promise<StaffFundingReport> {
    const consultation = await this.consultations.get(viewer, consultationId);
    const summary = await this.summary(viewer, consultationId);
    const ranked = await this.ranked(viewer, consultationId);
    return { consultation, summary, ranked };
  }

  /** Who is represented: confirmed participants, and those of them with funding, by dimension. */
  async participation(viewer: SignedInUser, consultationId: string): Promise<Participation> {
    await this.consultations.get(viewer, consultationId);
    const confirmed = await this.dataSource.getRepository(Registration).find({
      where: { consultationId, status: RegistrationStatus.Confirmed },
      relations: { organisation: true },
    });
    const funded = await this.dataSource.getRepository(FundingApplication).find({
      where: { consultationId, status: FundingStatus.Awarded },
      select: { registrationId: true },
    });
    const returning = await this.priorities.returningOrganisations(
      this.dataSource.manager,
      consultationId,
    );
    return tallyParticipation(
      confirmed as ConfirmedParticipant[],
      new Set(funded.map((a) => a.registrationId)),
      returning,
    );
  }
}
