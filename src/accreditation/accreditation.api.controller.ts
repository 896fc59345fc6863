import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
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
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { UserRole } from '../accounts/user.entity';
import { CurrentUser, Roles, Staff } from '../common/access.decorators';
import { uuid } from '../common/validation';
import { SignedInUser } from '../common/web';
import { fullOrganisation } from '../organisations/organisation.views';
import { AccreditationService } from './accreditation.service';
import { AccreditationQueries } from './accreditation.queries';
import { AccreditationDocumentsService } from './accreditation-documents.service';
import { ObserverStatusService } from './observer-status.service';
import { readUpload } from './accreditation.form';
import { documentView, queueItemView, requestView } from './accreditation.views';
import {
  DecisionDto,
  ObserverStatusDto,
  QueueQueryDto,
  ResponseDto,
  SubmitAccreditationDto,
} from './dto/accreditation.dto';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { OrganisationResponse } from '../organisations/organisations.responses';
import { DOCUMENT_KINDS } from './accreditation-document.entity';
import {
  AccreditationRequestResponse,
  AccreditationRequestSummaryResponse,
  DocumentResponse,
} from './accreditation.responses';

@ApiTags('accreditation')
@ApiBearerAuth()
@Controller('api/v1')
export class AccreditationApiController {
  constructor(
    private readonly accreditation: AccreditationService,
    private readonly queries: AccreditationQueries,
    private readonly documents: AccreditationDocumentsService,
    private readonly observers: ObserverStatusService,
  ) {}

  @Post('organisations/:id/accreditation-requests')
  @ApiCreatedResponse({ type: AccreditationRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async submit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: SubmitAccreditationDto,
  ): Promise<AccreditationRequestResponse> {
    const request = await this.accreditation.submit(user, id, body);
    return requestView(await this.queries.detail(user, request.id));
  }

  @Get('accreditation-requests')
  @ApiOkResponse({ type: PageResponse(AccreditationRequestSummaryResponse) })
  @ApiErrors(400, 401)
  async list(
    @CurrentUser() user: SignedInUser,
    @Query() query: QueueQueryDto,
  ): Promise<PageResponseOf<AccreditationRequestSummaryResponse>> {
    const page = await this.queries.list(user, query);
    return { ...page, items: page.items.map(queueItemView) };
  }

  @Get('accreditation-requests/:id')
  @ApiOkResponse({ type: AccreditationRequestResponse })
  @ApiErrors(400, 401, 404)
  async read(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<AccreditationRequestResponse> {
    return requestView(await this.queries.detail(user, id));
  }

  @Post('accreditation-requests/:id/documents')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'One PDF; `kind` before the file (or as the `kind` query parameter).',
    schema: {
      type: 'object',
      required: ['kind', 'file'],
      properties: {
        kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
        file: { type: 'string', format: 'binary', description: 'PDF, at most UPLOAD_MAX_BYTES' },
      },
    },
  })
  @ApiCreatedResponse({ type: DocumentResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413)
  async upload(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DocumentResponse> {
    const upload = await readUpload(request);
    const document = await this.documents.addDocument(
      user,
      id,
      upload.kind,
      upload.filename,
      upload.file,
    );
    reply.code(HttpStatus.CREATED);
    return documentView(id, document);
  }

  /** Downloads as an attachment, never rendered by the browser in the app's origin. */
  @Delete('accreditation-requests/:id/documents/:documentId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  async removeDocument(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
  ): Promise<void> {
    await this.documents.removeDocument(user, id, documentId);
  }

  @Get('accreditation-requests/:id/documents/:documentId')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF, as an attachment.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 401, 404)
  async download(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('documentId', uuid) documentId: string,
    @Res() reply: FastifyReply,
  ) {
    const { document, stream } = await this.documents.document(user, id, documentId);
    return reply
      .header('Content-Type', 'application/pdf')
      .header(
        'Content-Disposition',
        `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(document.originalName)}`,
      )
      .header('Content-Security-Policy', "sandbox; default-src 'none'")
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store')
      .send(stream);
  }

  @Staff()
  @Post('accreditation-requests/:id/decisions')
  @HttpCode(200)
  @ApiOkResponse({ type: AccreditationRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: DecisionDto,
  ): Promise<AccreditationRequestResponse> {
    await this.accreditation.decide(user, id, body.decision, body.reason, body.reasonCode);
    return requestView(await this.queries.detail(user, id));
  }

  @Post('accreditation-requests/:id/responses')
  @HttpCode(200)
  @ApiOkResponse({ type: AccreditationRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async respond(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ResponseDto,
  ): Promise<AccreditationRequestResponse> {
    await this.accreditation.respond(user, id, body.message);
    return requestView(await this.queries.detail(user, id));
  }

  @Post('accreditation-requests/:id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: AccreditationRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async withdraw(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<AccreditationRequestResponse> {
    await this.accreditation.withdraw(user, id);
    return requestView(await this.queries.detail(user, id));
  }

  @Roles(UserRole.Admin)
  @Post('organisations/:id/observer-status')
  @HttpCode(200)
  @ApiOkResponse({ type: OrganisationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async observerStatus(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ObserverStatusDto,
  ): Promise<OrganisationResponse> {
    return fullOrganisation(
      await this.observers.setObserverStatus(user, id, body.status, body.reason),
    );
  }
}
