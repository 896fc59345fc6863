import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { UserRole } from '../accounts/user.entity';
import { CurrentUser, Public, Roles, Staff } from '../common/access.decorators';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { uuid } from '../common/validation';
import { SignedInUser } from '../common/web';
import {
  CosignDto,
  CreateInputCallDto,
  CreateSubmissionDto,
  SubmissionDecisionDto,
  SubmissionQueryDto,
  UpdateSubmissionDto,
} from './dto/inputs.dto';
import { readSubmissionUpload } from './inputs.form';
import { InputsApiViews } from './inputs.api-views';
import {
  InputCallListResponse,
  InputCallResponse,
  SubmissionResponse,
  SubmissionSummaryResponse,
} from './inputs.responses';
import { InputCallsService } from './input-calls.service';
import { SubmissionAttachments } from './submission-attachments.service';
import { SubmissionsService } from './submissions.service';

@ApiTags('inputs')
@ApiBearerAuth()
@Controller('api/v1')
export class InputsApiController {
  constructor(
    private readonly calls: InputCallsService,
    private readonly submissions: SubmissionsService,
    private readonly attachments: SubmissionAttachments,
    private readonly views: InputsApiViews,
  ) {}

  @Roles(UserRole.Admin)
  @Post('consultations/:id/input-calls')
  @ApiCreatedResponse({ type: InputCallResponse })
  @ApiErrors(400, 401, 403, 404)
  async createCall(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: CreateInputCallDto,
  ): Promise<InputCallResponse> {
    return this.views.call(await this.calls.create(admin, id, body));
  }

  @Public()
  @Get('consultations/:id/input-calls')
  @ApiOkResponse({ type: InputCallListResponse })
  @ApiErrors(400, 404)
  async listCalls(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<InputCallListResponse> {
    return this.views.calls(request.user, id);
  }

  @Post('input-calls/:id/submissions')
  @ApiCreatedResponse({ type: SubmissionResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async create(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: CreateSubmissionDto,
  ): Promise<SubmissionResponse> {
    return this.views.submission(user, await this.submissions.create(user, id, body));
  }

  @Patch('submissions/:id')
  @ApiOkResponse({ type: SubmissionResponse })
  @ApiErrors(400, 401, 404, 409)
  async update(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateSubmissionDto,
  ): Promise<SubmissionResponse> {
    return this.views.submission(user, await this.submissions.update(user, id, body));
  }

  @Post('submissions/:id/attachment')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'One PDF, when the call allows an attachment; it replaces any earlier one.',
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'PDF, at most UPLOAD_MAX_BYTES' },
      },
    },
  })
  @ApiOkResponse({ type: SubmissionResponse })
  @ApiErrors(400, 401, 404, 409, 413)
  @HttpCode(HttpStatus.OK)
  async attach(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<SubmissionResponse> {
    const upload = await readSubmissionUpload(request);
    return this.views.submission(
      user,
      await this.attachments.attach(user, id, upload.filename, upload.file),
    );
  }

  /** Downloads as an attachment, never rendered by the browser in the app's origin. */
  @Public()
  @Get('submissions/:id/attachment')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF, as an attachment.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 404)
  async download(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { name, stream } = await this.attachments.attachment(request.user, id);
    return reply
      .header('Content-Type', 'application/pdf')
      .header(
        'Content-Disposition',
        `attachment; filename="input.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .header('Content-Security-Policy', "sandbox; default-src 'none'")
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .send(stream);
  }

  @Post('submissions/:id/submit')
  @HttpCode(200)
  @ApiOkResponse({ type: SubmissionResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async submit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<SubmissionResponse> {
    return this.views.submission(user, await this.submissions.submit(user, id));
  }

  @Post('submissions/:id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: SubmissionResponse })
  @ApiErrors(400, 401, 404, 409)
  async withdraw(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<SubmissionResponse> {
    return this.views.submission(user, await this.submissions.withdraw(user, id));
  }

  @Post('submissions/:id/cosign')
  @HttpCode(200)
  @ApiOkResponse({ type: SubmissionResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async cosign(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: CosignDto,
  ): Promise<SubmissionResponse> {
    return this.views.submission(
      user,
      await this.submissions.cosign(user, id, body.organisationId, body.decision),
    );
  }

  @Staff()
  @Post('submissions/:id/decisions')
  @HttpCode(200)
  @ApiOkResponse({ type: SubmissionResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: SubmissionDecisionDto,
  ): Promise<SubmissionResponse> {
    return this.views.submission(
      user,
      await this.submissions.decide(user, id, body.decision, body.reason),
    );
  }

  @Public()
  @Get('submissions')
  @ApiOkResponse({ type: PageResponse(SubmissionSummaryResponse) })
  @ApiErrors(400)
  async search(
    @Query() query: SubmissionQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<PageResponseOf<SubmissionSummaryResponse>> {
    return this.views.search(request.user, query);
  }

  @Public()
  @Get('submissions/:id')
  @ApiOkResponse({ type: SubmissionResponse })
  @ApiErrors(400, 404)
  async read(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<SubmissionResponse> {
    return this.views.read(request.user, id);
  }
}
