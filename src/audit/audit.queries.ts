import { Injectable } from '@nestjs/common';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { Page } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { Optional } from '../common/validation';
import { AuditEvent } from './audit-event.entity';

export class AuditQueryDto extends PageQueryDto {
  @Optional()
  @IsString({ message: 'errors.search_invalid' })
  @MaxLength(50, { message: 'errors.search_invalid' })
  entity?: string;

  @Optional()
  @IsUUID('all', { message: 'errors.search_invalid' })
  entityId?: string;

  @Optional()
  @IsUUID('all', { message: 'errors.search_invalid' })
  organisationId?: string;

  @Optional()
  @IsUUID('all', { message: 'errors.search_invalid' })
  consultationId?: string;

  @Optional()
  @IsUUID('all', { message: 'errors.search_invalid' })
  actorId?: string;

  @Optional()
  @IsString({ message: 'errors.search_invalid' })
  @Matches(/^[a-z_]+(\.[a-z_]+)*$/, { message: 'errors.search_invalid' })
  @MaxLength(100, { message: 'errors.search_invalid' })
  action?: string;

  /** The first day (UTC) shown, `YYYY-MM-DD`. */
  @Optional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'errors.date_invalid' })
  from?: string;

  /** The last day (UTC) shown, `YYYY-MM-DD`. */
  @Optional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'errors.date_invalid' })
  to?: string;
}

/** The records of an organisation (or a consultation) that audit rows name, by table. */
const OWNED_BY = {
  organisation: {
    registration: 'registrations',
    accreditation_request: 'accreditation_requests',
    funding_application: 'funding_applications',
    submission: 'submissions',
  },
  consultation: {
    registration: 'registrations',
    funding_application: 'funding_applications',
    submission: 'submissions',
    input_call: 'input_calls',
    action_point: 'action_points',
  },
} as const;

const DAY_MS = 86_400_000;

export interface AuditActor {
  id: string;
  name: string;
  email: string;
}

export interface AuditLine {
  event: AuditEvent;
  actor: AuditActor | null;
}

/**
 * Who did what, newest first. The actor's name is read from the users table by name, not through
 * the accounts module's entity: audit is a leaf that every module may call.
 */
@Injectable()
export class AuditQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: AuditQueryDto): Promise<Page<AuditLine>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [events, total] = await this.filtered(query)
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const actors = await this.actors(events);
    const items = events.map((event) => ({
      event,
      actor: (event.actorId && actors.get(event.actorId)) || null,
    }));
    return { items, total, page, pageSize };
  }

  /**
   * By organisation or consultation: the rows about it and about the records it owns (its
   * registrations, requests, applications…), found through those tables by name: audit is a
   * leaf and imports no domain entity.
   */
  private filtered(query: AuditQueryDto): SelectQueryBuilder<AuditEvent> {
    const builder = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('1 = 1');
    if (query.entity) builder.andWhere('e.entity = :entity', { entity: query.entity });
    if (query.entityId) builder.andWhere('e.entityId = :entityId', { entityId: query.entityId });
    if (query.actorId) builder.andWhere('e.actorId = :actorId', { actorId: query.actorId });
    if (query.action) builder.andWhere('e.action = :action', { action: query.action });
    if (query.from)
      builder.andWhere('e.at >= :from', { from: new Date(`${query.from}T00:00:00Z`) });
    if (query.to)
      builder.andWhere('e.at < :to', {
        to: new Date(new Date(`${query.to}T00:00:00Z`).getTime() + DAY_MS),
      });
    const owner = (kind: 'organisation' | 'consultation', id: string) =>
      new Brackets((w) => {
        w.where(`(e.entity = '${kind}' AND e.entityId = :${kind})`, { [kind]: id });
        const column = kind === 'organisation' ? '"organisationId"' : '"consultationId"';
        for (const [entity, table] of Object.entries(OWNED_BY[kind]))
          w.orWhere(
            // A parameter of its own: PostgreSQL types it from the uuid column it meets.
            `(e.entity = '${entity}' AND e.entityId IN (SELECT CAST(x.id AS varchar(36)) FROM ${table} x WHERE x.${column} = :${kind}Ref))`,
            { [`${kind}Ref`]: id },
          );
      });
    if (query.organisationId) builder.andWhere(owner('organisation', query.organisationId));
    if (query.consultationId) builder.andWhere(owner('consultation', query.consultationId));
    return builder;
  }

  private async actors(events: AuditEvent[]): Promise<Map<string, AuditActor>> {
    const ids = [...new Set(events.map((e) => e.actorId).filter((id): id is string => !!id))];
    if (!ids.length) return new Map();
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(['u.id AS id', 'u.name AS name', 'u.email AS email'])
      .from('users', 'u')
      .where('u.id IN (:...ids)', { ids })
      .getRawMany<AuditActor>();
    return new Map(rows.map((row) => [row.id, row]));
  }
}
