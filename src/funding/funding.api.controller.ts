import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { UserRole } from '../common/roles';
import { CurrentUser, Roles, Staff } from '../common/access.decorators';
import { SignedInUser } from '../common/web';
import { ApplyDto, FundingDecisionDto, FundingSettingsDto } from './dto/funding.dto';
import { applicationsCsv } from './funding-csv';
import { FundingReports } from './funding.reports';
import { FundingService } from './funding.service';
import { applicationView, budgetView, participationView, rankedView } from './funding.views';
import { uuid } from '../common/validation';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import {
  BudgetResponse,
  FundingApplicationResponse,
  ParticipationCountResponse,
  ParticipationResponse,
  RankedApplicationResponse,
} from './funding.responses';

@ApiTags('funding')
@ApiBearerAuth()
@ApiExtraModels(ParticipationCountResponse)
@Controller('api/v1')
export class FundingApiController {
  constructor(
    private readonly funding: FundingService,
    private readonly reports: FundingReports,
  ) {}

  @Post('registrations/:id/funding-applications')
  @ApiCreatedResponse({ type: FundingApplicationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async apply(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ApplyDto,
  ): Promise<FundingApplicationResponse> {
    return applicationView(await this.funding.apply(user, id, body));
  }

  @Get('funding-applications/:id')
  @ApiOkResponse({ type: FundingApplicationResponse })
  @ApiErrors(400, 401, 404)
  async read(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<FundingApplicationResponse> {
    return applicationView(await this.reports.get(user, id));
  }

  @Post('funding-applications/:id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: FundingApplicationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async withdraw(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<FundingApplicationResponse> {
    return applicationView(await this.funding.withdraw(user, id));
  }

  /** Ranked by priority score, awaiting a decision first, each with its reasons in words. */
  @Staff()
  @Get('consultations/:id/funding-applications')
  @ApiOkResponse({ type: PageResponse(RankedApplicationResponse) })
  @ApiErrors(400, 401, 403, 404)
  async ranked(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<PageResponseOf<RankedApplicationResponse>> {
    const items = (await this.reports.ranked(user, id)).map(rankedView);
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  @Staff()
  @Get('consultations/:id/funding-applications.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The ranked list as CSV.', schema: { type: 'string' } })
  @ApiErrors(400, 401, 403, 404)
  async csv(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const applications = await this.reports.ranked(user, id);
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="funding-applications.csv"')
      .header('Cache-Control', 'private, no-store')
      .send(applicationsCsv(applications, request.locale ?? 'en'));
  }

  @Staff()
  @Post('funding-applications/:id/decisions')
  @HttpCode(200)
  @ApiOkResponse({ type: FundingApplicationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: FundingDecisionDto,
  ): Promise<FundingApplicationResponse> {
    const application = await this.funding.decide(
      user,
      id,
      body.decision,
      body.amount,
      body.reason,
    );
    return applicationView(application, {
      priority: application.priorityAtDecision ?? undefined,
      priorityAtSubmission: application.priorityAtSubmission,
    });
  }

  @Staff()
  @Get('consultations/:id/funding')
  @ApiOkResponse({ type: BudgetResponse })
  @ApiErrors(400, 401, 403, 404)
  async budget(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<BudgetResponse> {
    return budgetView(await this.reports.summary(user, id));
  }

  @Roles(UserRole.Admin)
  @Patch('consultations/:id/funding')
  @ApiOkResponse({ type: BudgetResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async settings(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: FundingSettingsDto,
  ): Promise<BudgetResponse> {
    return budgetView(await this.funding.updateSettings(user, id, body));
  }

  @Staff()
  @Get('consultations/:id/participation')
  @ApiOkResponse({ type: ParticipationResponse })
  @ApiErrors(400, 401, 403, 404)
  async participation(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<ParticipationResponse> {
    // The dimension names come from the participation report; the contract test checks them.
    return participationView(await this.reports.participation(user, id)) as ParticipationResponse;
  }
}
