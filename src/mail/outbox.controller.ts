import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { UserRole } from '../accounts/user.entity';
import { CurrentUser, Roles } from '../common/access.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { formatUtc } from '../common/dates';
import { redirect, renderPage } from '../common/pages';
import { flash, SignedInUser } from '../common/web';
import { MailTransport } from './mail.transport';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { Optional, uuid } from '../common/validation';
import { redactPayload, secretKeysOf } from './outbox-secrets';
import { OutboxService } from './outbox.service';
import { runAction } from '../common/forms';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { CountResponse, OutboxMessageResponse } from './outbox.responses';

export class OutboxQueryDto extends PageQueryDto {
  @Optional()
  @IsIn(Object.values(OutboxStatus), { message: 'errors.status_invalid' })
  status?: OutboxStatus;
}

/** What admins see of a message: one-time links never, before or after sending. */
function outboxView(m: OutboxMessage): OutboxMessageResponse {
  return {
    id: m.id,
    recipient: m.recipient,
    template: m.template,
    locale: m.locale,
    kind: m.kind,
    payload: redactPayload(m.payload, secretKeysOf(m.payload, m.secretKeys ?? [])),
    status: m.status,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    lastError: m.lastError,
    sentAt: m.sentAt?.toISOString() ?? null,
    prunedAt: m.prunedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

@Roles(UserRole.Admin)
@Controller()
export class OutboxController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    private readonly outbox: OutboxService,
  ) {}

  private async page(query: OutboxQueryDto): Promise<PageResponseOf<OutboxMessageResponse>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [items, total] = await this.dataSource.getRepository(OutboxMessage).findAndCount({
      where: query.status ? { status: query.status } : {},
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return {
      page,
      pageSize,
      total,
      items: items.map(outboxView),
    };
  }

  @ApiTags('admin')
  @ApiBearerAuth()
  @Get('api/v1/admin/outbox')
  @ApiOkResponse({ type: PageResponse(OutboxMessageResponse) })
  @ApiErrors(400, 401, 403)
  list(@Query() query: OutboxQueryDto): Promise<PageResponseOf<OutboxMessageResponse>> {
    return this.page(query);
  }

  @ApiExcludeEndpoint()
  @Get('admin/outbox')
  async view(
    @Query() query: OutboxQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.page(query);
    return renderPage(request, reply, 'admin/outbox', {
      title: 'admin.outbox.title',
      statuses: Object.values(OutboxStatus),
      status: query.status ?? '',
      smtp: this.transport.smtp,
      ...page,
      messages: page.items.map((m) => ({
        ...m,
        payloadText: JSON.stringify(m.payload, null, 2),
        createdAtText: formatUtc(new Date(m.createdAt), request.locale ?? 'en'),
        sentAtText: m.sentAt ? formatUtc(new Date(m.sentAt), request.locale ?? 'en') : null,
        nextAttemptAtText: formatUtc(new Date(m.nextAttemptAt), request.locale ?? 'en'),
        prunedAtText: m.prunedAt ? formatUtc(new Date(m.prunedAt), request.locale ?? 'en') : null,
        canRequeue: m.status === OutboxStatus.Failed && !m.prunedAt,
      })),
      anyFailed: page.items.some((m) => m.status === OutboxStatus.Failed),
    });
  }

  @ApiTags('admin')
  @ApiBearerAuth()
  @Post('api/v1/admin/outbox/requeue-failed')
  @HttpCode(200)
  @ApiOkResponse({ type: CountResponse, description: 'How many failed messages were requeued.' })
  @ApiErrors(401, 403)
  async requeueFailed(@CurrentUser() admin: SignedInUser): Promise<CountResponse> {
    return { count: await this.outbox.requeueFailed(admin.id) };
  }

  @ApiTags('admin')
  @ApiBearerAuth()
  @Post('api/v1/admin/outbox/:id/requeue')
  @HttpCode(200)
  @ApiOkResponse({ type: OutboxMessageResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async requeue(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<OutboxMessageResponse> {
    return outboxView(await this.outbox.requeue(admin.id, id));
  }

  @ApiExcludeEndpoint()
  @Post('admin/outbox/requeue-failed')
  async requeueFailedFromPage(
    @CurrentUser() admin: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const count = await this.outbox.requeueFailed(admin.id);
    flash(request, { kind: 'success', key: 'admin.outbox.requeued', params: { count } });
    return redirect(reply, '/admin/outbox');
  }

  @ApiExcludeEndpoint()
  @Post('admin/outbox/:id/requeue')
  async requeueFromPage(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return runAction(request, reply, '/admin/outbox', async () => {
      await this.outbox.requeue(admin.id, id);
      flash(request, { kind: 'success', key: 'admin.outbox.requeued', params: { count: 1 } });
      return redirect(reply, '/admin/outbox');
    });
  }
}
