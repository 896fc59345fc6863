import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  AccreditationRequest,
  AccreditationStatus,
  OPEN_STATUSES,
} from '../accreditation/accreditation-request.entity';
import { Clock } from '../common/clock';
import { Consultation, ConsultationStatus } from '../consultations/consultation.entity';
import { ActionPoint } from '../follow-up/action-point.entity';
import { FundingApplication, FundingStatus } from '../funding/funding-application.entity';
import { LetterRequest, LetterStatus } from '../letters/letter-request.entity';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';

const DAY_MS = 24 * 60 * 60 * 1000;
/** An offer "about to expire" ends within this many hours. */
export const OFFER_SOON_HOURS = 24;

export interface AccreditationBacklog {
  /** Waiting for staff, by age since submission. */
  awaitingReview: { underWeek: number; underMonth: number; older: number };
  /** Waiting for the organisation's answer to a question. */
  awaitingOrganisation: number;
}

export interface ConsultationWork {
  consultation: Consultation;
  pendingRegistrations: number;
  requestedSubstitutions: number;
  offersExpiringSoon: number;
  fundingAwaiting: number;
  lettersRequested: number;
}

export interface DashboardData {
  accreditation: AccreditationBacklog;
  consultations: ConsultationWork[];
  overdueActionPoints: ActionPoint[];
  overdueTotal: number;
}

type CountRow = { consultationId: string; n: string | number };

/**
 * What needs staff action now, counted straight from the records (no counters of its own to keep
 * in step): open accreditation requests by age, and per consultation still running its
 * registrations, substitutions, offers, funding applications and visa letters waiting for a decision.
 */
@Injectable()
export class StaffDashboardQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async read(): Promise<DashboardData> {
    const now = this.clock.now();
    const [accreditation, consultations, overdue] = await Promise.all([
      this.accreditation(now),
      this.consultationWork(now),
      this.overdueActionPoints(now),
    ]);
    return { accreditation, consultations, ...overdue };
  }

  private async accreditation(now: Date): Promise<AccreditationBacklog> {
    const open = await this.dataSource.getRepository(AccreditationRequest).find({
      select: { id: true, status: true, submittedAt: true },
      where: { status: In(OPEN_STATUSES) },
    });
    const backlog: AccreditationBacklog = {
      awaitingReview: { underWeek: 0, underMonth: 0, older: 0 },
      awaitingOrganisation: 0,
    };
    for (const request of open) {
      if (request.status === AccreditationStatus.InfoRequested) {
        backlog.awaitingOrganisation += 1;
        continue;
      }
      const age = now.getTime() - request.submittedAt.getTime();
      if (age < 7 * DAY_MS) backlog.awaitingReview.underWeek += 1;
      else if (age < 30 * DAY_MS) backlog.awaitingReview.underMonth += 1;
      else backlog.awaitingReview.older += 1;
    }
    return backlog;
  }

  /** Published consultations that have not ended more than a week ago, soonest first. */
  private async consultationWork(now: Date): Promise<ConsultationWork[]> {
    const consultations = await this.dataSource
      .getRepository(Consultation)
      .createQueryBuilder('c')
      .where('c.status = :status', { status: ConsultationStatus.Published })
      .andWhere('c.endsAt > :since', { since: new Date(now.getTime() - 7 * DAY_MS) })
      .orderBy('c.startsAt', 'ASC')
      .getMany();
    if (!consultations.length) return [];
    const ids = consultations.map((c) => c.id);
    const soon = new Date(now.getTime() + OFFER_SOON_HOURS * 60 * 60 * 1000);
    const registrations = () =>
      this.dataSource
        .getRepository(Registration)
        .createQueryBuilder('r')
        .select('r.consultationId', 'consultationId')
        .addSelect('COUNT(*)', 'n')
        .where('r.consultationId IN (:...ids)', { ids })
        .groupBy('r.consultationId');
    const waitingFor = <T extends object>(entity: new () => T, status: string) =>
      this.dataSource
        .getRepository(entity)
        .createQueryBuilder('x')
        .select('x.consultationId', 'consultationId')
        .addSelect('COUNT(*)', 'n')
        .where('x.consultationId IN (:...ids)', { ids })
        .andWhere('x.status = :status', { status })
        .groupBy('x.consultationId')
        .getRawMany<CountRow>();
    const [pending, substitutions, offers, funding, letters] = await Promise.all([
      registrations()
        .andWhere('r.status = :status', { status: RegistrationStatus.Pending })
        .getRawMany<CountRow>(),
      registrations().andWhere('r.pendingSubstitute IS NOT NULL').getRawMany<CountRow>(),
      registrations()
        .andWhere('r.status = :status', { status: RegistrationStatus.Offered })
        .andWhere('r.offerExpiresAt <= :soon', { soon })
        .getRawMany<CountRow>(),
      waitingFor(FundingApplication, FundingStatus.Submitted),
      waitingFor(LetterRequest, LetterStatus.Requested),
    ]);
    const count = (rows: CountRow[], id: string) =>
      Number(rows.find((row) => row.consultationId === id)?.n ?? 0);
    return consultations.map((consultation) => ({
      consultation,
      pendingRegistrations: count(pending, consultation.id),
      requestedSubstitutions: count(substitutions, consultation.id),
      offersExpiringSoon: count(offers, consultation.id),
      fundingAwaiting: count(funding, consultation.id),
      lettersRequested: count(letters, consultation.id),
    }));
  }

  /** Open or in-progress action points whose target date has passed, oldest target first. */
  private async overdueActionPoints(now: Date) {
    const today = now.toISOString().slice(0, 10);
    const [overdueActionPoints, overdueTotal] = await this.dataSource
      .getRepository(ActionPoint)
      .createQueryBuilder('a')
      .where('a.status IN (:...open)', { open: ['open', 'in_progress'] })
      .andWhere('a.targetDate IS NOT NULL')
      .andWhere('a.targetDate < :today', { today })
      .orderBy('a.targetDate', 'ASC')
      .take(5)
      .getManyAndCount();
    return { overdueActionPoints, overdueTotal };
  }
}
