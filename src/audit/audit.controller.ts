import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { User, UserRole } from '../accounts/user.entity';
import { Roles } from '../common/access.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { formatUtc } from '../common/dates';
import { renderPage } from '../common/pages';
import { AuditEvent } from './audit-event.entity';
import { Optional } from '../common/validation';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { AuditEventResponse } from './audit.responses';

export class AuditQueryDto extends PageQueryDto {
  @Optional()
  @IsString({ message: 'errors.search_invalid' })
  @MaxLength(50, { message: 'errors.search_invalid' })
  entity?: string;

  @Optional()
  @IsUUID('all', { message: 'errors.search_invalid' })
  entityId?: string;
}

/** Who did what, newest first, for admins. */
@Roles(UserRole.Admin)
@Controller()
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  private async page(query: AuditQueryDto): Promise<PageResponseOf<AuditEventResponse>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const builder = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('a')
      .leftJoinAndMapOne('a.actor', User, 'u', 'u.id = a.actorId')
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC');
    if (query.entity) builder.andWhere('a.entity = :entity', { entity: query.entity });
    if (query.entityId) builder.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    const [items, total] = await builder
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return {
      page,
      pageSize,
      total,
      items: items.map((event) => {
        const actor = (event as AuditEvent & { actor?: User }).actor;
        return {
          id: event.id,
          at: event.at.toISOString(),
          actor: actor ? { id: actor.id, name: actor.name, email: actor.email } : null,
          action: event.action,
          entity: event.entity,
          entityId: event.entityId,
          details: event.details,
        };
      }),
    };
  }

  @ApiTags('admin')
  @ApiBearerAuth()
  @Get('api/v1/admin/audit')
  @ApiOkResponse({ type: PageResponse(AuditEventResponse) })
  @ApiErrors(400, 401, 403)
  list(@Query() query: AuditQueryDto): Promise<PageResponseOf<AuditEventResponse>> {
    return this.page(query);
  }

  @ApiExcludeEndpoint()
  @Get('admin/audit')
  async view(
    @Query() query: AuditQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.page(query);
    return renderPage(request, reply, 'admin/audit', {
      title: 'admin.audit.title',
      entity: query.entity ?? '',
      entityId: query.entityId ?? '',
      ...page,
      events: page.items.map((e) => ({
        ...e,
        atText: formatUtc(new Date(e.at), request.locale ?? 'en'),
        detailsText: JSON.stringify(e.details),
      })),
    });
  }
}
