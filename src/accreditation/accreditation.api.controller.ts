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
import { uuid, validateForm } from '../common/validation';
import { InvalidInputError } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { fullOrganisation } from '../organisations/organisation.views';
import { AccreditationService } from './accreditation.service';
import { documentView, requestView } from './accreditation.views';
import {
  DecisionDto,
  DocumentKindDto,
  ObserverStatusDto,
  QueueQueryDto,
  ResponseDto,
  SubmitAccreditationDto,
} from './dto/accreditation.dto';

/** Reads the multipart upload: the `kind` field (before the file, or in the query) and the `file`. */
export async function readUpload(request: FastifyRequest) {
  if (!request.isMultipart()) throw new InvalidInputError({ file: ['errors.file_required'] });
  const part = await request.file();
  if (!part || part.fieldname !== 'file')
    throw new InvalidInputError({ file: ['errors.file_required'] });
  // Fields sent before the file are known by now; any but these is refused, as in JSON bodies.
  const unknown = Object.keys(part.fields).filter(
    (name) => !['kind', 'file', '_csrf'].includes(name),
  );
  if (unknown.length) {
    part.file.resume();
    throw new InvalidInputError(
      Object.fromEntries(unknown.map((name) => [name, ['errors.unknown_field']])),
    );
  }
  const field = part.fields.kind as { value?: unknown } | undefined;
  const kind = field?.value ?? (request.query as Record<string, unknown>)?.kind;
  const { value, errors } = await validateForm(DocumentKindDto, { kind });
  if (errors) {
    part.file.resume();
    throw new InvalidInputError(errors);
  }
  return { kind: value.kind, filename: part.filename, file: part.file };
}

@ApiTags('accreditation')
@ApiBearerAuth()
@Controller('api/v1')
export class AccreditationApiController {
  constructor(private readonly accreditation: AccreditationService) {}

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
    const page = await this.accreditation.list(user, query);
    return {
      ...page,
      items: page.items.map((r) => ({
        id: r.id,
        status: r.status,
        organisation: {
          id: r.organisation.id,
          name: r.organisation.name,
          country: r.organisation.country,
          region: r.organisation.region,
        },
        submittedAt: r.submittedAt.toISOString(),
        decidedAt: r.decidedAt?.toISOString() ?? null,
      })),
    };
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
    const document = await this.accreditation.addDocument(
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
    const { document, stream } = await this.accreditation.document(user, id, documentId);
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
      await this.accreditation.setObserverStatus(user, id, body.status, body.reason),
    );
  }
}
