import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { Consultation, ConsultationStatus } from '../consultations/consultation.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { Organisation } from '../organisations/organisation.entity';
import { ACTIVE_STATUSES, ActionPoint } from './action-point.entity';
import { ActionPointUpdate } from './action-point-update.entity';
import { ActionPointQueryDto } from './dto/follow-up.dto';
import { Outcome } from './outcome.entity';

/** Action points with what a reader needs beside them: updates, organisations, consultations. */
export interface FollowUpRecords {
  points: ActionPoint[];
  updates: Map<string, ActionPointUpdate[]>;
  organisations: Map<string, Pick<Organisation, 'id' | 'name' | 'acronym'>>;
  consultations: Map<string, Consultation>;
  now: Date;
}

/** Consultations whose action points and outcome anyone may read. */
const PUBLIC_STATUSES = [ConsultationStatus.Published, ConsultationStatus.Completed];

/** What pages and the API read of outcomes and action points. */
@Injectable()
export class FollowUpQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly clock: Clock,
  ) {}

  /** The consultation's outcome: anyone once it is published or completed, staff always. */
  async outcome(viewer: SignedInUser | undefined, consultationId: string) {
    const consultation = await this.consultations.get(viewer, consultationId);
    if (!isStaff(viewer) && !PUBLIC_STATUSES.includes(consultation.status)) throw notFound();
    const outcome = await this.dataSource
      .getRepository(Outcome)
      .findOneBy({ consultationId: consultation.id });
    return { consultation, outcome };
  }

  /** Every action point matching the filters, newest consultation first, by reference. */
  async list(viewer: SignedInUser | undefined, query: ActionPointQueryDto) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 100;
    const qb = this.dataSource
      .getRepository(ActionPoint)
      .createQueryBuilder('p')
      .innerJoin(Consultation, 'c', 'c.id = p."consultationId"');
    if (!isStaff(viewer)) qb.andWhere('c.status IN (:...visible)', { visible: PUBLIC_STATUSES });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.consultationId)
      qb.andWhere('p."consultationId" = :cid', { cid: query.consultationId });
    if (query.year) qb.andWhere('p.year = :year', { year: query.year });
    if (query.theme) qb.andWhere('p.themes LIKE :theme', { theme: `%"${query.theme}"%` });
    if (query.responsible === 'host') qb.andWhere('p."responsibleHost" = :yes', { yes: true });
    else if (query.responsible)
      qb.andWhere('p."responsibleOrganisationIds" LIKE :org', {
        org: `%"${query.responsible.toLowerCase()}"%`,
      });
    const [points, total] = await qb
      .orderBy('p.year', 'DESC')
      .addOrderBy('p.createdAt', 'ASC')
      .addOrderBy('p.reference', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { records: await this.around(points), total, page, pageSize };
  }

  /** One action point with its whole history. */
  async get(viewer: SignedInUser | undefined, id: string): Promise<FollowUpRecords> {
    const point = await this.dataSource.getRepository(ActionPoint).findOneBy({ id });
    if (!point) throw notFound();
    const records = await this.around([point]);
    const consultation = records.consultations.get(point.consultationId)!;
    if (!isStaff(viewer) && !PUBLIC_STATUSES.includes(consultation.status)) throw notFound();
    return records;
  }

  /**
   * A consultation's follow-up: the action points adopted by earlier consultations (by start)
   * that are still open or in progress, then its own.
   */
  async followUpOf(viewer: SignedInUser | undefined, consultationId: string) {
    const consultation = await this.consultations.get(viewer, consultationId);
    const repository = this.dataSource.getRepository(ActionPoint);
    const earlier = await repository
      .createQueryBuilder('p')
      .innerJoin(Consultation, 'c', 'c.id = p."consultationId"')
      .where('c."startsAt" < :starts', { starts: consultation.startsAt })
      .andWhere('c.status IN (:...visible)', { visible: PUBLIC_STATUSES })
      .andWhere('p.status IN (:...active)', { active: ACTIVE_STATUSES })
      .orderBy('c."startsAt"', 'ASC')
      .addOrderBy('p.createdAt', 'ASC')
      .getMany();
    // Its own points, to whoever may read them one by one (`get`): a cancelled one's to staff.
    const own =
      isStaff(viewer) || PUBLIC_STATUSES.includes(consultation.status)
        ? await repository.find({
            where: { consultationId },
            order: { createdAt: 'ASC', reference: 'ASC' },
          })
        : [];
    return { consultation, earlier, own, records: await this.around([...earlier, ...own]) };
  }

  /** The action points a consultation adopted, for the staff page and the export. */
  async adoptedBy(viewer: SignedInUser, consultationId: string) {
    const { consultation, outcome } = await this.outcome(viewer, consultationId);
    const points = await this.dataSource.getRepository(ActionPoint).find({
      where: { consultationId },
      order: { createdAt: 'ASC', reference: 'ASC' },
    });
    return { consultation, outcome, records: await this.around(points) };
  }

  /** Organisations staff may name as responsible, by name. */
  organisationChoices(): Promise<Pick<Organisation, 'id' | 'name' | 'acronym'>[]> {
    return this.dataSource.getRepository(Organisation).find({
      select: { id: true, name: true, acronym: true },
      order: { name: 'ASC' },
      take: 1000,
    });
  }

  /** Adopting years, newest first, for the follow-up page's filter. */
  async years(): Promise<number[]> {
    const rows = await this.dataSource
      .getRepository(ActionPoint)
      .createQueryBuilder('p')
      .select('DISTINCT p.year', 'year')
      .orderBy('year', 'DESC')
      .getRawMany<{ year: number }>();
    return rows.map((r) => Number(r.year));
  }

  private async around(points: ActionPoint[]): Promise<FollowUpRecords> {
    const ids = points.map((p) => p.id);
    const updates = new Map<string, ActionPointUpdate[]>(ids.map((id) => [id, []]));
    if (ids.length) {
      const rows = await this.dataSource.getRepository(ActionPointUpdate).find({
        where: { actionPointId: In(ids) },
        order: { at: 'ASC' },
      });
      for (const row of rows) updates.get(row.actionPointId)!.push(row);
    }
    const orgIds = [
      ...new Set([
        ...points.flatMap((p) => p.responsibleOrganisationIds),
        ...[...updates.values()]
          .flat()
          .flatMap((u) => (u.organisationId ? [u.organisationId] : [])),
      ]),
    ];
    const organisations = new Map(
      (orgIds.length
        ? await this.dataSource.getRepository(Organisation).find({
            select: { id: true, name: true, acronym: true },
            where: { id: In(orgIds) },
          })
        : []
      ).map((o) => [o.id, o]),
    );
    const consultationIds = [...new Set(points.map((p) => p.consultationId))];
    const consultations = new Map(
      (consultationIds.length
        ? await this.dataSource.getRepository(Consultation).findBy({ id: In(consultationIds) })
        : []
      ).map((c) => [c.id, c]),
    );
    return { points, updates, organisations, consultations, now: this.clock.now() };
  }
}
