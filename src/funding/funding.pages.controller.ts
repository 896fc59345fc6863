import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Locale, UserRole } from '../accounts/user.entity';
import { CurrentUser, Staff } from '../common/access.decorators';
import { Clock } from '../common/clock';
import { formatDateTime } from '../common/dates';
import { InvalidInputError, forbidden } from '../common/domain-error';
import { t } from '../common/i18n';
import { fromMinor } from '../common/money';
import { FieldError, redirect, renderPage } from '../common/pages';
import { uuid, validateForm } from '../common/validation';
import { flash, queryParam, SignedInUser } from '../common/web';
import { consultationSummary } from '../consultations/consultation.views';
import { ConsultationsService } from '../consultations/consultations.service';
import { countryName, countryOptions } from '../organisations/countries';
import { OrganisationsService } from '../organisations/organisations.service';
import { ACTIVE_STATUSES, Registration } from '../registrations/registration.entity';
import { registrationRow } from '../registrations/registrations.pages.controller';
import { RegistrationsService } from '../registrations/registrations.service';
import { barChart } from './charts';
import { ApplyDto, FundingDecisionDto, FundingSettingsDto } from './dto/funding.dto';
import { COST_KINDS, FundingApplication, FundingStatus } from './funding-application.entity';
import { FundingService, RankedApplication } from './funding.service';
import { fundingOutcome, priorityReasons } from './funding.views';
import { runAction, formProblem } from '../common/forms';

function applicationSummary(application: FundingApplication | undefined, locale: Locale) {
  if (!application) return null;
  return {
    id: application.id,
    status: application.status,
    outcome: fundingOutcome(application, locale),
    requested: fromMinor(application.requestedMinor),
    currency: application.currency,
    reason: application.decisionReason,
    canWithdraw: application.status === FundingStatus.Submitted,
  };
}

/** The application form: one amount field per claimable kind of cost, blank when not claimed. */
function applicationFromForm(body: Record<string, unknown>, currency: string) {
  const lines = COST_KINDS.filter(
    (kind) =>
      typeof body[`amount_${kind}`] === 'string' &&
      (body[`amount_${kind}`] as string).trim() !== '',
  ).map((kind) => ({
    kind,
    amount: (body[`amount_${kind}`] as string).trim().replace(/^(\d+),(\d{1,2})$/, '$1.$2'),
  }));
  return {
    lines,
    currency,
    departureCity: body.departureCity,
    departureCountry: body.departureCountry,
    justification: body.justification,
    couldAttendWithout:
      body.couldAttendWithout === undefined ? undefined : body.couldAttendWithout === 'true',
  };
}

function lineErrorsToFields(
  errors: Record<string, FieldError[]>,
  lines: { kind: string }[],
): Record<string, FieldError[]> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, keys]) => {
      const match = /^lines\.(\d+)\./.exec(field);
      return [match ? `amount_${lines[Number(match[1])]?.kind}` : field, keys];
    }),
  );
}

/** Says which score staff read: the one the decision recorded, or today's beside the one at submission. */
function scoreNote(application: RankedApplication, locale: Locale, timeZone: string): string {
  if (application.status !== FundingStatus.Submitted && application.priorityAtDecision) {
    return t(locale, 'funding.score_at_decision', {
      date: application.decidedAt ? formatDateTime(application.decidedAt, locale, timeZone) : '',
    });
  }
  if (application.status === FundingStatus.Submitted && application.priorityAtSubmission) {
    return t(locale, 'funding.score_today', { score: application.priorityAtSubmission.score });
  }
  return '';
}

@ApiExcludeController()
@Controller()
export class FundingPagesController {
  constructor(
    private readonly funding: FundingService,
    private readonly registrations: RegistrationsService,
    private readonly consultations: ConsultationsService,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
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
    const applications = await this.funding.forOrganisation(id);
    const highlighted = queryParam(request, 'offer');
    return renderPage(request, reply, 'funding/delegation', {
      title: 'registrations.delegation_title',
      organisation: { id: organisation.id, name: organisation.name },
      registrations: registrations.map((r) => ({
        ...registrationRow(r, positions, locale, r.consultation!.timezone),
        consultation: r.consultation!.title,
        consultationId: r.consultationId,
        highlighted: r.id === highlighted,
        funding: applicationSummary(applications.get(r.id), locale),
        canApply: ACTIVE_STATUSES.includes(r.status) && !applications.has(r.id),
      })),
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
    if ((await this.funding.forOrganisation(registration.organisationId)).has(id)) {
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
    const summary = await this.funding.summary(user, consultation.id);
    const deadline = consultation.fundingDeadline ?? consultation.startsAt;
    return {
      title: 'funding.apply_title',
      registration: {
        id: registration.id,
        name: registration.participantName,
        organisationId: registration.organisationId,
      },
      consultation: consultationSummary(consultation, locale, false),
      currency: summary.currency,
      deadline: formatDateTime(deadline, locale, consultation.timezone),
      open: this.clock.now() < deadline,
      kinds: summary.lineKinds.map((kind) => ({ kind, name: `amount_${kind}` })),
      countries: countryOptions(locale, (values.departureCountry as string) ?? undefined),
      form: { values },
    };
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
    if (errors) return reshow(errors, 400);
    try {
      await this.funding.apply(user, id, value);
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
    const application = await this.funding.get(user, id);
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
    return renderPage(request, reply, 'funding/staff', await this.staffModel(user, request, id));
  }

  private async staffModel(user: SignedInUser, request: FastifyRequest, id: string) {
    const locale = request.locale ?? 'en';
    const consultation = await this.consultations.get(user, id);
    const summary = await this.funding.summary(user, id);
    const ranked = await this.funding.ranked(user, id);
    const funded = ranked.filter((a) => a.status === FundingStatus.Awarded);
    const fundedInRegion = (region: string) =>
      funded.filter((a) => a.organisation.region === region).length;
    return {
      title: 'funding.staff_title',
      consultation: consultationSummary(consultation, locale, false),
      isAdminUser: user.role === UserRole.Admin,
      budget: {
        budget: fromMinor(summary.budget),
        awarded: fromMinor(summary.awarded),
        remaining: fromMinor(summary.remaining),
        awaiting: fromMinor(summary.awaiting),
        currency: summary.currency,
        cap: summary.capMinor === null ? '' : fromMinor(summary.capMinor),
      },
      lineKinds: COST_KINDS.map((kind) => ({ kind, checked: summary.lineKinds.includes(kind) })),
      csvUrl: `/api/v1/consultations/${id}/funding-applications.csv`,
      applications: ranked.map((a: RankedApplication) => {
        const region = a.organisation.region;
        const ceiling =
          summary.capMinor === null
            ? a.requestedMinor
            : Math.min(summary.capMinor, a.requestedMinor);
        return {
          id: a.id,
          participant: a.registration.participantName,
          organisation: a.organisation.name,
          organisationId: a.organisation.id,
          region,
          departure: `${a.departureCity}, ${countryName(a.departureCountry, locale)}`,
          lines: a.lines.map((line) => ({ kind: line.kind, amount: fromMinor(line.amount) })),
          requested: fromMinor(a.requestedMinor),
          suggested: fromMinor(ceiling),
          currency: a.currency,
          justification: a.justification,
          couldAttendWithout: a.couldAttendWithout,
          status: a.status,
          outcome: fundingOutcome(a, locale),
          waiting: a.status === FundingStatus.Submitted && !a.awaitsAnotherReviewer,
          awaitsAnotherReviewer: a.awaitsAnotherReviewer,
          score: a.priority.score,
          scoreNote: scoreNote(a, locale, consultation.timezone),
          reasons: priorityReasons(a.priority, locale),
          balance: t(locale, 'funding.balance', {
            region: t(locale, `regions.${region}`),
            before: fundedInRegion(region),
            after: fundedInRegion(region) + 1,
            total: funded.length + 1,
          }),
        };
      }),
    };
  }

  @Staff()
  @Post('staff/funding-applications/:id/decisions')
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const application = await this.funding.get(user, id);
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    if (body.decision === 'decline' || body.amount === '') delete body.amount;
    const { value, errors } = await validateForm(FundingDecisionDto, body);
    const back = `/staff/consultations/${application.consultationId}/funding`;
    return runAction(request, reply, back, async () => {
      if (errors) throw new InvalidInputError(errors);
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
          : { amount: fromMinor(decided.awardedMinor), currency: decided.currency };
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
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = {
      capPerApplication:
        typeof body.capPerApplication === 'string' && body.capPerApplication.trim()
          ? body.capPerApplication.trim()
          : null,
      lineKinds: ([] as unknown[]).concat(body.lineKinds ?? []),
    };
    const { value, errors } = await validateForm(FundingSettingsDto, input);
    if (errors) {
      flash(request, { kind: 'error', key: Object.values(errors)[0][0] });
    } else {
      await this.funding.updateSettings(user, id, {
        ...value,
        capPerApplication: input.capPerApplication,
      });
      flash(request, { kind: 'success', key: 'funding.settings_saved' });
    }
    return redirect(reply, `/staff/consultations/${id}/funding`);
  }

  @Staff()
  @Get('staff/consultations/:id/participation')
  async participation(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale: Locale = request.locale ?? 'en';
    const consultation = await this.consultations.get(user, id);
    const participation = await this.funding.participation(user, id);
    const label = (dimension: string, key: string) => {
      if (dimension === 'region') return t(locale, `regions.${key}`);
      if (dimension === 'organisationType') return t(locale, `organisation_types.${key}`);
      if (dimension === 'gender') return t(locale, `genders.${key}`);
      return t(locale, `participation.${key}`);
    };
    const legend = {
      confirmed: t(locale, 'participation.confirmed'),
      funded: t(locale, 'participation.funded'),
    };
    return renderPage(request, reply, 'funding/participation', {
      title: 'participation.title',
      consultation: consultationSummary(consultation, locale, false),
      confirmed: participation.confirmed,
      funded: participation.funded,
      dimensions: participation.dimensions.map((d) => {
        const heading = t(locale, `participation.dimension_${d.name}`);
        const rows = d.rows.map((row) => ({ ...row, label: label(d.name, row.key) }));
        return {
          name: d.name,
          heading,
          rows,
          svg: barChart(`chart-${d.name}`, heading, rows, legend),
        };
      }),
    });
  }
}
