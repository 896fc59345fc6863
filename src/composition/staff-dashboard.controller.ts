import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Staff } from '../common/access.decorators';
import { renderPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { SignedInUser } from '../common/web';
import { StaffDashboardQueries } from './staff-dashboard.queries';
import { staffDashboardView } from './staff-dashboard.views';

/** `/staff`: what needs action now, for reviewers and admins, with a link to each place to act. */
@ApiExcludeController()
@Controller()
export class StaffDashboardController {
  constructor(private readonly queries: StaffDashboardQueries) {}

  @Staff()
  @Get('staff')
  async dashboard(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const data = await this.queries.read();
    const view = staffDashboardView(data, request.locale ?? 'en', user.role === UserRole.Admin);
    return renderPage(request, reply, 'staff/dashboard', view);
  }
}
