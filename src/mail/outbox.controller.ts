import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { UserRole } from '../accounts/user.entity';
import { Roles } from '../common/access.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { formatUtc } from '../common/dates';
import { renderPage } from '../common/pages';
import { MailTransport } from './mail.transport';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { Optional } from '../common/validation';

export class OutboxQueryDto extends PageQueryDto {
  @Optional()
  @IsIn(Object.values(OutboxStatus), { message: 'errors.status_invalid' })
  status?: OutboxStatus;
}

/** With SMTP configured, links that carry a token are not shown to admins. */
function redact(payload: Record<string, unknown>, smtp: boolean): Record<string, unknown> {
  if (!smtp) return payload;
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/([?&]token=)[^&]+/, '$1…') : v]),
  );
}

@Roles(UserRole.Admin)
@Controller()
export class OutboxController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
  ) {}

  private async page(query: OutboxQueryDto) {
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
      items: items.map((m) => ({
        id: m.id,
        recipient: m.recipient,
        template: m.template,
        locale: m.locale,
        payload: redact(m.payload, this.transport.smtp),
        status: m.status,
        attempts: m.attempts,
        nextAttemptAt: m.nextAttemptAt.toISOString(),
        lastError: m.lastError,
        sentAt: m.sentAt?.toISOString() ?? null,
        createdAt: m.createdAt.toISOString(),
      })),
    };
  }

  @ApiTags('admin')
  @ApiBearerAuth()
  @Get('api/v1/admin/outbox')
  list(@Query() query: OutboxQueryDto) {
    return this.page(query);
  }

  @ApiExcludeEndpoint()
  @Get('admin/outbox')
  async view(@Query() query: OutboxQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
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
      })),
    });
  }
}
