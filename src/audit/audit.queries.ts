import { Injectable } from '@nestjs/common';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
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
}

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
    const [events, total] = await this.dataSource.getRepository(AuditEvent).findAndCount({
      where: {
        ...(query.entity ? { entity: query.entity } : {}),
        ...(query.entityId ? { entityId: query.entityId } : {}),
      },
      order: { at: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const actors = await this.actors(events);
    const items = events.map((event) => ({
      event,
      actor: (event.actorId && actors.get(event.actorId)) || null,
    }));
    return { items, total, page, pageSize };
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
