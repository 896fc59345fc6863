import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In } from 'typeorm';
import { Membership } from '../organisations/membership.entity';
import { notFound } from '../common/domain-error';
import { Page } from '../common/page';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { Consultation } from '../consultations/consultation.entity';
import { ConsultationsService } from '../consultations/consultations.service';
import { Organisation } from '../organisations/organisation.entity';
import { SubmissionQueryDto } from './dto/inputs.dto';
import { InputCall } from './input-call.entity';
import { SubmissionCosigner } from './submission-cosigner.entity';
import { Submission, SubmissionStatus } from './submission.entity';
import { searchWords } from './search-words';

export interface SubmissionRow {
  submission: Submission;
  organisation: Organisation;
}

export interface SubmissionDetail extends SubmissionRow {
  call: InputCall;
  consultation: Consultation;
  cosigners: { row: SubmissionCosigner; organisation: Organisation }[];
  /** The viewer belongs to the submitting organisation. */
  own: boolean;
  /** The organisations the viewer is a focal point of among the invited co-signers. */
  cosignable: string[];
}

/**
 * What pages and the API read about calls and submissions. The archive shows published
 * submissions to anyone; an organisation's members also see its own; staff see all but drafts.
 */
@Injectable()
export class InputsQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
  ) {}

  async callsOf(viewer: SignedInUser | undefined, consultationId: string) {
    const consultation = await this.consultations.get(viewer, consultationId);
    const calls = await this.dataSource
      .getRepository(InputCall)
      .find({ where: { consultationId }, order: { opensAt: 'ASC', id: 'ASC' } });
    return { consultation, calls };
  }

  /** The calls of a consultation the viewer may already see (its page has checked that). */
  callsFor(consultationId: string): Promise<InputCall[]> {
    return this.dataSource
      .getRepository(InputCall)
      .find({ where: { consultationId }, order: { opensAt: 'ASC', id: 'ASC' } });
  }

  async call(viewer: SignedInUser | undefined, id: string) {
    const call = await this.dataSource.getRepository(InputCall).findOneBy({ id });
    if (!call) throw notFound();
    const consultation = await this.consultations.get(viewer, call.consultationId);
    return { call, consultation };
  }

  async detail(viewer: SignedInUser | undefined, id: string): Promise<SubmissionDetail> {
    const manager = this.dataSource.manager;
    const submission = await manager.findOneBy(Submission, { id });
    if (!submission) throw notFound();
    const memberships = viewer ? await this.membershipsOf(viewer.id) : [];
    const mine = new Set(memberships.map((m) => m.organisationId));
    const rows = await manager.find(SubmissionCosigner, { where: { submissionId: id } });
    const own = mine.has(submission.organisationId);
    const cosigning = rows.some((r) => mine.has(r.organisationId));
    const visible =
      submission.status === SubmissionStatus.Published ||
      own ||
      (submission.status !== SubmissionStatus.Draft && (cosigning || isStaff(viewer)));
    if (!visible) throw notFound();
    const ids = [submission.organisationId, ...rows.map((r) => r.organisationId)];
    const organisations = new Map(
      (await manager.findBy(Organisation, { id: In(ids) })).map((o) => [o.id, o]),
    );
    const call = await manager.findOneByOrFail(InputCall, { id: submission.callId });
    const consultation = await manager.findOneOrFail(Consultation, {
      where: { id: submission.consultationId },
      relations: { sessions: true },
    });
    const focal = new Set(
      memberships.filter((m) => m.role === 'focal_point').map((m) => m.organisationId),
    );
    return {
      submission,
      organisation: organisations.get(submission.organisationId)!,
      call,
      consultation,
      own,
      cosigners: rows.map((row) => ({ row, organisation: organisations.get(row.organisationId)! })),
      cosignable: rows
        .filter((r) => r.status === 'invited' && focal.has(r.organisationId))
        .map((r) => r.organisationId),
    };
  }

  /** The archive: words of title and body (all of them, whole words), and the filters. */
  async search(
    viewer: SignedInUser | undefined,
    query: SubmissionQueryDto,
  ): Promise<Page<SubmissionRow>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const postgres = this.dataSource.options.type === 'postgres';
    const mine = viewer ? (await this.membershipsOf(viewer.id)).map((m) => m.organisationId) : [];
    const qb = this.dataSource
      .getRepository(Submission)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.organisation', Organisation, 'o', 'o.id = s.organisationId');
    if (query.mine && mine.length) qb.where('s.organisationId IN (:...mine)', { mine });
    else if (query.mine) qb.where('1 = 0');
    else
      qb.where(
        new Brackets((w) => {
          w.where('s.status = :published', { published: SubmissionStatus.Published });
          if (mine.length) w.orWhere('s.organisationId IN (:...mine)', { mine });
        }),
      );
    const words = searchWords(query.q ?? '');
    if (words.length && postgres) {
      qb.andWhere(`s."searchVector" @@ plainto_tsquery('simple', convene_unaccent(:words))`, {
        words: words.join(' '),
      });
    } else if (words.length) {
      qb.andWhere(
        `s.id IN (SELECT "submissionId" FROM "submissions_fts" WHERE "submissions_fts" MATCH :words)`,
        { words: words.map((w) => `"${w}"`).join(' ') },
      );
    }
    const exact = ['consultationId', 'callId', 'sessionId', 'organisationId', 'language'] as const;
    for (const field of exact) {
      if (query[field]) qb.andWhere(`s.${field} = :${field}`, { [field]: query[field] });
    }
    if (query.theme) qb.andWhere('s.themes LIKE :theme', { theme: `%"${query.theme}"%` });
    if (query.region) qb.andWhere('o.region = :region', { region: query.region });
    if (query.type) qb.andWhere('o.type = :type', { type: query.type });
    const [found, total] = await qb
      .orderBy('s.publishedAt', 'DESC', 'NULLS LAST')
      .addOrderBy('s.createdAt', 'DESC')
      .addOrderBy('s.id', 'ASC')
      // A one-to-one join: plain OFFSET/LIMIT, not TypeORM's two-query skip/take.
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
    return {
      items: found.map((submission) => ({
        submission,
        organisation: (submission as Submission & { organisation: Organisation }).organisation,
      })),
      total,
      page,
      pageSize,
    };
  }

  /** Staff's queue of one consultation: every submission but drafts, waiting ones first. */
  async queue(consultationId: string): Promise<SubmissionRow[]> {
    const found = await this.dataSource
      .getRepository(Submission)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.organisation', Organisation, 'o', 'o.id = s.organisationId')
      .where('s.consultationId = :consultationId', { consultationId })
      .andWhere('s.status != :draft', { draft: SubmissionStatus.Draft })
      .orderBy(`CASE WHEN s.status = 'submitted' THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('s.submittedAt', 'ASC')
      .getMany();
    return found.map((submission) => ({
      submission,
      organisation: (submission as Submission & { organisation: Organisation }).organisation,
    }));
  }

  /**
   * What the submission form offers: the viewer's organisations to submit for, and the others to
   * name as co-signers (observers first, then by name).
   */
  async formChoices(viewer: SignedInUser) {
    const organisations = (await this.membershipsOf(viewer.id)).map((m) => m.organisation!);
    const own = organisations.map((o) => o.id);
    const qb = this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .orderBy(`CASE WHEN o.observerStatus = 'observer' THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('o.name', 'ASC')
      .limit(1000);
    if (own.length) qb.where('o.id NOT IN (:...own)', { own });
    return { organisations, cosigners: await qb.getMany() };
  }

  /** Organisations the viewer's submission form offers, with their role. */
  membershipsOf(userId: string): Promise<Membership[]> {
    return this.dataSource
      .getRepository(Membership)
      .find({ where: { userId }, relations: { organisation: true } });
  }
}
