import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/access.decorators';
import { formatDate, formatDateTime } from '../common/dates';
import { renderPublicPage } from '../common/pages';
import { OrganisationsService } from '../organisations/organisations.service';
import { ConsultationsService } from './consultations.service';

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
        consultations: upcoming.map((c) => ({
          id: c.id,
          title: c.title,
          theme: c.theme,
          venue: c.venue,
          city: c.city,
          date: formatDate(c.startsAt, locale, c.timezone),
          registrationOpen: this.consultations.isRegistrationOpen(c),
          registrationClosesAt: formatDateTime(c.registrationClosesAt, locale, c.timezone),
          seatsLeft: Math.max(0, c.capacity - c.seatsConfirmed - c.seatsOffered),
        })),
        memberships: memberships.map((m) => ({
          id: m.organisationId,
          name: m.organisation!.name,
          role: m.role,
          observerStatus: m.organisation!.observerStatus,
        })),
      };
    });
  }
}
