import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { UserRole } from '../common/roles';
import { CurrentUser, Roles } from '../common/access.decorators';
import { redirect, renderPage } from '../common/pages';
import { flash, SignedInUser } from '../common/web';
import { MailRenderer } from './mail.renderer';
import { MailTransport } from './mail.transport';
import { uuid } from '../common/validation';
import { OutboxService } from './outbox.service';
import { OutboxQueries, OutboxQueryDto } from './outbox.queries';
import { outboxPageModel, outboxPageView, outboxView } from './outbox.views';
import { runAction } from '../common/forms';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { CountResponse, OutboxMessageResponse } from './outbox.responses';

@Roles(UserRole.Admin)
@Controller()
export class OutboxController {
  constructor(
    private readonly queries: OutboxQueries,
    private readonly transport: MailTransport,
    private readonly outbox: OutboxService,
    private readonly renderer: MailRenderer,
  ) {}

  /**
   * The message as its recipient reads it, rendered now from its template and its redacted
   * payload (one-time links show as redacted); null when that cannot be rendered any more (a
   * pruned payload).
   */
  private asSent(template: string, locale: string, payload: Record<string, unknown>) {
    try {
      const { subject, text } = this.renderer.render(template, locale, payload);
      return { subject, text };
    } catch {
      return null;
    }
  }

  @ApiTags('admin')
  @ApiBearerAuth()
  @Get('api/v1/admin/outbox')
  @ApiOkResponse({ type: PageResponse(OutboxMessageResponse) })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: OutboxQueryDto): Promise<PageResponseOf<OutboxMessageResponse>> {
    return outboxPageView(await this.queries.page(query));
  }

  @ApiExcludeEndpoint()
  @Get('admin/outbox')
  async view(
    @Query() query: OutboxQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.queries.page(query);
    const locale = request.locale ?? 'en';
    const model = outboxPageModel(page, query.status, this.transport.smtp, locale, (m) =>
      this.asSent(m.template, m.locale, m.payload),
    );
    return renderPage(request, reply, 'admin/outbox', model);
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
