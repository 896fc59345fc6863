import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles, Staff } from '../common/access.decorators';
import { Clock } from '../common/clock';
import { runAction, submitForm, submitUpload } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { uuid } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { InvalidInputError } from '../common/domain-error';
import { confirmationErrors } from '../common/irreversible';
import { ObserverStatus } from '../organisations/organisation.entity';
import { AccreditationDocumentsService } from './accreditation-documents.service';
import { readUpload } from './accreditation.form';
import { AccreditationQueries } from './accreditation.queries';
import { AccreditationService } from './accreditation.service';
import {
  organisationAccreditationView,
  queuePageView,
  reviewPageView,
} from './accreditation.views';
import {
  ObserverStatusDto,
  QueueQueryDto,
  ResponseDto,
  ReviewDecisionFormDto,
  SubmitAccreditationDto,
} from './dto/accreditation.dto';
import { ObserverStatusService } from './observer-status.service';

@ApiExcludeController()
@Controller()
export class AccreditationPagesController {
  constructor(
    private readonly accreditation: AccreditationService,
    private readonly queries: AccreditationQueries,
    private readonly documents: AccreditationDocumentsService,
    private readonly observers: ObserverStatusService,
    private readonly clock: Clock,
  ) {}

  @Get('organisations/:id/accreditation')
  async page(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { view, data } = await this.organisationPage(user, request, id);
    return renderPage(request, reply, view, data);
  }

  /** The organisation's accreditation page, as every form on it is re-shown. */
  private async organisationPage(user: SignedInUser, request: FastifyRequest, id: string) {
    const data = organisationAccreditationView(
      await this.queries.organisationPage(user, id),
      request.locale ?? 'en',
    );
    return { view: 'accreditation/organisation', title: data.title, data };
  }

  @Post('organisations/:id/accreditation')
  async submit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.organisationPage(user, request, id);
    return submitForm(request, reply, SubmitAccreditationDto, page, async (value) => {
      await this.accreditation.submit(user, id, value);
      flash(request, { kind: 'success', key: 'accreditation.submitted' });
      return redirect(reply, `/organisations/${id}/accreditation`);
    });
  }

  @Post('organisations/:id/accreditation/:requestId/documents')
  async upload(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('requestId', uuid) requestId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = () => this.organisationPage(user, request, id);
    return submitUpload(request, reply, page, async () => {
      const upload = await readUpload(request);
      await this.documents.addDocument(user, requestId, upload.kind, upload.filename, upload.file);
      flash(request, { kind: 'success', key: 'accreditation.document_added' });
      return redirect(reply, `/organisations/${id}/accreditation`);
    });
  }

  @Post('organisations/:id/accreditation/:requestId/documents/:documentId/remove')
  async removeDocument(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('requestId', uuid) requestId: string,
    @Param('documentId', uuid) documentId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const back = `/organisations/${id}/accreditation`;
    return runAction(request, reply, back, async () => {
      await this.documents.removeDocument(user, requestId, documentId);
      flash(request, { kind: 'success', key: 'accreditation.document_removed' });
      return redirect(reply, back);
    });
  }

  @Post('organisations/:id/accreditation/:requestId/responses')
  async respond(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('requestId', uuid) requestId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.organisationPage(user, request, id);
    return submitForm(request, reply, ResponseDto, page, async (value) => {
      await this.accreditation.respond(user, requestId, value.message);
      flash(request, { kind: 'success', key: 'accreditation.responded' });
      return redirect(reply, `/organisations/${id}/accreditation`);
    });
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
    const queue = await this.queries.queuePage(user, query);
    return renderPage(
      request,
      reply,
      'accreditation/queue',
      queuePageView(queue, query, request.locale ?? 'en', this.clock.now()),
    );
  }

  @Staff()
  @Get('staff/accreditation/:id')
  async review(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { view, data } = await this.reviewPage(user, request, id);
    return renderPage(request, reply, view, data);
  }

  private async reviewPage(user: SignedInUser, request: FastifyRequest, id: string) {
    const data = reviewPageView(await this.queries.reviewPage(user, id), request.locale ?? 'en');
    return { view: 'accreditation/review', title: data.title, data };
  }

  @Staff()
  @Post('staff/accreditation/:id/decisions')
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.reviewPage(user, request, id);
    return submitForm(request, reply, ReviewDecisionFormDto, page, async (value) => {
      const unconfirmed = value.decision === 'reject' && confirmationErrors(value);
      if (unconfirmed) throw new InvalidInputError(unconfirmed);
      await this.accreditation.decide(user, id, value.decision, value.reason, value.reasonCode);
      flash(request, { kind: 'success', key: `staff.review.done_${value.decision}` });
      return redirect(
        reply,
        value.decision === 'request_info' ? `/staff/accreditation/${id}` : '/staff/accreditation',
      );
    });
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
