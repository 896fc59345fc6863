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
import { consultationSummary } from '../consultations/consultation.views';
import { ConsultationsService } from '../consultations/consultations.service';
import { countryOptions } from '../organisations/countries';
import { OrganisationsService } from '../organisations/organisations.service';
import {
  RegisterDto,
  RegistrationDecisionDto,
  RegistrationQueryDto,
  WaitlistMoveDto,
} from './dto/registration.dto';
import { GENDERS, Registration, RegistrationStatus } from './registration.entity';
import { RegistrationQueries } from './registration.queries';
import {
  participantsCsvUrl,
  regionalBalance,
  registrationRow,
  statusOptions,
} from './registration.views';
import { formFieldErrors, registrationFromForm, waitlistMoveFromForm } from './registrations.form';
import { RegistrationsService } from './registrations.service';
import { pageReaction } from '../common/error-policy';

@ApiExcludeController()
@Controller()
export class RegistrationsPagesController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueries,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
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
    const consultation = await this.consultations.get(user, id);
    const memberships = await this.organisations.myOrganisations(user.id);
    const locale = request.locale ?? 'en';
    return {
      title: 'registrations.register_title',
      consultation: consultationSummary(
        consultation,
        locale,
        this.consultations.isRegistrationOpen(consultation),
      ),
      organisations: memberships.map((m) => ({
        id: m.organisationId,
        name: m.organisation!.name,
        selected: m.organisationId === values.organisationId,
      })),
      genders: GENDERS.map((g) => ({ value: g, selected: g === values.gender })),
      nationalities: countryOptions(locale, values.nationality as string | undefined),
      form: { values: { submissionId: randomUUID(), ...values } },
    };
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

  /** The organisations the staff member belongs to: their records wait for another reviewer. */
  private async ownOrganisations(user: SignedInUser): Promise<Set<string>> {
    return new Set(
      (await this.organisations.myOrganisations(user.id)).map((m) => m.organisationId),
    );
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
    const locale = request.locale ?? 'en';
    const consultation = await this.consultations.get(user, id);
    const page = await this.queries.list(user, id, {
      ...query,
      pageSize: query.pageSize ?? 100,
    });
    const positions = await this.queries.waitlistPositions(id);
    const confirmed = await this.queries.confirmedByRegion(user, id);
    const own = await this.ownOrganisations(user);
    return renderPage(request, reply, 'registrations/participants', {
      title: 'staff.participants.title',
      consultation: consultationSummary(
        consultation,
        locale,
        this.consultations.isRegistrationOpen(consultation),
      ),
      seats: await this.consultations.seats(consultation),
      statuses: statusOptions(query.status),
      q: query.q ?? '',
      total: page.total,
      csvUrl: participantsCsvUrl(id, query),
      registrations: page.items.map((r) => ({
        ...registrationRow(r, positions, locale, consultation.timezone),
        balance: regionalBalance(r, confirmed, locale),
        awaitsAnotherReviewer: own.has(r.organisationId),
      })),
    });
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
    const locale = request.locale ?? 'en';
    const consultation = await this.consultations.get(user, id);
    const q = queryParam(request, 'q')?.slice(0, 200) ?? '';
    const matches = q ? await this.queries.checkInMatches(user, id, q) : [];
    const seats = await this.consultations.seats(consultation);
    const own = await this.ownOrganisations(user);
    const checkedIn = await this.queries.checkedInCount(user, id);
    return renderPage(request, reply, 'registrations/check-in', {
      title: 'staff.check_in.title',
      consultation: consultationSummary(consultation, locale, false),
      q,
      searched: Boolean(q),
      confirmed: seats.confirmed,
      checkedIn,
      matches: matches.map((r) => ({
        ...registrationRow(r, new Map(), locale, consultation.timezone),
        awaitsAnotherReviewer: own.has(r.organisationId),
      })),
    });
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
