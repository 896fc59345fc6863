import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Locale, UserRole } from '../accounts/user.entity';
import { CurrentUser, Public, Roles } from '../common/access.decorators';
import { formatDate, formatDateTime, formatTime } from '../common/dates';
import { notFound } from '../common/domain-error';
import { fromMinor } from '../common/money';
import { FieldError, redirect, renderPage, renderPublicPage } from '../common/pages';
import { uuid, validateForm } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { countryName, countryOptions } from '../organisations/countries';
import { consultationFormValues, consultationFromForm, sessionRows } from './consultation-form';
import { Consultation, ConsultationStatus, Eligibility } from './consultation.entity';
import { ConsultationsService } from './consultations.service';
import { CreateConsultationDto, UpdateConsultationDto } from './dto/consultation.dto';
import { runAction, formProblem } from '../common/forms';

/** What a consultation's public page and lists show, in its own time zone. */
export function consultationSummary(c: Consultation, locale: Locale, registrationOpen: boolean) {
  const tz = c.timezone;
  return {
    id: c.id,
    title: c.title,
    theme: c.theme,
    description: c.description,
    venue: c.venue,
    city: c.city,
    countryName: countryName(c.country, locale),
    timezone: tz,
    status: c.status,
    date: formatDate(c.startsAt, locale, tz),
    startsAt: formatDateTime(c.startsAt, locale, tz),
    endsAt: formatDateTime(c.endsAt, locale, tz),
    registrationOpensAt: formatDateTime(c.registrationOpensAt, locale, tz),
    registrationClosesAt: formatDateTime(c.registrationClosesAt, locale, tz),
    registrationOpen,
    eligibility: c.eligibility,
    requiresApproval: c.requiresApproval,
    capacity: c.capacity,
    perOrganisationLimit: c.perOrganisationLimit,
    seatsLeft: Math.max(0, c.capacity - c.seatsConfirmed - c.seatsOffered),
    fundingBudget: fromMinor(c.fundingBudgetMinor),
    fundingCurrency: c.fundingCurrency,
    sessions: (c.sessions ?? []).map((s) => ({
      title: s.title,
      description: s.description,
      starts: formatTime(s.startsAt, locale, tz),
      ends: formatTime(s.endsAt, locale, tz),
      datetime: s.startsAt.toISOString(),
    })),
  };
}

@ApiExcludeController()
@Controller()
export class ConsultationsPagesController {
  constructor(private readonly consultations: ConsultationsService) {}

  @Public()
  @Get('consultations')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = request.locale ?? 'en';
    const [items] = await this.consultations.list(undefined, 1, 50);
    return renderPage(request, reply, 'consultations/list', {
      title: 'consultations.list_title',
      consultations: items.map((c) =>
        consultationSummary(c, locale, this.consultations.isRegistrationOpen(c)),
      ),
    });
  }

  @Public()
  @Get('consultations/:id')
  async page(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPublicPage(request, reply, 'consultations/page', async () => {
      const consultation = await this.consultations.get(request.user, id);
      const seats = await this.consultations.seats(consultation);
      return {
        title: 'consultations.page_title',
        consultation: consultationSummary(
          consultation,
          request.locale ?? 'en',
          this.consultations.isRegistrationOpen(consultation),
        ),
        seats,
      };
    });
  }

  @Roles(UserRole.Admin)
  @Get('admin/consultations')
  async admin(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = request.locale ?? 'en';
    const [items] = await this.consultations.list(request.user, 1, 100);
    return renderPage(request, reply, 'consultations/admin-list', {
      title: 'admin.consultations.title',
      consultations: items.map((c) => ({
        ...consultationSummary(c, locale, this.consultations.isRegistrationOpen(c)),
        canPublish: c.status === ConsultationStatus.Draft,
        canCancel:
          c.status === ConsultationStatus.Draft || c.status === ConsultationStatus.Published,
        canComplete: c.status === ConsultationStatus.Published,
      })),
    });
  }

  @Roles(UserRole.Admin)
  @Get('admin/consultations/new')
  newForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return renderPage(request, reply, 'consultations/form', this.formModel(request, null));
  }

  @Roles(UserRole.Admin)
  @Get('admin/consultations/:id')
  async editForm(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(
      request,
      reply,
      'consultations/form',
      this.formModel(request, await this.consultations.get(admin, id)),
    );
  }

  @Roles(UserRole.Admin)
  @Post('admin/consultations/new')
  async create(
    @CurrentUser() admin: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.save(admin, request, reply, null);
  }

  @Roles(UserRole.Admin)
  @Post('admin/consultations/:id')
  async update(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.save(admin, request, reply, await this.consultations.get(admin, id));
  }

  @Roles(UserRole.Admin)
  @Post('admin/consultations/:id/:action')
  async act(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('action') action: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const actions: Record<string, (a: SignedInUser, id: string) => Promise<Consultation>> = {
      publish: (a, i) => this.consultations.publish(a, i),
      cancel: (a, i) => this.consultations.cancel(a, i),
      complete: (a, i) => this.consultations.complete(a, i),
      clone: (a, i) => this.consultations.clone(a, i),
    };
    if (!actions[action]) throw notFound();
    return runAction(request, reply, '/admin/consultations', async () => {
      const result = await actions[action](admin, id);
      flash(request, { kind: 'success', key: `admin.consultations.done_${action}` });
      return redirect(
        reply,
        action === 'clone' ? `/admin/consultations/${result.id}` : '/admin/consultations',
      );
    });
  }

  private formModel(
    request: FastifyRequest,
    consultation: Consultation | null,
    body?: Record<string, unknown>,
    errors?: Record<string, FieldError[]>,
  ) {
    const values = consultationFormValues(consultation, body) as Record<string, unknown>;
    return {
      title: consultation ? 'admin.consultations.edit_title' : 'admin.consultations.new_title',
      consultationId: consultation?.id,
      countries: countryOptions(request.locale ?? 'en', values.country as string),
      eligibilities: Object.values(Eligibility).map((value) => ({
        value,
        selected: value === values.eligibility,
      })),
      sessions: sessionRows(consultation, body),
      form: { values, errors },
    };
  }

  private async save(
    admin: SignedInUser,
    request: FastifyRequest,
    reply: FastifyReply,
    existing: Consultation | null,
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = consultationFromForm(body);
    const { value, errors } = await validateForm(
      existing ? UpdateConsultationDto : CreateConsultationDto,
      input,
    );
    const reshow = (fields: Record<string, FieldError[]>, status: number) =>
      renderPage(
        request,
        reply,
        'consultations/form',
        this.formModel(request, existing, body, fields),
        status,
      );
    if (errors) return reshow(errors, 400);
    try {
      const saved = existing
        ? await this.consultations.update(admin, existing.id, value)
        : await this.consultations.create(admin, value as CreateConsultationDto);
      flash(request, { kind: 'success', key: 'admin.consultations.saved' });
      return redirect(reply, `/admin/consultations/${saved.id}`);
    } catch (error) {
      const problem = formProblem(error, reply);
      if (!problem) throw error;
      return reshow(problem.errors, problem.status);
    }
  }
}
