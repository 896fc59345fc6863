import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Staff } from '../common/access.decorators';
import { SignedInUser } from '../common/web';
import { ConsultationsService } from '../consultations/consultations.service';
import {
  CancelDto,
  EditRegistrationDto,
  ReasonDto,
  RegisterDto,
  RegistrationDecisionDto,
  SubstituteDto,
  SubstitutionDecisionDto,
  RegistrationQueryDto,
  WaitlistMoveDto,
} from './dto/registration.dto';
import { CheckInCodes } from './check-in-code';
import { Registration } from './registration.entity';
import { RegistrationQueries } from './registration.queries';
import { registrationView } from './registration.views';
import { RegistrationChanges } from './registration.changes';
import { RegistrationsService } from './registrations.service';
import { uuid } from '../common/validation';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { RegistrationResponse } from './registrations.responses';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('api/v1')
export class RegistrationsApiController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly changes: RegistrationChanges,
    private readonly queries: RegistrationQueries,
    private readonly consultations: ConsultationsService,
    private readonly codes: CheckInCodes,
  ) {}

  private async view(registration: Registration): Promise<RegistrationResponse> {
    const position = await this.queries.waitlistPosition(registration);
    return registrationView(registration, position, this.codes.codeFor(registration));
  }

  @Post('consultations/:id/registrations')
  @ApiCreatedResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async register(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: RegisterDto,
  ): Promise<RegistrationResponse> {
    const { registration, waitlistPosition } = await this.registrations.register(user, id, body);
    return registrationView(registration, waitlistPosition, this.codes.codeFor(registration));
  }

  @Get('consultations/:id/registrations')
  @ApiOkResponse({ type: PageResponse(RegistrationResponse) })
  @ApiErrors(400, 401, 403, 404)
  async list(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Query() query: RegistrationQueryDto,
  ): Promise<PageResponseOf<RegistrationResponse>> {
    const page = await this.queries.list(user, id, query);
    const positions = await this.queries.positionsOf(page.items);
    return {
      ...page,
      items: page.items.map((r) =>
        registrationView(r, positions.get(r.id) ?? null, this.codes.codeFor(r)),
      ),
    };
  }

  @Staff()
  @Get('consultations/:id/registrations.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'UTF-8 with BOM, formula-safe.', schema: { type: 'string' } })
  @ApiErrors(400, 401, 403, 404)
  async csv(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Query() query: RegistrationQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const consultation = await this.consultations.get(user, id);
    const name = consultation.title.replace(/[^\w-]+/g, '-').slice(0, 60) || 'participants';
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}-participants.csv"`)
      .header('Cache-Control', 'private, no-store')
      .send(this.queries.csv(user, id, query, request.locale ?? 'en'));
  }

  @Get('registrations/:id')
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 404)
  async read(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<RegistrationResponse> {
    return this.view(await this.queries.get(user, id));
  }

  @Post('registrations/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async cancel(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: CancelDto,
  ): Promise<RegistrationResponse> {
    return this.view(await this.registrations.cancel(user, id, body.reason));
  }

  @Post('registrations/:id/decline-offer')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async declineOffer(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<RegistrationResponse> {
    return this.view(await this.registrations.declineOffer(user, id));
  }

  @Patch('registrations/:id')
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async edit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: EditRegistrationDto,
  ): Promise<RegistrationResponse> {
    return this.view(await this.changes.edit(user, id, body.participant));
  }

  /** 200 with the new participant; 202 with `pendingSubstitute` when it waits for a reviewer. */
  @Post('registrations/:id/substitute')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse, description: 'The participant was replaced.' })
  @ApiAcceptedResponse({
    type: RegistrationResponse,
    description: 'A request: `pendingSubstitute` waits for a reviewer.',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  async substitute(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: SubstituteDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationResponse> {
    const { registration, requested } = await this.changes.substitute(user, id, body.participant);
    if (requested) reply.status(202);
    return this.view(registration);
  }

  @Staff()
  @Post('registrations/:id/substitution-decisions')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async decideSubstitution(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: SubstitutionDecisionDto,
  ): Promise<RegistrationResponse> {
    return this.view(await this.changes.decideSubstitution(user, id, body.decision, body.reason));
  }

  @Staff()
  @Post('registrations/:id/no-show')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async noShow(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ReasonDto,
  ): Promise<RegistrationResponse> {
    return this.view(await this.changes.noShow(user, id, body.reason));
  }

  @Staff()
  @Post('registrations/:id/undo-check-in')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async undoCheckIn(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ReasonDto,
  ): Promise<RegistrationResponse> {
    return this.view(await this.changes.undoCheckIn(user, id, body.reason));
  }

  @Post('registrations/:id/accept-offer')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async acceptOffer(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<RegistrationResponse> {
    return this.view(await this.registrations.acceptOffer(user, id));
  }

  @Staff()
  @Post('registrations/:id/decisions')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: RegistrationDecisionDto,
  ): Promise<RegistrationResponse> {
    return this.view(await this.registrations.decide(user, id, body.decision, body.reason));
  }

  @Staff()
  @Post('registrations/:id/check-in')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async checkIn(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<RegistrationResponse> {
    return this.view(await this.registrations.checkIn(user, id));
  }

  @Staff()
  @Post('registrations/:id/waitlist-position')
  @HttpCode(200)
  @ApiOkResponse({ type: RegistrationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async move(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: WaitlistMoveDto,
  ): Promise<RegistrationResponse> {
    return this.view(await this.registrations.moveOnWaitlist(user, id, body.position, body.reason));
  }
}
