import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../common/access.decorators';
import { runAction, submitForm } from '../common/forms';
import { PageQueryDto } from '../common/page-query.dto';
import { redirect, renderPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { uuid } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { CreateWebhookDto } from './dto/webhooks.dto';
import { webhookFromForm } from './webhooks.form';
import { WebhooksService } from './webhooks.service';
import { deliveriesPageModel, webhooksPageModel } from './webhooks.views';

const BACK = '/admin/webhooks';

/** `/admin/webhooks`: the endpoints, a form to add one, and each one's delivery log. */
@ApiExcludeController()
@Roles(UserRole.Admin)
@Controller('admin/webhooks')
export class WebhooksPagesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  async view(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { view, data } = await this.page(request);
    return renderPage(request, reply, view, data);
  }

  @Post()
  async create(
    @CurrentUser() admin: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = webhookFromForm(request.body);
    return submitForm(
      request,
      reply,
      CreateWebhookDto,
      await this.page(request, input.events, input),
      async (value) => {
        const { endpoint, secret } = await this.webhooks.create(admin, value);
        request.session.newWebhookSecret = { id: endpoint.id, secret };
        return redirect(reply, BACK);
      },
    );
  }

  @Get(':id')
  async deliveries(
    @Param('id', uuid) id: string,
    @Query() query: PageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const endpoint = await this.webhooks.find(id);
    const page = await this.webhooks.deliveries(id, query.page, query.pageSize);
    const model = deliveriesPageModel(endpoint, page, request.locale ?? 'en');
    return renderPage(request, reply, 'admin/webhook-deliveries', model);
  }

  @Post(':id/enabled')
  async setEnabled(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const enabled = (request.body as Record<string, unknown> | undefined)?.enabled === 'true';
    return runAction(request, reply, BACK, async () => {
      await this.webhooks.setEnabled(admin, id, enabled);
      const key = enabled ? 'admin.webhooks.enabled_done' : 'admin.webhooks.disabled_done';
      flash(request, { kind: 'success', key });
      return redirect(reply, BACK);
    });
  }

  @Post(':id/rotate-secret')
  async rotate(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return runAction(request, reply, BACK, async () => {
      const { secret } = await this.webhooks.rotateSecret(admin, id);
      request.session.newWebhookSecret = { id, secret };
      return redirect(reply, BACK);
    });
  }

  @Post(':id/delete')
  async remove(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return runAction(request, reply, BACK, async () => {
      await this.webhooks.remove(admin, id);
      flash(request, { kind: 'success', key: 'admin.webhooks.deleted' });
      return redirect(reply, BACK);
    });
  }

  /** The list page, as its form re-shows it; a secret just created or rotated is shown this once. */
  private async page(request: FastifyRequest, chosen: string[] = [], input?: object) {
    const { items: endpoints } = await this.webhooks.list();
    const newSecret = request.session.newWebhookSecret;
    if (newSecret) request.session.newWebhookSecret = undefined;
    const data = webhooksPageModel(endpoints, newSecret, request.locale ?? 'en', chosen);
    return {
      view: 'admin/webhooks',
      title: data.title,
      data,
      input: input as Record<string, unknown>,
    };
  }
}
