import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../common/access.decorators';
import { uuid, validateForm } from '../common/validation';
import { PageQueryDto } from '../common/page-query.dto';
import { redirect, renderPage } from '../common/pages';
import { flash, SignedInUser } from '../common/web';
import { UpdateUserDto } from './dto/accounts.dto';
import { UserRole } from './user.entity';
import { UsersService } from './users.service';
import { InvalidInputError } from '../common/domain-error';

@ApiExcludeController()
@Roles(UserRole.Admin)
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(
    @Query() query: PageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.users.list({ q: query.q, page: query.page ?? 1, pageSize: 50 });
    return renderPage(request, reply, 'admin/users', {
      title: 'admin.users.title',
      q: query.q ?? '',
      roles: Object.values(UserRole),
      page: page.page,
      total: page.total,
      previousPage: page.page > 1 ? page.page - 1 : null,
      nextPage: page.page * page.pageSize < page.total ? page.page + 1 : null,
      users: page.items.map((user) => ({
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        verified: Boolean(user.emailVerifiedAt),
        disabled: Boolean(user.disabledAt),
        isSelf: user.id === request.user?.id,
      })),
    });
  }

  @Post(':id')
  async update(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const body = { ...(request.body as Record<string, unknown>) };
    if (body.disabled !== undefined) body.disabled = body.disabled === 'true';
    const { value, errors } = await validateForm(UpdateUserDto, body);
    if (errors) throw new InvalidInputError(errors);
    await this.users.update(admin.id, id, value);
    flash(request, { kind: 'success', key: 'admin.users.saved' });
    return redirect(reply, '/admin/users');
  }
}
