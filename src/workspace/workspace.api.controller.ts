import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles, Staff } from '../common/access.decorators';
import { ApiErrors } from '../common/api-responses';
import { UserRole } from '../common/roles';
import { uuid } from '../common/validation';
import { SignedInUser } from '../common/web';
import { ConsultationsService } from '../consultations/consultations.service';
import { RegistrationQueryDto } from '../registrations/dto/registration.dto';
import { RegistrationQueries } from '../registrations/registration.queries';
import { BulkDecisions } from './bulk-decisions';
import { ConsultationMessages } from './consultation-messages';
import { BulkDecisionDto, ConsultationMessageDto, MergeDto } from './dto/workspace.dto';
import { OrganisationMerge } from './organisation-merge';
import { participantsXlsx } from './participants-xlsx';
import {
  BulkDecisionResponse,
  MergeConflictResponse,
  MergeResponse,
  MessageCountResponse,
} from './workspace.responses';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('workspace')
@ApiBearerAuth()
@Controller('api/v1')
export class WorkspaceApiController {
  constructor(
    private readonly merges: OrganisationMerge,
    private readonly bulk: BulkDecisions,
    private readonly messages: ConsultationMessages,
    private readonly consultations: ConsultationsService,
    private readonly registrations: RegistrationQueries,
  ) {}

  @Roles(UserRole.Admin)
  @Post('organisations/:id/merge')
  @HttpCode(200)
  @ApiOkResponse({ type: MergeResponse })
  @ApiErrors(400, 401, 403, 404)
  @ApiConflictResponse({ type: MergeConflictResponse, description: 'MERGE_CONFLICT' })
  async merge(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: MergeDto,
  ): Promise<MergeResponse> {
    const { organisation, moved } = await this.merges.merge(user, id, body.intoOrganisationId);
    return { id: organisation.id, name: organisation.name, mergedId: id, moved };
  }

  @Staff()
  @Post('consultations/:id/registrations/decisions')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkDecisionResponse })
  @ApiErrors(400, 401, 403, 404)
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: BulkDecisionDto,
  ): Promise<BulkDecisionResponse> {
    const items = await this.bulk.decide(user, id, body.ids, body.decision, body.reason);
    const decided = items.filter((i) => i.code === null).length;
    return { items, decided, refused: items.length - decided };
  }

  @Staff()
  @Post('consultations/:id/messages')
  @HttpCode(200)
  @ApiOkResponse({ type: MessageCountResponse })
  @ApiErrors(400, 401, 403, 404)
  async message(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ConsultationMessageDto,
  ): Promise<MessageCountResponse> {
    if (body.dryRun) return { count: await this.messages.count(user, id, body.audience) };
    const sent = await this.messages.send(user, id, body);
    return { count: sent.recipientCount, id: sent.id };
  }

  @Staff()
  @Get('consultations/:id/registrations.xlsx')
  @ApiProduces(XLSX)
  @ApiOkResponse({
    description: 'The CSV’s rows and filters as a workbook.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 401, 403, 404)
  async xlsx(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Query() query: RegistrationQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const consultation = await this.consultations.get(user, id);
    const name = consultation.title.replace(/[^\w-]+/g, '-').slice(0, 60) || 'participants';
    return reply
      .header('Content-Type', XLSX)
      .header('Content-Disposition', `attachment; filename="${name}-participants.xlsx"`)
      .header('Cache-Control', 'private, no-store')
      .send(
        participantsXlsx(
          this.registrations.exportQuery(user, id, query),
          request.locale ?? 'en',
          consultation.timezone,
        ),
      );
  }
}
