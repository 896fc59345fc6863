import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../common/access.decorators';
import { uuid, validateForm } from '../common/validation';
import { PageQueryDto } from '../common/page-query.dto';
import { redirect, renderPage } from '../common/pages';
import { flash, SignedInUser } from '../common/web';
import { UpdateUserDto } from './dto/accounts.dto';
import { UserRole } from '../common/roles';
import { userChangeFromForm } from './accounts.form';
import { adminUsersPageView } from './accounts.views';
import { UsersService } from './users.service';
import { InvalidInputError } from '../common/domain-error';

@ApiExcludeController()
@Roles(UserRole.Admin)
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(
    @CurrentUser() admin: SignedInUser,
    @Query() query: PageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.users.list({ q: query.q, page: query.page ?? 1, pageSize: 50 });
    return renderPage(request, reply, 'admin/users', adminUsersPageView(page, query.q, admin.id));
  }

  @Post(':id')
  async update(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { value, errors } = await validateForm(UpdateUserDto, userChangeFromForm(request.body));
    if (errors) throw new InvalidInputError(errors);
    await this.users.update(admin.id, id, value);
    flash(request, { kind: 'success', key: 'admin.users.saved' });
    return redirect(reply, '/admin/users');
  }
}
