import { Body, Controller, Get, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles, Staff } from '../common/access.decorators';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { UserRole } from '../common/roles';
import { uuid } from '../common/validation';
import { SignedInUser } from '../common/web';
import { actionPointsCsv } from './action-points-csv';
import {
  ActionPointQueryDto,
  ActionPointUpdateDto,
  CreateActionPointDto,
  OutcomeDto,
  UpdateActionPointDto,
} from './dto/follow-up.dto';
import { FollowUpQueries } from './follow-up.queries';
import { ActionPointResponse, FollowUpResponse, OutcomeResponse } from './follow-up.responses';
import { FollowUpService } from './follow-up.service';
import { actionPointView, actionPointViews, outcomeView } from './follow-up.views';

@ApiTags('follow-up')
@ApiBearerAuth()
@Controller('api/v1')
export class FollowUpApiController {
  constructor(
    private readonly followUp: FollowUpService,
    private readonly queries: FollowUpQueries,
  ) {}

  private async one(viewer: SignedInUser | undefined, id: string): Promise<ActionPointResponse> {
    return actionPointViews(await this.queries.get(viewer, id))[0];
  }

  @Roles(UserRole.Admin)
  @Put('consultations/:id/outcome')
  @ApiOkResponse({ type: OutcomeResponse })
  @ApiErrors(400, 401, 403, 404)
  async saveOutcome(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: OutcomeDto,
  ): Promise<OutcomeResponse> {
    return outcomeView(id, await this.followUp.saveOutcome(admin, id, body));
  }

  @Public()
  @Get('consultations/:id/outcome')
  @ApiOkResponse({ type: OutcomeResponse })
  @ApiErrors(400, 404)
  async outcome(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<OutcomeResponse> {
    const { outcome } = await this.queries.outcome(request.user, id);
    return outcomeView(id, outcome);
  }

  @Roles(UserRole.Admin)
  @Post('consultations/:id/action-points')
  @ApiCreatedResponse({ type: ActionPointResponse })
  @ApiErrors(400, 401, 403, 404)
  async adopt(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: CreateActionPointDto,
  ): Promise<ActionPointResponse> {
    const point = await this.followUp.adopt(admin, id, body);
    return actionPointView(point, [], new Date(point.createdAt));
  }

  @Staff()
  @Get('consultations/:id/action-points.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One row per action point; UTF-8 with BOM, formula-safe.',
    schema: { type: 'string' },
  })
  @ApiErrors(400, 401, 403, 404)
  async csv(
    @CurrentUser() staff: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { consultation, records } = await this.queries.adoptedBy(staff, id);
    const name = consultation.title.replace(/[^\w-]+/g, '-').slice(0, 60) || 'consultation';
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}-action-points.csv"`)
      .header('Cache-Control', 'private, no-store')
      .send(actionPointsCsv(records, request.locale ?? 'en'));
  }

  @Public()
  @Get('consultations/:id/follow-up')
  @ApiOkResponse({ type: FollowUpResponse })
  @ApiErrors(400, 404)
  async followUpOf(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<FollowUpResponse> {
    const { earlier, own, records } = await this.queries.followUpOf(request.user, id);
    return {
      earlier: actionPointViews(records, earlier),
      own: actionPointViews(records, own),
    };
  }

  @Public()
  @Get('action-points')
  @ApiOkResponse({ type: PageResponse(ActionPointResponse) })
  @ApiErrors(400)
  async list(
    @Query() query: ActionPointQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<PageResponseOf<ActionPointResponse>> {
    const { records, total, page, pageSize } = await this.queries.list(request.user, query);
    return { items: actionPointViews(records), total, page, pageSize };
  }

  @Public()
  @Get('action-points/:id')
  @ApiOkResponse({ type: ActionPointResponse })
  @ApiErrors(400, 404)
  async read(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ActionPointResponse> {
    return this.one(request.user, id);
  }

  @Roles(UserRole.Admin)
  @Patch('action-points/:id')
  @ApiOkResponse({ type: ActionPointResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async edit(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateActionPointDto,
  ): Promise<ActionPointResponse> {
    await this.followUp.edit(admin, id, body);
    return this.one(admin, id);
  }

  @Post('action-points/:id/updates')
  @ApiCreatedResponse({ type: ActionPointResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async postUpdate(
    @CurrentUser() author: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ActionPointUpdateDto,
  ): Promise<ActionPointResponse> {
    await this.followUp.postUpdate(author, id, body);
    return this.one(author, id);
  }
}
