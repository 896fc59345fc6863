import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Staff } from '../common/access.decorators';
import { Clock } from '../common/clock';
import { InvalidInputError, forbidden } from '../common/domain-error';
import { formProblem, runAction } from '../common/forms';
import { formatMoney } from '../common/money';
import { FieldError, redirect, renderPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { uuid, validateForm } from '../common/validation';
import { flash, queryParam, SignedInUser } from '../common/web';
import { consultationSummary } from '../consultations/consultation.views';
import { ConsultationsService } from '../consultations/consultations.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { CheckInCodes, shortCode } from '../registrations/check-in-code';
import { Registration } from '../registrations/registration.entity';
import { registrationRow } from '../registrations/registration.views';
import { RegistrationsService } from '../registrations/registrations.service';
import { ApplyDto, FundingDecisionFormDto, FundingSettingsDto } from './dto/funding.dto';
import { confirmationErrors } from '../common/irreversible';
import {
  applicationFromForm,
  decisionFromForm,
  lineErrorsToFields,
  settingsFromForm,
} from './funding.form';
import { FundingReports } from './funding.reports';
import { FundingService } from './funding.service';
import {
  applyFormView,
  delegationFunding,
  delegationGroups,
  participationPageView,
  staffFundingView,
} from './funding.views';

@ApiExcludeController()
@Controller()
export class FundingPagesController {
  constructor(
    private readonly funding: FundingService,
    private readonly reports: FundingReports,
    private readonly registrations: RegistrationsService,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
    private readonly codes: CheckInCodes,
  ) {}

  /** The organisation's registrations, offers and funding applications, across consultations. */
  @Get('organisations/:id/delegation')
  async delegation(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = request.locale ?? 'en';
    const { organisation } = await this.organisations.findVisible(user, id);
    const registrations = await this.registrations.forOrganisation(user, id);
    const positions = new Map<string, number>();
    for (const consultationId of new Set(registrations.map((r) => r.consultationId))) {
      for (const [key, value] of await this.registrations.waitlistPositions(consultationId))
        positions.set(key, value);
    }
    const applications = await this.reports.forOrganisation(id);
    const highlighted = queryParam(request, 'offer');
    return renderPage(request, reply, 'funding/delegation', {
      title: 'registrations.delegation_title',
      organisation: { id: organisation.id, name: organisation.name },
      groups: delegationGroups(
        registrations.map((r) => ({
          registration: r,
          row: {
            ...registrationRow(r, positions, locale, r.consultation!.timezone),
            ...delegationFunding(r, applications, highlighted, locale),
            checkInCode: this.codes.codeFor(r),
            shortCode: shortCode(r.id),
          },
        })),
        locale,
        this.clock.now(),
        (c) => this.consultations.isRegistrationOpen(c),
      ),
    });
  }

  @Get('registrations/:id/funding')
  async form(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const registration = await this.registrations.get(user, id);
    if ((await this.reports.forOrganisation(registration.organisationId)).has(id)) {
      flash(request, { kind: 'info', key: 'errors.already_applied' });
      return redirect(
        reply,
        `/organisations/${registration.organisationId}/delegation#registration-${id}`,
      );
    }
    return renderPage(
      request,
      reply,
      'funding/apply',
      await this.formModel(user, request, registration),
    );
  }

  private async formModel(
    user: SignedInUser,
    request: FastifyRequest,
    registration: Registration,
    values: Record<string, unknown> = {},
  ) {
    const locale = request.locale ?? 'en';
    const consultation = await this.consultations.get(user, registration.consultationId);
    return applyFormView({
      registration,
      consultation,
      consultationSummary: consultationSummary(consultation, locale, false),
      summary: await this.reports.summary(user, consultation.id),
      now: this.clock.now(),
      locale,
      values,
    });
  }

  @Post('registrations/:id/funding')
  async apply(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const registration = await this.registrations.get(user, id);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const model = await this.formModel(user, request, registration, body);
    const input = applicationFromForm(body, model.currency);
    const reshow = (errors: Record<string, FieldError[]>, status: number) =>
      renderPage(
        request,
        reply,
        'funding/apply',
        { ...model, form: { values: body, errors: lineErrorsToFields(errors, input.lines) } },
        status,
      );
    const { value, errors } = await validateForm(ApplyDto, input);
    // The form asks the question outright: an unanswered one is not taken for "yes".
    const unanswered =
      input.couldAttendWithout === undefined
        ? { couldAttendWithout: ['errors.could_attend_unanswered'] }
        : null;
    if (errors || unanswered) return reshow({ ...errors, ...unanswered }, 400);
    try {
      await this.funding.apply(user, id, value!);
    } catch (error) {
      const problem = formProblem(error, reply);
      if (!problem) throw error;
      return reshow(problem.errors, problem.status);
    }
    flash(request, { kind: 'success', key: 'funding.applied' });
    return redirect(reply, `/organisations/${registration.organisationId}/delegation`);
  }

  @Post('funding-applications/:id/withdraw')
  async withdraw(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const application = await this.reports.get(user, id);
    const back = `/organisations/${application.organisationId}/delegation`;
    // A decision or the registration's end may get there first: runAction says so on the page.
    return runAction(request, reply, back, async () => {
      await this.funding.withdraw(user, id);
      flash(request, { kind: 'success', key: 'funding.withdrawn' });
      return redirect(reply, back);
    });
  }

  @Staff()
  @Get('staff/consultations/:id/funding')
  async staffFunding(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = request.locale ?? 'en';
    const report = await this.reports.staffFunding(user, id);
    return renderPage(
      request,
      reply,
      'funding/staff',
      staffFundingView(report, {
        locale,
        isAdminUser: user.role === UserRole.Admin,
        consultationSummary: consultationSummary(report.consultation, locale, false),
      }),
    );
  }

  @Staff()
  @Post('staff/funding-applications/:id/decisions')
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const application = await this.reports.get(user, id);
    const body = decisionFromForm((request.body ?? {}) as Record<string, unknown>);
    const { value, errors } = await validateForm(FundingDecisionFormDto, body);
    const back = `/staff/consultations/${application.consultationId}/funding`;
    return runAction(request, reply, back, async () => {
      if (errors) throw new InvalidInputError(errors);
      const unconfirmed = value.decision === 'decline' && confirmationErrors(value);
      if (unconfirmed) throw new InvalidInputError(unconfirmed);
      const decided = await this.funding.decide(
        user,
        id,
        value.decision,
        value.amount,
        value.reason,
      );
      const awarded: Record<string, string> =
        decided.awardedMinor === null
          ? {}
          : { amount: formatMoney(decided.awardedMinor, decided.currency, request.locale ?? 'en') };
      flash(request, { kind: 'success', key: `funding.done_${value.decision}`, params: awarded });
      return redirect(reply, back);
    });
  }

  @Staff()
  @Post('staff/consultations/:id/funding-settings')
  async settings(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (user.role !== UserRole.Admin) throw forbidden();
    const input = settingsFromForm((request.body ?? {}) as Record<string, unknown>);
    const { value, errors } = await validateForm(FundingSettingsDto, input);
    const back = `/staff/consultations/${id}/funding`;
    return runAction(request, reply, back, async () => {
      if (errors) throw new InvalidInputError(errors);
      await this.funding.updateSettings(user, id, {
        ...value,
        capPerApplication: input.capPerApplication,
      });
      flash(request, { kind: 'success', key: 'funding.settings_saved' });
      return redirect(reply, back);
    });
  }

  @Staff()
  @Get('staff/consultations/:id/participation')
  async participation(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = request.locale ?? 'en';
    const consultation = await this.consultations.get(user, id);
    const participation = await this.reports.participation(user, id);
    return renderPage(request, reply, 'funding/participation', {
      title: 'participation.title',
      subject: consultationSummary(consultation, locale, false).title,
      consultation: consultationSummary(consultation, locale, false),
      ...participationPageView(participation, locale),
    });
  }
}
