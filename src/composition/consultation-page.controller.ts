import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/access.decorators';
import { renderPublicPage } from '../common/pages';
import { uuid } from '../common/validation';
import { consultationSummary } from '../consultations/consultation.views';
import { ConsultationsService } from '../consultations/consultations.service';
import { FollowUpQueries } from '../follow-up/follow-up.queries';
import { InputsQueries } from '../inputs/inputs.queries';
import { callPageView } from '../inputs/inputs.views';
import { Clock } from '../common/clock';
import { consultationFollowUp } from './consultation-page.views';

/**
 * A consultation's public page: its facts and agenda (consultations), its calls for written input
 * (inputs), and the action points of earlier years still being followed up, then its own
 * (follow-up).
 */
@ApiExcludeController()
@Controller()
export class ConsultationPageController {
  constructor(
    private readonly consultations: ConsultationsService,
    private readonly followUp: FollowUpQueries,
    private readonly inputs: InputsQueries,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Get('consultations/:id')
  async page(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = request.locale ?? 'en';
    return renderPublicPage(request, reply, 'consultations/page', async () => {
      const consultation = await this.consultations.get(request.user, id);
      const seats = await this.consultations.seats(consultation);
      const followUp = await this.followUp.followUpOf(request.user, id);
      const calls = await this.inputs.callsFor(id);
      const summary = consultationSummary(
        consultation,
        locale,
        this.consultations.isRegistrationOpen(consultation),
      );
      return {
        title: 'consultations.page_title',
        // The window title names the consultation: "Consultation · Migrants and Development".
        subject: summary.title,
        consultation: summary,
        seats,
        participantsPublished: consultation.participantsPublished,
        ...consultationFollowUp(followUp, locale),
        inputCalls: calls.map((call) => callPageView(call, consultation, locale, this.clock.now())),
      };
    });
  }
}
