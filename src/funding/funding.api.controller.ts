import { Body, Controller, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { UserRole } from '../common/roles';
import { CurrentUser, Roles, Staff } from '../common/access.decorators';
import { SignedInUser } from '../common/web';
import { ApplyDto, FundingDecisionDto, FundingSettingsDto } from './dto/funding.dto';
import { applicationsCsv } from './funding-csv';
import { FundingReports } from './funding.reports';
import { FundingService } from './funding.service';
import { applicationView, budgetView, participationView, rankedView } from './funding.views';
import { uuid } from '../common/validation';

@ApiTags('funding')
@ApiBearerAuth()
@Controller('api/v1')
export class FundingApiController {
  constructor(
    private readonly funding: FundingService,
    private readonly reports: FundingReports,
  ) {}

  @Post('registrations/:id/funding-applications')
  async apply(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ApplyDto,
  ) {
    return applicationView(await this.funding.apply(user, id, body));
  }

  @Get('funding-applications/:id')
  async read(@CurrentUser() user: SignedInUser, @Param('id', uuid) id: string) {
    return applicationView(await this.reports.get(user, id));
  }

  @Post('funding-applications/:id/withdraw')
  @HttpCode(200)
  async withdraw(@CurrentUser() user: SignedInUser, @Param('id', uuid) id: string) {
    return applicationView(await this.funding.withdraw(user, id));
  }

  /** Ranked by priority score, awaiting a decision first, each with its reasons in words. */
  @Staff()
  @Get('consultations/:id/funding-applications')
  async ranked(@CurrentUser() user: SignedInUser, @Param('id', uuid) id: string) {
    const items = (await this.reports.ranked(user, id)).map(rankedView);
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  @Staff()
  @Get('consultations/:id/funding-applications.csv')
  async csv(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Res() reply: FastifyReply,
  ) {
    const applications = await this.reports.ranked(user, id);
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="funding-applications.csv"')
      .header('Cache-Control', 'private, no-store')
      .send(applicationsCsv(applications));
  }

  @Staff()
  @Post('funding-applications/:id/decisions')
  @HttpCode(200)
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: FundingDecisionDto,
  ) {
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
  async budget(@CurrentUser() user: SignedInUser, @Param('id', uuid) id: string) {
    return budgetView(await this.reports.summary(user, id));
  }

  @Roles(UserRole.Admin)
  @Patch('consultations/:id/funding')
  async settings(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: FundingSettingsDto,
  ) {
    return budgetView(await this.funding.updateSettings(user, id, body));
  }

  @Staff()
  @Get('consultations/:id/participation')
  async participation(@CurrentUser() user: SignedInUser, @Param('id', uuid) id: string) {
    return participationView(await this.reports.participation(user, id));
  }
}
