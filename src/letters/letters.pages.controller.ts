import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Staff } from '../common/access.decorators';
import { DomainError, InvalidInputError, notFound } from '../common/domain-error';
import { formProblem, runAction } from '../common/forms';
import { FieldError, redirect, renderPage } from '../common/pages';
import { uuid, validateForm } from '../common/validation';
import { flash, queryParam, SignedInUser } from '../common/web';
import { lettersConfig } from '../config';
import { RateLimiter } from '../rate-limit/rate-limiter';
import {
  LetterDecisionDto,
  LetterQueueQueryDto,
  LetterRequestDto,
  LetterRevokeDto,
} from './dto/letter.dto';
import { LetterDocuments, sendPdf } from './letter-documents';
import { keptLetterValues, letterFromForm, staffActionFromForm } from './letters.form';
import { LetterQueries } from './letters.queries';
import { LetterPages } from './letters.pages';
import { LettersService, Requester } from './letters.service';
import { verificationPage } from './letters.views';

/**
 * The letter pages: the participant's own (`/my-registration/letter?token=`, no account), the
 * member's (`/registrations/:id/letter`), the staff queue and the public verification page.
 */
@ApiExcludeController()
@Controller()
export class LettersPagesController {
  constructor(
    @Inject(lettersConfig.KEY) private readonly config: ConfigType<typeof lettersConfig>,
    private readonly letters: LettersService,
    private readonly queries: LetterQueries,
    private readonly pages: LetterPages,
    private readonly documents: LetterDocuments,
    private readonly rateLimiter: RateLimiter,
  ) {}

  @Public()
  @Get('my-registration/letter')
  async participantForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const token = queryParam(request, 'token') ?? '';
    return renderPage(request, reply, 'letters/request', await this.pages.forToken(request, token));
  }

  @Public()
  @Post('my-registration/letter')
  async participantRequest(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const token = String((request.body as Record<string, unknown> | undefined)?.token ?? '');
    const back = `/my-registration/letter?token=${encodeURIComponent(token)}`;
    return this.submit(request, reply, { token }, null, back, () =>
      this.pages.forToken(request, token),
    );
  }

  @Public()
  @Get('my-registration/letter.pdf')
  async participantPdf(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const letter = await this.queries.downloadableByToken(queryParam(request, 'token') ?? '');
    const pdf = await this.documents.render(letter.id);
    if (!pdf) throw notFound();
    return sendPdf(reply, pdf);
  }

  @Get('registrations/:id/letter')
  async memberForm(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(
      request,
      reply,
      'letters/request',
      await this.pages.forMember(request, user, id),
    );
  }

  @Post('registrations/:id/letter')
  async memberRequest(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.submit(request, reply, { user }, id, `/registrations/${id}/letter`, () =>
      this.pages.forMember(request, user, id),
    );
  }

  private async submit(
    request: FastifyRequest,
    reply: FastifyReply,
    requester: Requester,
    registrationId: string | null,
    back: string,
    page: () => Promise<Record<string, unknown> & { title: string }>,
  ) {
    const reshow = async (errors: Record<string, FieldError[]>, status: number) =>
      renderPage(
        request,
        reply,
        'letters/request',
        { ...(await page()), form: { values: keptLetterValues(request.body), errors } },
        status,
      );
    const { value, errors } = await validateForm(LetterRequestDto, letterFromForm(request.body));
    if (errors) return reshow(errors, 400);
    try {
      await this.letters.request(requester, registrationId, value);
    } catch (error) {
      const problem = formProblem(error, reply);
      if (!problem) throw error;
      return reshow(problem.errors, problem.status);
    }
    flash(request, { kind: 'success', key: 'letters.requested' });
    return redirect(reply, back);
  }

  @Staff()
  @Get('staff/consultations/:id/letters')
  async queue(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const filters = {
      status: queryParam(request, 'status') || undefined,
      consulateCountry: queryParam(request, 'consulateCountry') || undefined,
      page: queryParam(request, 'page') || undefined,
    };
    const { value, errors } = await validateForm(LetterQueueQueryDto, filters);
    if (errors) throw new InvalidInputError(errors);
    return renderPage(
      request,
      reply,
      'letters/queue',
      await this.pages.queue(request, user, id, value),
    );
  }

  @Staff()
  @Post('staff/letter-requests/:id/:action')
  async staffAction(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('action') action: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { letter } = await this.queries.byId(id);
    const back = `/staff/consultations/${letter.consultationId}/letters`;
    const input = staffActionFromForm(request.body);
    return runAction(request, reply, back, async () => {
      if (action === 'decisions') {
        const { value, errors } = await validateForm(LetterDecisionDto, input);
        if (errors) throw new InvalidInputError(errors);
        await this.letters.decide(user, id, value.decision, value.reason);
        flash(request, { kind: 'success', key: `letters.done_${value.decision}` });
      } else if (action === 'revoke') {
        const { value, errors } = await validateForm(LetterRevokeDto, { reason: input.reason });
        if (errors) throw new InvalidInputError(errors);
        await this.letters.revoke(user, id, value.reason);
        flash(request, { kind: 'success', key: 'letters.done_revoke' });
      } else if (action === 'regenerate') {
        await this.letters.regenerate(user, id);
        flash(request, { kind: 'success', key: 'letters.done_regenerate' });
      } else {
        throw notFound();
      }
      return redirect(reply, back);
    });
  }

  /** The public check: a form, and with `?code=` the answer (rate-limited like the API). */
  @Public()
  @Get('letters/verify')
  async verify(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = request.locale ?? 'en';
    const code = (queryParam(request, 'code') ?? '').trim().slice(0, 64);
    const data = { title: 'letters.verify_title', form: { values: { code } } };
    if (!code) return renderPage(request, reply, 'letters/verify', data);
    try {
      await this.rateLimiter.consume({
        key: `letters-verify:${request.ip}`,
        max: this.config.verifyMaxPerAddress,
        windowMinutes: this.config.verifyWindowMinutes,
      });
      const result = verificationPage(await this.queries.verify(code), locale);
      return renderPage(request, reply, 'letters/verify', { ...data, result });
    } catch (error) {
      if ((error as DomainError).code === 'NOT_FOUND') {
        const errors = { code: ['letters.verify_unknown'] };
        return renderPage(
          request,
          reply,
          'letters/verify',
          { ...data, form: { values: { code }, errors } },
          404,
        );
      }
      const problem = formProblem(error, reply);
      if (!problem) throw error;
      const form = { values: { code }, errors: problem.errors };
      return renderPage(request, reply, 'letters/verify', { ...data, form }, problem.status);
    }
  }
}
