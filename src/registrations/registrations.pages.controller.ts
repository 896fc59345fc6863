import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CurrentUser, Staff } from '../common/access.decorators';
import { DomainError, InvalidInputError } from '../common/domain-error';
import { submitForm, formProblem } from '../common/forms';
import { FieldError, redirect, renderPage } from '../common/pages';
import { uuid, validateForm } from '../common/validation';
import { Flash, flash, queryParam, SignedInUser } from '../common/web';
import {
  RegisterDto,
  RegistrationDecisionDto,
  RegistrationQueryDto,
  WaitlistMoveDto,
} from './dto/registration.dto';
import { Registration, RegistrationStatus } from './registration.entity';
import { RegistrationQueries } from './registration.queries';
import { checkInModel, participantsModel, registerFormModel } from './registration.views';
import { formFieldErrors, registrationFromForm, waitlistMoveFromForm } from './registrations.form';
import { RegistrationsService } from './registrations.service';
import { pageReaction } from '../common/error-policy';

@ApiExcludeController()
@Controller()
export class RegistrationsPagesController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueries,
  ) {}

  @Get('consultations/:id/register')
  async form(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(
      request,
      reply,
      'registrations/register',
      await this.formModel(user, request, id),
    );
  }

  private async formModel(
    user: SignedInUser,
    request: FastifyRequest,
    id: string,
    values: Record<string, unknown> = {},
  ) {
    const data = await this.queries.registerPage(user, id);
    return registerFormModel(data, request.locale ?? 'en', values, randomUUID());
  }

  @Post('consultations/:id/register')
  async register(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const model = await this.formModel(user, request, id, body);
    const reshow = (errors: Record<string, FieldError[]>, status: number) =>
      renderPage(
        request,
        reply,
        'registrations/register',
        { ...model, form: { values: body, errors } },
        status,
      );
    const { value, errors } = await validateForm(RegisterDto, registrationFromForm(body));
    if (errors) return reshow(formFieldErrors(errors), 400);
    try {
      const { registration, waitlistPosition } = await this.registrations.register(user, id, value);
      flash(request, {
        kind: 'success',
        key: `registrations.created_${registration.status}`,
        params: { name: registration.participantName, position: waitlistPosition ?? '' },
      });
      return redirect(reply, `/organisations/${registration.organisationId}/delegation`);
    } catch (error) {
      const problem = formProblem(error, reply);
      if (!problem) throw error;
      const errors =
        error instanceof InvalidInputError ? formFieldErrors(error.fields) : problem.errors;
      return reshow(errors, problem.status);
    }
  }

  @Post('registrations/:id/cancel')
  async cancel(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const registration = await this.queries.get(user, id);
    await this.actOrExplain(
      request,
      () => this.registrations.cancel(user, id),
      'registrations.cancelled',
    );
    return redirect(reply, `/organisations/${registration.organisationId}/delegation`);
  }

  @Post('registrations/:id/accept-offer')
  async accept(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const registration = await this.queries.get(user, id);
    await this.actOrExplain(
      request,
      () => this.registrations.acceptOffer(user, id),
      'registrations.offer_accepted',
    );
    return redirect(reply, `/organisations/${registration.organisationId}/delegation`);
  }

  /** Runs a use case and flashes what really happened: `success` may read the result, a refusal says why. */
  private async actOrExplain<T>(
    request: FastifyRequest,
    action: () => Promise<T>,
    success: string | ((result: T) => Promise<Omit<Flash, 'kind'>>),
  ): Promise<void> {
    try {
      const result = await action();
      const message = typeof success === 'string' ? { key: success } : await success(result);
      flash(request, { kind: 'success', ...message });
    } catch (error) {
      if (pageReaction(error, 'action') !== 'flash-and-redirect') throw error;
      const refused = error as DomainError;
      flash(request, { kind: 'error', key: refused.messageKey, params: refused.params });
    }
  }

  /** What a staff decision on a registration led to: a seat, a place on the waiting list, or a rejection. */
  private async decided(registration: Registration): Promise<Omit<Flash, 'kind'>> {
    const name = registration.participantName;
    if (registration.status === RegistrationStatus.Waitlisted) {
      const position = await this.queries.waitlistPosition(registration);
      return {
        key: 'staff.participants.done_waitlisted',
        params: { name, position: position ?? '' },
      };
    }
    return { key: `staff.participants.done_${registration.status}`, params: { name } };
  }

  @Staff()
  @Get('staff/consultations/:id/participants')
  async participants(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Query() query: RegistrationQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const data = await this.queries.participantsPage(user, id, query);
    return renderPage(
      request,
      reply,
      'registrations/participants',
      participantsModel(data, query, request.locale ?? 'en'),
    );
  }

  @Staff()
  @Post('staff/consultations/:id/registrations/:registrationId/decisions')
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('registrationId', uuid) registrationId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { view: 'errors/error', title: 'errors.page_title', data: { message: '' } };
    return submitForm(request, reply, RegistrationDecisionDto, page, async (value) => {
      await this.actOrExplain(
        request,
        () => this.registrations.decide(user, registrationId, value.decision, value.reason),
        (registration) => this.decided(registration),
      );
      return redirect(reply, `/staff/consultations/${id}/participants`);
    });
  }

  @Staff()
  @Post('staff/consultations/:id/registrations/:registrationId/waitlist-position')
  async move(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('registrationId', uuid) registrationId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    request.body = waitlistMoveFromForm(request.body);
    const page = { view: 'errors/error', title: 'errors.page_title', data: { message: '' } };
    return submitForm(request, reply, WaitlistMoveDto, page, async (value) => {
      await this.actOrExplain(
        request,
        () => this.registrations.moveOnWaitlist(user, registrationId, value.position, value.reason),
        'staff.participants.moved',
      );
      return redirect(reply, `/staff/consultations/${id}/participants?status=waitlisted`);
    });
  }

  @Staff()
  @Get('staff/consultations/:id/check-in')
  async checkInPage(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const q = queryParam(request, 'q')?.slice(0, 200) ?? '';
    const data = await this.queries.checkInPage(user, id, q);
    return renderPage(
      request,
      reply,
      'registrations/check-in',
      checkInModel(data, q, request.locale ?? 'en'),
    );
  }

  @Staff()
  @Post('staff/consultations/:id/check-in/:registrationId')
  async checkIn(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('registrationId', uuid) registrationId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.actOrExplain(
      request,
      () => this.registrations.checkIn(user, registrationId),
      'staff.check_in.done',
    );
    const q = (request.body as Record<string, unknown> | undefined)?.q;
    return redirect(
      reply,
      `/staff/consultations/${id}/check-in${typeof q === 'string' && q ? `?${new URLSearchParams({ q })}` : ''}`,
    );
  }
}
