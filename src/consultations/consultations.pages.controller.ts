import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { UserRole } from '../common/roles';
import { CurrentUser, Public, Roles } from '../common/access.decorators';
import { notFound } from '../common/domain-error';
import { FieldError, redirect, renderPage } from '../common/pages';
import { uuid, validateForm } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { consultationFromForm } from './consultation.form';
import {
  adminConsultationRow,
  confirmationModel,
  consultationFormModel,
  consultationSummary,
} from './consultation.views';
import { Consultation } from './consultation.entity';
import { ConsultationsService } from './consultations.service';
import { CreateConsultationDto, UpdateConsultationDto } from './dto/consultation.dto';
import { runAction, formProblem, submitForm } from '../common/forms';
import { IrreversibleConfirmationDto } from '../common/irreversible';

/** Actions the list links to a confirmation page for, instead of doing them at once. */
const IRREVERSIBLE = ['cancel', 'complete'];

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

  @Roles(UserRole.Admin)
  @Get('admin/consultations')
  async admin(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = request.locale ?? 'en';
    const [items] = await this.consultations.list(request.user, 1, 100);
    return renderPage(request, reply, 'consultations/admin-list', {
      title: 'admin.consultations.title',
      consultations: items.map((c) =>
        adminConsultationRow(c, locale, this.consultations.isRegistrationOpen(c)),
      ),
    });
  }

  @Roles(UserRole.Admin)
  @Get('admin/consultations/new')
  newForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return renderPage(
      request,
      reply,
      'consultations/form',
      consultationFormModel(request.locale ?? 'en', null),
    );
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
      consultationFormModel(request.locale ?? 'en', await this.consultations.get(admin, id)),
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

  /** The confirmation step of cancelling or completing: neither can be undone. */
  @Roles(UserRole.Admin)
  @Get('admin/consultations/:id/:action')
  async confirmForm(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('action') action: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!IRREVERSIBLE.includes(action)) throw notFound();
    const consultation = await this.consultations.get(admin, id);
    return renderPage(request, reply, 'consultations/confirm', {
      title: `admin.consultations.confirm_${action}_title`,
      ...confirmationModel(consultation, action, request.locale ?? 'en'),
    });
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
      clone: (a, i) => this.consultations.clone(a, i),
    };
    if (IRREVERSIBLE.includes(action)) return this.confirmed(admin, id, action, request, reply);
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

  /** Cancels or completes once the admin gave a reason and ticked "cannot be undone". */
  private async confirmed(
    admin: SignedInUser,
    id: string,
    action: string,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const consultation = await this.consultations.get(admin, id);
    return submitForm(
      request,
      reply,
      IrreversibleConfirmationDto,
      {
        view: 'consultations/confirm',
        title: `admin.consultations.confirm_${action}_title`,
        data: confirmationModel(consultation, action, request.locale ?? 'en'),
      },
      async ({ reason }) => {
        if (action === 'cancel') await this.consultations.cancel(admin, id, reason);
        else await this.consultations.complete(admin, id, reason);
        flash(request, { kind: 'success', key: `admin.consultations.done_${action}` });
        return redirect(reply, '/admin/consultations');
      },
    );
  }

  private async save(
    admin: SignedInUser,
    request: FastifyRequest,
    reply: FastifyReply,
    existing: Consultation | null,
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { input, fieldOf } = consultationFromForm(body);
    const { value, errors } = await validateForm(
      existing ? UpdateConsultationDto : CreateConsultationDto,
      input,
    );
    const reshow = (fields: Record<string, FieldError[]>, status: number) =>
      renderPage(
        request,
        reply,
        'consultations/form',
        consultationFormModel(
          request.locale ?? 'en',
          existing,
          body,
          Object.fromEntries(Object.entries(fields).map(([path, e]) => [fieldOf(path), e])),
        ),
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
