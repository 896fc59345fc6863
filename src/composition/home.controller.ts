import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/access.decorators';
import { renderPublicPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { ConsultationsService } from '../consultations/consultations.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { homeConsultation, homeMembership } from './home.views';

/** The home page: upcoming consultations, and the signed-in user's organisations. */
@ApiExcludeController()
@Controller()
export class HomeController {
  constructor(
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
  ) {}

  @Public()
  @Get()
  async home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = request.locale ?? 'en';
    return renderPublicPage(request, reply, 'home', async () => {
      const upcoming = await this.consultations.upcoming();
      const memberships = request.user
        ? await this.organisations.myOrganisations(request.user.id)
        : [];
      return {
        title: 'home.title',
        consultations: upcoming.map((c) =>
          homeConsultation(c, locale, this.consultations.isRegistrationOpen(c)),
        ),
        memberships: memberships.map(homeMembership),
        // Staff see their workspace instead; their organisations only if they belong to one.
        showOrganisations: Boolean(request.user) && (memberships.length > 0 || !isStaff(request)),
      };
    });
  }
}

function isStaff(request: FastifyRequest): boolean {
  return request.user?.role === UserRole.Reviewer || request.user?.role === UserRole.Admin;
}
