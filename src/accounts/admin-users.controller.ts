import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles } from '../common/access.decorators';
import { uuid, validateForm } from '../common/validation';
import { redirect, renderPage } from '../common/pages';
import { flash, SignedInUser } from '../common/web';
import { UpdateUserFormDto, UsersQueryDto } from './dto/accounts.dto';
import { UserRole } from '../common/roles';
import { userChangeFromForm } from './accounts.form';
import { adminUsersPageView } from './accounts.views';
import { UsersService } from './users.service';
import { InvalidInputError } from '../common/domain-error';
import { runAction } from '../common/forms';
import { confirmationErrors } from '../common/irreversible';

@ApiExcludeController()
@Roles(UserRole.Admin)
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(
    @CurrentUser() admin: SignedInUser,
    @Query() query: UsersQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.users.list({
      q: query.q,
      role: query.role,
      page: query.page ?? 1,
      pageSize: 50,
    });
    return renderPage(request, reply, 'admin/users', adminUsersPageView(page, query, admin.id));
  }

  @Post(':id')
  async update(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const form = await validateForm(UpdateUserFormDto, userChangeFromForm(request.body));
    return runAction(request, reply, '/admin/users', async () => {
      if (form.errors) throw new InvalidInputError(form.errors);
      const { reason, understood, ...changes } = form.value;
      const unconfirmed = changes.disabled === true && confirmationErrors({ reason, understood });
      if (unconfirmed) throw new InvalidInputError(unconfirmed);
      await this.users.update(admin.id, id, changes, reason);
      flash(request, { kind: 'success', key: 'admin.users.saved' });
      return redirect(reply, '/admin/users');
    });
  }
}
