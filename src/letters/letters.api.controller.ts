import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Staff } from '../common/access.decorators';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { notFound } from '../common/domain-error';
import { uuid } from '../common/validation';
import { SignedInUser } from '../common/web';
import { lettersConfig } from '../config';
import { RateLimiter } from '../rate-limit/rate-limiter';
import {
  LetterDecisionDto,
  LetterQueueQueryDto,
  LetterRequestDto,
  LetterRevokeDto,
} from './dto/letter.dto';
import { LetterDocuments, sendPdf } from './letter-documents';
import { LetterQueries } from './letters.queries';
import { LetterRequestResponse, LetterVerificationResponse } from './letters.responses';
import { LettersService } from './letters.service';
import { letterView, verificationView } from './letters.views';

@ApiTags('letters')
@ApiBearerAuth()
@Controller('api/v1')
export class LettersApiController {
  constructor(
    @Inject(lettersConfig.KEY) private readonly config: ConfigType<typeof lettersConfig>,
    private readonly letters: LettersService,
    private readonly queries: LetterQueries,
    private readonly documents: LetterDocuments,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** Asks for a visa letter (or corrects the request awaiting a decision). Members of the organisation only. */
  @Post('registrations/:id/letter-request')
  @ApiCreatedResponse({ type: LetterRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async request(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: LetterRequestDto,
  ): Promise<LetterRequestResponse> {
    const letter = await this.letters.request({ user }, id, body);
    return letterView(await this.queries.byId(letter.id));
  }

  @Get('registrations/:id/letter-request')
  @ApiOkResponse({ type: LetterRequestResponse })
  @ApiErrors(400, 401, 404)
  async read(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<LetterRequestResponse> {
    return letterView(await this.queries.forRegistration(user, id));
  }

  @Staff()
  @Get('consultations/:id/letter-requests')
  @ApiOkResponse({ type: PageResponse(LetterRequestResponse) })
  @ApiErrors(400, 401, 403, 404)
  async queue(
    @Param('id', uuid) id: string,
    @Query() query: LetterQueueQueryDto,
  ): Promise<PageResponseOf<LetterRequestResponse>> {
    const page = await this.queries.queue(id, query);
    return { ...page, items: page.items.map(letterView) };
  }

  @Staff()
  @Post('letter-requests/:id/decisions')
  @HttpCode(200)
  @ApiOkResponse({ type: LetterRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: LetterDecisionDto,
  ): Promise<LetterRequestResponse> {
    const letter = await this.letters.decide(user, id, body.decision, body.reason);
    return letterView(await this.queries.byId(letter.id));
  }

  @Staff()
  @Post('letter-requests/:id/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: LetterRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async revoke(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: LetterRevokeDto,
  ): Promise<LetterRequestResponse> {
    const letter = await this.letters.revoke(user, id, body.reason);
    return letterView(await this.queries.byId(letter.id));
  }

  /** Issues a new letter with a new code for the same request; the old letter is revoked. Answers the new one. */
  @Staff()
  @Post('letter-requests/:id/regenerate')
  @HttpCode(200)
  @ApiOkResponse({ type: LetterRequestResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async regenerate(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<LetterRequestResponse> {
    const letter = await this.letters.regenerate(user, id);
    return letterView(await this.queries.byId(letter.id));
  }

  @Get('letter-requests/:id/letter.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The issued letter, rendered now.', schema: { type: 'string' } })
  @ApiErrors(400, 401, 404)
  async pdf(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Res() reply: FastifyReply,
  ) {
    const letter = await this.queries.downloadable(user, id);
    const pdf = await this.documents.render(letter.id);
    if (!pdf) throw notFound();
    return sendPdf(reply, pdf);
  }

  /** Anyone, rate-limited per client address: what a consulate needs to trust a letter. */
  @Public()
  @Get('letters/verify/:code')
  @ApiOkResponse({ type: LetterVerificationResponse })
  @ApiErrors(404, 429)
  async verify(
    @Param('code') code: string,
    @Req() request: FastifyRequest,
  ): Promise<LetterVerificationResponse> {
    await this.rateLimiter.consume({
      key: `letters-verify:${request.ip}`,
      max: this.config.verifyMaxPerAddress,
      windowMinutes: this.config.verifyWindowMinutes,
    });
    if (code.length > 64) throw notFound();
    return verificationView(await this.queries.verify(code), request.locale ?? 'en');
  }
}
