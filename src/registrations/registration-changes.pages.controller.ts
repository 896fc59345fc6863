import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Staff } from '../common/access.decorators';
import { InvalidInputError, notFound } from '../common/domain-error';
import { formProblem, runAction } from '../common/forms';
import { FieldError, redirect, renderPage } from '../common/pages';
import { uuid, validateForm } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import {
  CancelDto,
  EditRegistrationDto,
  ReasonDto,
  SubstituteDto,
  SubstitutionDecisionDto,
} from './dto/registration.dto';
import { Registration } from './registration.entity';
import { RegistrationChanges } from './registration.changes';
import { RegistrationQueries } from './registration.queries';
import { participantFormModel, ParticipantFormMode } from './registration.views';
import { formFieldErrors, registrationFromForm } from './registrations.form';
import { RegistrationsService } from './registrations.service';

/**
 * The pages that change a registration: a member edits a participant's details or sends someone
 * else (each form re-shown with its errors), and staff correct after the fact from the
 * participants list (no-show, undo a check-in, cancel with a reason, decide a substitution).
 */
@ApiExcludeController()
@Controller()
export class RegistrationChangesPagesController {
  constructor(
    private readonly changes: RegistrationChanges,
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueries,
  ) {}

  @Get('registrations/:id/edit')
  async editForm(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.show(request, reply, await this.queries.get(user, id), 'edit');
  }

  @Get('registrations/:id/substitute')
  async substituteForm(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.show(request, reply, await this.queries.get(user, id), 'substitute');
  }

  @Post('registrations/:id/edit')
  async edit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const registration = await this.queries.get(user, id);
    const { participant } = registrationFromForm(request.body);
    // The edit form shows neither the email (a substitution) nor the consent (the participant's).
    const { email: _email, publishConsent: _consent, ...details } = participant;
    return this.submit(request, reply, registration, 'edit', async () => {
      const { value, errors } = await validateForm(EditRegistrationDto, { participant: details });
      if (errors) return errors;
      const edited = await this.changes.edit(user, id, value.participant);
      flash(request, {
        kind: 'success',
        key: 'registrations.edited',
        params: { name: edited.participantName },
      });
    });
  }

  @Post('registrations/:id/substitute')
  async substitute(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const registration = await this.queries.get(user, id);
    const { participant } = registrationFromForm(request.body);
    return this.submit(request, reply, registration, 'substitute', async () => {
      const { value, errors } = await validateForm(SubstituteDto, { participant });
      if (errors) return errors;
      const { requested } = await this.changes.substitute(user, id, value.participant);
      flash(request, {
        kind: 'success',
        key: requested ? 'registrations.substitution_requested' : 'registrations.substituted',
        params: { name: value.participant.name },
      });
    });
  }

  private show(
    request: FastifyRequest,
    reply: FastifyReply,
    registration: Registration,
    mode: ParticipantFormMode,
    form?: { values: Record<string, unknown>; errors: Record<string, FieldError[]> },
    status = 200,
  ) {
    const model = participantFormModel(registration, mode, request.locale ?? 'en', form?.values);
    return renderPage(
      request,
      reply,
      'registrations/participant',
      { ...model, ...(form ? { form } : {}) },
      status,
    );
  }

  /** Runs the form's use case: back to the delegation on success, the form again on a problem. */
  private async submit(
    request: FastifyRequest,
    reply: FastifyReply,
    registration: Registration,
    mode: ParticipantFormMode,
    work: () => Promise<Record<string, string[]> | void>,
  ) {
    const values = (request.body ?? {}) as Record<string, unknown>;
    try {
      const errors = await work();
      if (errors)
        return this.show(
          request,
          reply,
          registration,
          mode,
          {
            values,
            errors: formFieldErrors(errors),
          },
          400,
        );
      return redirect(
        reply,
        `/organisations/${registration.organisationId}/delegation#registration-${registration.id}`,
      );
    } catch (error) {
      const problem = formProblem(error, reply);
      if (!problem) throw error;
      return this.show(
        request,
        reply,
        registration,
        mode,
        {
          values,
          errors: formFieldErrors(problem.errors),
        },
        problem.status,
      );
    }
  }

  @Staff()
  @Post('staff/consultations/:id/registrations/:registrationId/:action')
  async staffAction(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('registrationId', uuid) registrationId: string,
    @Param('action') action: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const back = `/staff/consultations/${id}/participants`;
    const body = (request.body ?? {}) as Record<string, unknown>;
    return runAction(request, reply, back, async () => {
      const name = (await this.staffAct(user, registrationId, action, body)).participantName;
      flash(request, {
        kind: 'success',
        key: `staff.participants.done_${action.replace(/-/g, '_')}`,
        params: { name },
      });
      return redirect(reply, back);
    });
  }

  private async staffAct(
    user: SignedInUser,
    id: string,
    action: string,
    body: Record<string, unknown>,
  ): Promise<Registration> {
    if (action === 'no-show' || action === 'undo-check-in') {
      const { value } = await valid(ReasonDto, { reason: body.reason });
      return action === 'no-show'
        ? this.changes.noShow(user, id, value.reason)
        : this.changes.undoCheckIn(user, id, value.reason);
    }
    if (action === 'staff-cancel') {
      const { value } = await valid(CancelDto, { reason: body.reason });
      return this.registrations.cancel(user, id, value.reason);
    }
    if (action === 'substitution-approve' || action === 'substitution-decline') {
      const decision = action === 'substitution-approve' ? 'approve' : 'decline';
      const { value } = await valid(SubstitutionDecisionDto, { decision, reason: body.reason });
      return this.changes.decideSubstitution(user, id, value.decision, value.reason);
    }
    throw notFound();
  }
}

/** A staff action's small form: its problems are flashed on the list, like a refusal. */
async function valid<T extends object>(dto: new () => T, body: Record<string, unknown>) {
  const { value, errors } = await validateForm(dto, body);
  if (errors) throw new InvalidInputError(errors);
  return { value };
}
