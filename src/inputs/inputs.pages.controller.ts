import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Staff } from '../common/access.decorators';
import { Clock } from '../common/clock';
import { runAction, submitForm, submitUpload } from '../common/forms';
import { Links } from '../common/links';
import { redirect, renderPage } from '../common/pages';
import { isStaff } from '../common/roles';
import { uuid, validateForm } from '../common/validation';
import { InvalidInputError } from '../common/domain-error';
import { flash, SignedInUser } from '../common/web';
import {
  CosignDto,
  CreateSubmissionDto,
  SubmissionDecisionDto,
  SubmissionQueryDto,
  UpdateSubmissionDto,
} from './dto/inputs.dto';
import { readSubmissionUpload, submissionFromForm } from './inputs.form';
import { InputsQueries } from './inputs.queries';
import {
  archivePageView,
  callsPageView,
  queuePageView,
  submissionFormValues,
  submissionFormView,
  submissionPageView,
} from './inputs.views';
import { SubmissionAttachments } from './submission-attachments.service';
import { SubmissionsService } from './submissions.service';

@ApiExcludeController()
@Controller()
export class InputsPagesController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly attachments: SubmissionAttachments,
    private readonly queries: InputsQueries,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Get('consultations/:id/inputs')
  async calls(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { consultation, calls } = await this.queries.callsOf(request.user, id);
    const memberOf = request.user ? (await this.queries.membershipsOf(request.user.id)).length : 0;
    const data = callsPageView(
      consultation,
      calls,
      memberOf,
      request.locale ?? 'en',
      this.clock.now(),
    );
    return renderPage(request, reply, 'inputs/calls', data);
  }

  /** The new-submission form, as every failed post re-shows it. */
  private async newForm(user: SignedInUser, request: FastifyRequest, callId: string) {
    const { call, consultation } = await this.queries.call(user, callId);
    const choices = await this.queries.formChoices(user);
    const data = submissionFormView(
      call,
      consultation,
      choices,
      request.locale ?? 'en',
      this.clock.now(),
    );
    return { view: 'inputs/form', title: data.title, data };
  }

  @Get('input-calls/:id/submit')
  async submitForm(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.newForm(user, request, id);
    return renderPage(request, reply, page.view, page.data);
  }

  @Post('input-calls/:id/submissions')
  async create(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = {
      ...(await this.newForm(user, request, id)),
      input: submissionFromForm(request.body, true),
    };
    return submitForm(request, reply, CreateSubmissionDto, page, async (value) => {
      const submission = await this.submissions.create(user, id, value);
      flash(request, { kind: 'success', key: value.draft ? 'inputs.saved' : 'inputs.submitted' });
      return redirect(reply, `/inputs/${submission.id}`);
    });
  }

  @Public()
  @Get('inputs')
  async archive(
    @Query() query: SubmissionQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.queries.search(request.user, query);
    const data = archivePageView(
      page,
      request.query as Record<string, unknown>,
      request.locale ?? 'en',
    );
    return renderPage(request, reply, 'inputs/archive', {
      ...data,
      form: { values: request.query as Record<string, unknown> },
    });
  }

  @Public()
  @Get('inputs/:id')
  async read(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const detail = await this.queries.detail(request.user, id);
    const data = submissionPageView(
      detail,
      isStaff(request.user),
      request.locale ?? 'en',
      (path) => this.links.to(path),
      this.clock.now(),
    );
    return renderPage(request, reply, 'inputs/submission', data);
  }

  private async editForm(user: SignedInUser, request: FastifyRequest, id: string) {
    const detail = await this.queries.detail(user, id);
    const { call, consultation } = await this.queries.call(user, detail.call.id);
    const choices = await this.queries.formChoices(user);
    const data = submissionFormView(
      call,
      consultation,
      choices,
      request.locale ?? 'en',
      this.clock.now(),
      detail.submission,
    );
    return { view: 'inputs/form', title: data.title, data, values: submissionFormValues(detail) };
  }

  @Get('inputs/:id/edit')
  async edit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.editForm(user, request, id);
    return renderPage(request, reply, page.view, { ...page.data, form: { values: page.values } });
  }

  @Post('inputs/:id/edit')
  async update(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = {
      ...(await this.editForm(user, request, id)),
      input: submissionFromForm(request.body, false),
    };
    return submitForm(request, reply, UpdateSubmissionDto, page, async (value) => {
      await this.submissions.update(user, id, value);
      flash(request, { kind: 'success', key: 'inputs.saved' });
      return redirect(reply, `/inputs/${id}`);
    });
  }

  @Post('inputs/:id/attachment')
  async attach(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = async () => {
      const detail = await this.queries.detail(user, id);
      const data = submissionPageView(
        detail,
        isStaff(user),
        request.locale ?? 'en',
        (path) => this.links.to(path),
        this.clock.now(),
      );
      return { view: 'inputs/submission', title: data.title, data };
    };
    return submitUpload(request, reply, page, async () => {
      const upload = await readSubmissionUpload(request);
      await this.attachments.attach(user, id, upload.filename, upload.file);
      flash(request, { kind: 'success', key: 'inputs.attached' });
      return redirect(reply, `/inputs/${id}`);
    });
  }

  @Post('inputs/:id/submit')
  async submit(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.act(request, reply, id, 'inputs.submitted', () =>
      this.submissions.submit(user, id),
    );
  }

  @Post('inputs/:id/withdraw')
  async withdraw(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.act(request, reply, id, 'inputs.withdrawn', () =>
      this.submissions.withdraw(user, id),
    );
  }

  @Post('inputs/:id/cosign')
  async cosign(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.act(request, reply, id, 'inputs.cosign_recorded', async () => {
      const { value, errors } = await validateForm(CosignDto, request.body);
      if (errors) throw new InvalidInputError(errors);
      await this.submissions.cosign(user, id, value.organisationId, value.decision);
    });
  }

  /** An action button on a submission's page: done, it flashes `success`; refused, it says why. */
  private act(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    success: string,
    action: () => Promise<unknown>,
  ) {
    return runAction(request, reply, `/inputs/${id}`, async () => {
      await action();
      flash(request, { kind: 'success', key: success });
      return redirect(reply, `/inputs/${id}`);
    });
  }

  @Staff()
  @Get('staff/consultations/:id/inputs')
  async queue(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { consultation } = await this.queries.callsOf(user, id);
    const data = queuePageView(consultation, await this.queries.queue(id), request.locale ?? 'en');
    return renderPage(request, reply, 'inputs/queue', data);
  }

  @Staff()
  @Post('staff/inputs/:id/decisions')
  async decide(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const submission = await this.queries.detail(user, id);
    const back = `/staff/consultations/${submission.consultation.id}/inputs`;
    return runAction(request, reply, back, async () => {
      const { value, errors } = await validateForm(SubmissionDecisionDto, request.body);
      if (errors) throw new InvalidInputError(errors);
      await this.submissions.decide(user, id, value.decision, value.reason);
      flash(request, { kind: 'success', key: 'inputs.decided' });
      return redirect(reply, back);
    });
  }
}
