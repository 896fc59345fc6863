import { Clock } from '../common/clock';
import { Injectable } from '@nestjs/common';
import { Stringifier } from 'csv-stringify';
import {
  Brackets,
  DataSource,
  EntityManager,
  In,
  LessThanOrEqual,
  SelectQueryBuilder,
} from 'typeorm';
import { notFound } from '../common/domain-error';
import { Page } from '../common/page';
import { isStaff, Locale } from '../common/roles';
import { SignedInUser } from '../common/web';
import { ConsultationsService } from '../consultations/consultations.service';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import { selectEntity, selectNumber } from '../database/raw-sql';
import { OrganisationsService } from '../organisations/organisations.service';
import { RegistrationQueryDto, RegistrationSort } from './dto/registration.dto';
import { participantsCsv } from './participants-csv';
import { ACTIVE_STATUSES, Registration, RegistrationStatus } from './registration.entity';

/** What a badge prints beside its QR code for the name desk: 8 hex digits. */
const DESK_CODE = /^[0-9a-f]{8}$/;

type Filters = Pick<RegistrationQueryDto, 'status' | 'organisationId' | 'q' | 'needsVisaLetter'>;

/** What each sort orders by; the registration's id breaks ties so pages never overlap. */
const SORT_COLUMNS: Record<RegistrationSort, string> = {
  name: 'r.participantName',
  organisation: 'o.name',
  status: 'r.status',
  registered: 'r.createdAt',
};

const SQL = {
  bySubmission: 'SELECT * FROM registrations WHERE "submissionId" = ?',
  waitlistPlace: `SELECT COUNT(*) AS n FROM registrations
    WHERE "consultationId" = ? AND status = 'waitlisted' AND "waitlistSeq" <= ?`,
} as const;

type Sorted = Filters & Pick<RegistrationQueryDto, 'sort' | 'dir'>;

/** Orders registrations (joined to their organisation as `o`) as the list asks, oldest first by default. */
function sorted(builder: SelectQueryBuilder<Registration>, query: Sorted) {
  const direction = query.dir === 'desc' ? 'DESC' : 'ASC';
  const sort = query.sort ?? 'registered';
  builder.orderBy(SORT_COLUMNS[sort], direction);
  if (sort !== 'registered') builder.addOrderBy('r.createdAt', direction);
  return builder.addOrderBy('r.id', direction);
}

/** The staff participants page shows this many registrations at a time. */
export const PARTICIPANTS_PAGE = 50;

/** What pages and the API read about registrations; members see only their organisations'. */
@Injectable()
export class RegistrationQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Whether the organisation has a participant who may attend the consultation (pending,
   * confirmed, waitlisted or offered, or checked in): what a call for "registered" organisations asks.
   */
  async hasActiveRegistration(
    manager: EntityManager,
    consultationId: string,
    organisationId: string,
  ): Promise<boolean> {
    return manager.existsBy(Registration, {
      consultationId,
      organisationId,
      status: In(ACTIVE_STATUSES),
    });
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
    const counted = await this.filtered(viewer, consultationId, query)
      .select('COUNT(*)', 'n')
      .getRawOne<{ n: string | number }>();
    const builder = this.filtered(viewer, consultationId, query).leftJoinAndSelect(
      'r.organisation',
      'o',
    );
    const total = Number(counted?.n ?? 0);
    const items = await sorted(builder, query)
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getMany();
    return { items, total, page, pageSize };
  }

  /** The filtered list as CSV, in the list's order, streamed. */
  csv(viewer: SignedInUser, consultationId: string, query: Sorted, locale: Locale): Stringifier {
    return participantsCsv(this.exportQuery(viewer, consultationId, query), locale);
  }

  /** The filtered, sorted list with each organisation, for an export to read in batches. */
  exportQuery(viewer: SignedInUser, consultationId: string, query: Sorted) {
    return sorted(
      this.filtered(viewer, consultationId, query).leftJoinAndSelect('r.organisation', 'o'),
      query,
    );
  }

  /** Confirmed registrations by their organisation's region, and in all, counted by the database. */
  async confirmedByRegion(
    viewer: SignedInUser,
    consultationId: string,
  ): Promise<{ byRegion: Map<string, number>; total: number }> {
    const rows = await this.filtered(viewer, consultationId, {
      status: RegistrationStatus.Confirmed,
    })
      .innerJoin('r.organisation', 'o')
      .select('o.region', 'region')
      .addSelect('COUNT(*)', 'n')
      .groupBy('o.region')
      .getRawMany<{ region: string; n: string | number }>();
    const byRegion = new Map(rows.map((row) => [row.region, Number(row.n)]));
    return { byRegion, total: [...byRegion.values()].reduce((sum, n) => sum + n, 0) };
  }

  /** Confirmed participants whose name or email contains `q`, for the door (at most 50). */
  checkInMatches(viewer: SignedInUser, consultationId: string, q: string): Promise<Registration[]> {
    return this.filtered(viewer, consultationId, { q, status: RegistrationStatus.Confirmed })
      .leftJoinAndSelect('r.organisation', 'o')
      .orderBy('r.participantName')
      .take(50)
      .getMany();
  }

  async checkedInCount(viewer: SignedInUser, consultationId: string): Promise<number> {
    const [, count] = await this.filtered(viewer, consultationId, {
      status: RegistrationStatus.Confirmed,
    })
      .andWhere('r.checkedInAt IS NOT NULL')
      .getManyAndCount();
    return count;
  }

  private filtered(viewer: SignedInUser, consultationId: string, query: Filters) {
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
    if (query.needsVisaLetter !== undefined)
      builder.andWhere('r.needsVisaLetter = :visa', { visa: query.needsVisaLetter });
    if (query.q) {
      const q = containsPattern(query.q.toLowerCase());
      const deskCode = query.q.trim().toLowerCase();
      builder.andWhere(
        new Brackets((w) => {
          w.where(`LOWER(r.participantName) LIKE :q ${LIKE_ESCAPE}`, { q }).orWhere(
            `LOWER(r.participantEmail) LIKE :q ${LIKE_ESCAPE}`,
            { q },
          );
          // The badge's short desk code (the id's first 8 hex digits) finds its registration too.
          if (DESK_CODE.test(deskCode))
            w.orWhere('CAST(r.id AS varchar) LIKE :prefix', { prefix: `${deskCode}%` });
        }),
      );
    }

    return builder;
  }

  /** A waitlisted registration's 1-based place, counted rather than loaded. */
  waitlistPosition(registration: Registration): Promise<number | null> {
    return this.waitlistPlace(this.dataSource.manager, registration);
  }

  /** The same, read through `manager` (inside a use case's transaction). */
  async waitlistPlace(manager: EntityManager, registration: Registration): Promise<number | null> {
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

  /** The places of the waitlisted among `shown` (one page), by id: a count each, not the whole list. */
  async positionsOf(shown: Registration[]): Promise<Map<string, number>> {
    const waiting = shown.filter(
      (r) => r.status === RegistrationStatus.Waitlisted && r.waitlistSeq !== null,
    );
    const places = await Promise.all(
      waiting.map((r) => this.waitlistPlace(this.dataSource.manager, r)),
    );
    return new Map(waiting.map((r, i) => [r.id, places[i]!]));
  }

  /** The waiting list in its order. */
  waitingList(manager: EntityManager, consultationId: string): Promise<Registration[]> {
    return manager.find(Registration, {
      where: { consultationId, status: RegistrationStatus.Waitlisted },
      order: { waitlistSeq: 'ASC' },
    });
  }

  async forOrganisation(viewer: SignedInUser, organisationId: string): Promise<Registration[]> {
    await this.organisations.assertMember(viewer, organisationId);
    return this.dataSource.getRepository(Registration).find({
      where: { organisationId },
      relations: { consultation: true },
      order: { createdAt: 'DESC' },
    });
  }

  bySubmission(manager: EntityManager, submissionId: string): Promise<Registration | null> {
    return selectEntity(manager, Registration, SQL.bySubmission, [submissionId]);
  }

  /** Offers whose deadline has passed, by id. */
  async dueOffers(now: Date): Promise<string[]> {
    const due = await this.dataSource.getRepository(Registration).find({
      where: { status: RegistrationStatus.Offered, offerExpiresAt: LessThanOrEqual(now) },
      select: { id: true },
    });
    return due.map((r) => r.id);
  }

  /** What the register form shows: the consultation and the organisations the user may register for. */
  async registerPage(viewer: SignedInUser, consultationId: string) {
    const consultation = await this.consultations.get(viewer, consultationId);
    return {
      consultation,
      registrationOpen: this.consultations.isRegistrationOpen(consultation),
      memberships: await this.organisations.myOrganisations(viewer.id),
    };
  }

  /** The staff list of one consultation's registrations, with what each row needs. */
  async participantsPage(
    viewer: SignedInUser,
    consultationId: string,
    query: RegistrationQueryDto,
  ) {
    const consultation = await this.consultations.get(viewer, consultationId);
    const page = await this.list(viewer, consultationId, { ...query, pageSize: PARTICIPANTS_PAGE });
    return {
      consultation,
      registrationOpen: this.consultations.isRegistrationOpen(consultation),
      ended: consultation.endsAt.getTime() <= this.clock.now().getTime(),
      seats: await this.consultations.seats(consultation),
      page,
      positions: await this.positionsOf(page.items),
      confirmed: page.items.some((r) => r.status === RegistrationStatus.Pending)
        ? await this.confirmedByRegion(viewer, consultationId)
        : { byRegion: new Map<string, number>(), total: 0 },
      own: await this.ownOrganisations(viewer),
    };
  }

  /** The door: who matches the search, and how many of the confirmed are in. */
  async checkInPage(viewer: SignedInUser, consultationId: string, q: string) {
    const consultation = await this.consultations.get(viewer, consultationId);
    return {
      consultation,
      matches: q ? await this.checkInMatches(viewer, consultationId, q) : [],
      seats: await this.consultations.seats(consultation),
      own: await this.ownOrganisations(viewer),
      checkedIn: await this.checkedInCount(viewer, consultationId),
    };
  }

  /** The organisations a staff member belongs to: their records wait for another reviewer. */
  private async ownOrganisations(viewer: SignedInUser): Promise<Set<string>> {
    const memberships = await this.organisations.myOrganisations(viewer.id);
    return new Set(memberships.map((m) => m.organisationId));
  }
}
