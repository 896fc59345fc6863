import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../common/access.decorators';
import { renderPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { mailConfig, retentionConfig } from '../config';
import { RetentionSteps } from '../data-protection/retention-steps';
import { RetentionJob } from './retention.job';
import { retentionPageView } from './retention.views';

/** /admin/retention: the retention periods in force and what the latest runs erased. */
@ApiExcludeController()
@Controller()
export class RetentionController {
  constructor(
    @Inject(retentionConfig.KEY) private readonly config: ConfigType<typeof retentionConfig>,
    @Inject(mailConfig.KEY) private readonly mail: ConfigType<typeof mailConfig>,
    private readonly steps: RetentionSteps,
    private readonly job: RetentionJob,
  ) {}

  @Roles(UserRole.Admin)
  @Get('admin/retention')
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const view = retentionPageView(
      { ...this.config, mailDays: this.mail.retentionDays },
      this.steps.names(),
      await this.job.recentRuns(),
      request.locale ?? 'en',
    );
    return renderPage(request, reply, 'personal-data/retention', view);
  }
}
