import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../common/access.decorators';
import { renderPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { AuditQueries, AuditQueryDto } from './audit.queries';
import { auditPageModel, auditPageView } from './audit.views';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { AuditEventResponse } from './audit.responses';

/** Who did what, newest first, for admins. */
@Roles(UserRole.Admin)
@Controller()
export class AuditController {
  constructor(private readonly queries: AuditQueries) {}

  @ApiTags('admin')
  @ApiBearerAuth()
  @Get('api/v1/admin/audit')
  @ApiOkResponse({ type: PageResponse(AuditEventResponse) })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: AuditQueryDto): Promise<PageResponseOf<AuditEventResponse>> {
    return auditPageView(await this.queries.page(query));
  }

  @ApiExcludeEndpoint()
  @Get('admin/audit')
  async view(
    @Query() query: AuditQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.queries.page(query);
    return renderPage(
      request,
      reply,
      'admin/audit',
      auditPageModel(page, query, request.locale ?? 'en'),
    );
  }
}
