import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Locale, UserRole } from '../accounts/user.entity';
import { CurrentUser, Roles, Staff } from '../common/access.decorators';
import { Clock } from '../common/clock';
import { formatUtc } from '../common/dates';
import { DomainError, InvalidInputError } from '../common/domain-error';
import { submitForm } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { flash, SignedInUser } from '../common/web';
import { countryOptions } from '../organisations/countries';
import { MembershipRole } from '../organisations/membership.entity';
import { ObserverStatus } from '../organisations/organisation.entity';
import { organisationPage } from '../organisations/organisation.views';
import { OrganisationsService } from '../organisations/organisations.service';
import { REGIONS } from '../organisations/regions';
import { DOCUMENT_KINDS } from './accreditation-document.entity';
import { REJECTION_REASONS } from './accreditation-event.entity';
import { AccreditationStatus, OPEN_STATUSES } from './accreditation-request.entity';
import { readUpload } from './accreditation.form';
import { AccreditationService, RequestDetail } from './accreditation.service';
import { AccreditationQueries } from './accreditation.queries';
import { AccreditationDocumentsService, MAX_DOCUMENTS } from './accreditation-documents.service';
import { ObserverStatusService } from './observer-status.service';
import {
  ObserverStatusDto,
  QueueQueryDto,
  ResponseDto,
  ReviewDecisionFormDto,
  SubmitAccreditationDto,
} from './dto/accreditation.dto';
import { uuid } from '../common/validation';

const DAY = 86_400_000;

function detailModel(detail: RequestDetail, locale: Locale) {
  const { request, documents, events } = detail;
  return {
    id: request.id,
    status: request.status,
    open: OPEN_STATUSES.includes(request.status),
    motivation: request.motivation,
    migrationActivities: request.migrationActivities,
    submittedAt: formatUtc(request.submittedAt, locale),
    documents: documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      name: d.originalName,
      sizeKb: Math.max(1, Math.round(d.size / 1024)),
      url: `/api/v1/accreditation-requests/${request.id}/documents/${d.id}`,
    })),
    history: events.map((e) => ({
      type: e.type,
      actor: e.actor?.name ?? '',
      at: formatUtc(e.at, locale),
      datetime: e.at.toISOString(),
      message: e.message,
      reasonCode: e.reasonCode,
    })),
  };
}

@ApiExcludeController()
@Controller()
export class AccreditationPagesController {
  constructor(
    private readonly accreditation: AccreditationService,
    private readonly queries: AccreditationQueries,
    private readonly documents: AccreditationDocumentsService,
    private readonly observers: ObserverStatusService,
    private readonly organisations: OrganisationsService,
    private readonly clock: Clock,
  ) {}

  @Get('organisations/:id/accreditation')
  async page(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(
      request,
      reply,
      'accreditation/organisation',
      await this.organisationModel(user, request, id),
    );
  }

  private async organisationModel(
    user: SignedInUser,
    request: FastifyRequest,
    organisationId: string,
  ) {
    const locale = request.locale ?? 'en';
    const membership = await this.organisations.assertMember(user, organisationId);
    const { organisation } = await this.organisations.findVisible(user, organisationId);
    const requests = await this.accreditation.forOrganisation(user, organisationId);
    const focalPoint = membership?.role === MembershipRole.FocalPoint;
    const current = requests.find((r) => OPEN_STATUSES.includes(r.status)) ?? requests[0];
    const detail = current
      ? detailModel(await this.accreditation.detail(user, current.id), locale)
      : null;
    return {
      title: 'accreditation.title',
      organisation: organisationPage(organisation, locale, true),
      focalPoint,
      request: detail,
      canSubmit:
        focalPoint &&
        organisation.observerStatus === ObserverStatus.None &&
        !requests.some((r) => OPEN_STATUSES.includes(r.status)),
      canUpload: focalPoint && detail?.open && detail.documents.length < MAX_DOCUMENTS,
      canRespond: focalPoint && detail?.status === AccreditationStatus.InfoRequested,
      canWithdraw: focalPoint && detail?.open,
      documentKinds: DOCUMENT_KINDS,
      maxDocuments: MAX_DOCUMENTS,
      past: requests
        .filter((r) => r !== current)
        .map((r) => ({ status: r.status, submittedAt: formatUtc(r.submittedAt, locale) })),
    };
  }

  @Post('organisations/:id/accreditation')
  async submit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.organisationModel(user, request, id);
    return submitForm(
      request,
      reply,
      SubmitAccreditationDto,
      { view: 'accreditation/organisation', title: model.title, data: model },
      async (value) => {
        await this.accreditation.submit(user, id, value);
        flash(request, { kind: 'success', key: 'accreditation.submitted' });
        return redirect(reply, `/organisations/${id}/accreditation`);
      },
    );
  }

  @Post('organisations/:id/accreditation/:requestId/documents')
  async upload(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('requestId', uuid) requestId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    try {
      const upload = await readUpload(request);
      await this.documents.addDocument(user, requestId, upload.kind, upload.filename, upload.file);
    } catch (error) {
      // Fastify's own multipart limit raises a plain error with statusCode 413.
      const tooLarge =
        (error as { statusCode?: number }).statusCode === 413 ||
        (error instanceof DomainError && error.code === 'TOO_LARGE');
      if (!(error instanceof InvalidInputError) && !tooLarge) throw error;
      const status = tooLarge ? 413 : 400;
      const model = await this.organisationModel(user, request, id);
      const errors =
        error instanceof InvalidInputError ? error.fields : { file: ['errors.too_large'] };
      return renderPage(
        request,
        reply,
        'accreditation/organisation',
        { ...model, form: { errors } },
        status,
      );
    }
    flash(request, { kind: 'success', key: 'accreditation.document_added' });
    return redirect(reply, `/organisations/${id}/accreditation`);
  }

  @Post('organisations/:id/accreditation/:requestId/responses')
  async respond(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('requestId', uuid) requestId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.organisationModel(user, request, id);
    return submitForm(
      request,
      reply,
      ResponseDto,
      { view: 'accreditation/organisation', title: model.title, data: model },
      async (value) => {
        await this.accreditation.respond(user, requestId, value.message);
        flash(request, { kind: 'success', key: 'accreditation.responded' });
        return redirect(reply, `/organisations/${id}/accreditation`);
      },
    );
  }

  @Post('organisations/:id/accreditation/:requestId/withdraw')
  async withdraw(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('requestId', uuid) requestId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.accreditation.withdraw(user, requestId);
    flash(request, { kind: 'success', key: 'accreditation.withdrawn' });
    return redirect(reply, `/organisations/${id}/accreditation`);
  }

  @Staff()
  @Get('staff/accreditation')
  async queue(
    @CurrentUser() user: SignedInUser,
    @Query() query: QueueQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = request.locale ?? 'en';
    const status = query.status ?? AccreditationStatus.Submitted;
    const page = await this.queries.list(user, { ...query, status, pageSize: 50 });
    const now = this.clock.now().getTime();
    const own = new Set(
      (await this.organisations.myOrganisations(user.id)).map((m) => m.organisationId),
    );
    return renderPage(request, reply, 'accreditation/queue', {
      title: 'staff.queue.title',
      statuses: Object.values(AccreditationStatus).map((s) => ({
        value: s,
        selected: s === status,
      })),
      countries: countryOptions(locale, query.country),
      regions: REGIONS.map((region) => ({ value: region, selected: region === query.region })),
      total: page.total,
      requests: page.items.map((r) => ({
        id: r.id,
        organisation: r.organisation.name,
        country: organisationPage(r.organisation, locale, false).countryName,
        region: r.organisation.region,
        status: r.status,
        submittedAt: formatUtc(r.submittedAt, locale),
        daysWaiting: Math.floor((now - r.submittedAt.getTime()) / DAY),
        awaitsAnotherReviewer: own.has(r.organisation.id) && OPEN_STATUSES.includes(r.status),
      })),
    });
  }

  @Staff()
  @Get('staff/accreditation/:id')
  async review(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(
      request,
      reply,
      'accreditation/review',
      await this.reviewModel(user, request, id),
    );
  }

  private async reviewModel(user: SignedInUser, request: FastifyRequest, id: string) {
    const locale = request.locale ?? 'en';
    const detail = await this.accreditation.detail(user, id);
    const ownOrganisation = (await this.organisations.myOrganisations(user.id)).some(
      (m) => m.organisationId === detail.organisation.id,
    );
    const waiting = detail.request.status === AccreditationStatus.Submitted;
    return {
      title: 'staff.review.title',
      organisation: organisationPage(detail.organisation, locale, true),
      request: detailModel(detail, locale),
      canDecide: waiting && !ownOrganisation,
      awaitsAnotherReviewer: waiting && ownOrganisation,
      reasonCodes: REJECTION_REASONS,
    };
  }

  @Staff()
  @Post('staff/accreditation/:id/decisions')
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.reviewModel(user, request, id);
    return submitForm(
      request,
      reply,
      ReviewDecisionFormDto,
      { view: 'accreditation/review', title: model.title, data: model },
      async (value) => {
        await this.accreditation.decide(user, id, value.decision, value.reason, value.reasonCode);
        flash(request, { kind: 'success', key: `staff.review.done_${value.decision}` });
        return redirect(
          reply,
          value.decision === 'request_info' ? `/staff/accreditation/${id}` : '/staff/accreditation',
        );
      },
    );
  }

  @Roles(UserRole.Admin)
  @Post('organisations/:id/observer-status')
  async observerStatus(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { view: 'errors/error', title: 'errors.page_title', data: { message: '' } };
    return submitForm(request, reply, ObserverStatusDto, page, async (value) => {
      await this.observers.setObserverStatus(user, id, value.status, value.reason);
      flash(request, {
        kind: 'success',
        key:
          value.status === ObserverStatus.Suspended ? 'observer.suspended' : 'observer.reinstated',
      });
      return redirect(reply, `/organisations/${id}`);
    });
  }
}
