import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
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
  async submit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: SubmitAccreditationDto,
  ) {
    const request = await this.accreditation.submit(user, id, body);
    return requestView(await this.accreditation.detail(user, request.id));
  }

  @Get('accreditation-requests')
  async list(@CurrentUser() user: SignedInUser, @Query() query: QueueQueryDto) {
    const page = await this.queries.list(user, query);
    return { ...page, items: page.items.map(queueItemView) };
  }

  @Get('accreditation-requests/:id')
  async read(@CurrentUser() user: SignedInUser, @Param('id', uuid) id: string) {
    return requestView(await this.accreditation.detail(user, id));
  }

  @Post('accreditation-requests/:id/documents')
  @ApiConsumes('multipart/form-data')
  async upload(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
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
  @Get('accreditation-requests/:id/documents/:documentId')
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
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: DecisionDto,
  ) {
    await this.accreditation.decide(user, id, body.decision, body.reason, body.reasonCode);
    return requestView(await this.accreditation.detail(user, id));
  }

  @Post('accreditation-requests/:id/responses')
  @HttpCode(200)
  async respond(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ResponseDto,
  ) {
    await this.accreditation.respond(user, id, body.message);
    return requestView(await this.accreditation.detail(user, id));
  }

  @Post('accreditation-requests/:id/withdraw')
  @HttpCode(200)
  async withdraw(@CurrentUser() user: SignedInUser, @Param('id', uuid) id: string) {
    await this.accreditation.withdraw(user, id);
    return requestView(await this.accreditation.detail(user, id));
  }

  @Roles(UserRole.Admin)
  @Post('organisations/:id/observer-status')
  @HttpCode(200)
  async observerStatus(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: ObserverStatusDto,
  ) {
    return fullOrganisation(
      await this.observers.setObserverStatus(user, id, body.status, body.reason),
    );
  }
}
