import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles, Staff } from '../common/access.decorators';
import { submitForm, runAction } from '../common/forms';
import { redirect, renderPage, renderPublicPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { uuid, validateForm } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { THEMATIC_AREAS } from '../organisations/organisation.entity';
import { ActionPointStatus } from './action-point.entity';
import {
  ActionPointQueryDto,
  ActionPointUpdateDto,
  CreateActionPointDto,
  OutcomeDto,
  UpdateActionPointDto,
} from './dto/follow-up.dto';
import { actionPointFromForm, outcomeFromForm, updateFromForm } from './follow-up.form';
import { FollowUpQueries } from './follow-up.queries';
import { FollowUpService } from './follow-up.service';
import {
  FOLLOW_UP_PAGE_SIZE,
  followUpPageModel,
  outcomePageModel,
  actionPointPageModel,
} from './follow-up.views';

/** The public follow-up across years, one action point, the printable outcome and the staff page. */
@ApiExcludeController()
@Controller()
export class FollowUpPagesController {
  constructor(
    private readonly followUp: FollowUpService,
    private readonly queries: FollowUpQueries,
  ) {}

  @Public()
  @Get('follow-up')
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return renderPublicPage(request, reply, 'follow-up/list', async () => {
      const { value, errors } = await validateForm(ActionPointQueryDto, request.query);
      const query = errors ? {} : value;
      const [list, years, organisations] = await Promise.all([
        this.queries.list(request.user, { ...query, pageSize: FOLLOW_UP_PAGE_SIZE }),
        this.queries.years(),
        this.queries.organisationChoices(),
      ]);
      return followUpPageModel(list, query, years, organisations, request.locale ?? 'en');
    });
  }

  @Public()
  @Get('follow-up/:id')
  async one(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPublicPage(request, reply, 'follow-up/point', async () =>
      actionPointPageModel(await this.queries.get(request.user, id), request.locale ?? 'en'),
    );
  }

  @Post('follow-up/:id/updates')
  async postUpdate(
    @CurrentUser() author: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = {
      view: 'follow-up/point',
      title: 'follow_up.point_title',
      data: actionPointPageModel(await this.queries.get(author, id), request.locale ?? 'en'),
      input: updateFromForm((request.body ?? {}) as Record<string, unknown>),
    };
    return submitForm(request, reply, ActionPointUpdateDto, page, async (value) => {
      await this.followUp.postUpdate(author, id, value);
      flash(request, { kind: 'success', key: 'follow_up.update_posted' });
      return redirect(reply, `/follow-up/${id}`);
    });
  }

  @Public()
  @Get('consultations/:id/outcome')
  async printable(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPublicPage(request, reply, 'follow-up/outcome', async () => {
      const { consultation, outcome } = await this.queries.outcome(request.user, id);
      const { records } = await this.queries.followUpOf(request.user, id);
      return outcomePageModel(consultation, outcome, records, request.locale ?? 'en', false);
    });
  }

  @Staff()
  @Get('staff/consultations/:id/outcome')
  async staffPage(
    @CurrentUser() staff: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(request, reply, 'follow-up/staff', await this.staffModel(staff, id, request));
  }

  /** The staff outcome page, as one of its forms re-shows it with what was typed. */
  private async staffForm(
    admin: SignedInUser,
    id: string,
    request: FastifyRequest,
    input: Record<string, unknown>,
  ) {
    return {
      view: 'follow-up/staff',
      title: 'follow_up.staff_title',
      data: await this.staffModel(admin, id, request),
      input,
    };
  }

  @Roles(UserRole.Admin)
  @Post('staff/consultations/:id/outcome')
  async saveOutcome(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = outcomeFromForm((request.body ?? {}) as Record<string, unknown>);
    const page = await this.staffForm(admin, id, request, input);
    return submitForm(request, reply, OutcomeDto, page, async (value) => {
      await this.followUp.saveOutcome(admin, id, value);
      flash(request, { kind: 'success', key: 'follow_up.outcome_saved' });
      return redirect(reply, `/staff/consultations/${id}/outcome`);
    });
  }

  @Roles(UserRole.Admin)
  @Post('staff/consultations/:id/action-points')
  async adopt(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = actionPointFromForm((request.body ?? {}) as Record<string, unknown>);
    const page = await this.staffForm(admin, id, request, input);
    return submitForm(request, reply, CreateActionPointDto, page, async (value) => {
      await this.followUp.adopt(admin, id, value);
      flash(request, { kind: 'success', key: 'follow_up.adopted' });
      return redirect(reply, `/staff/consultations/${id}/outcome`);
    });
  }

  @Roles(UserRole.Admin)
  @Post('staff/consultations/:id/action-points/:pointId/:completion')
  async decide(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('pointId', uuid) pointId: string,
    @Param('completion') completion: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const back = `/staff/consultations/${id}/outcome`;
    return runAction(request, reply, back, async () => {
      const { value, errors } = await validateForm(UpdateActionPointDto, { completion });
      if (errors) return redirect(reply, back);
      await this.followUp.edit(admin, pointId, value);
      flash(request, {
        kind: 'success',
        key: `follow_up.completion_${completion === 'refuse' ? 'refused' : 'confirmed'}`,
      });
      return redirect(reply, back);
    });
  }

  private async staffModel(staff: SignedInUser, id: string, request: FastifyRequest) {
    const { consultation, outcome, records } = await this.queries.adoptedBy(staff, id);
    const page = outcomePageModel(consultation, outcome, records, request.locale ?? 'en', true);
    return {
      ...page,
      title: 'follow_up.staff_title',
      subject: page.consultation.title,
      canEdit: staff.role === UserRole.Admin,
      organisations: await this.queries.organisationChoices(),
      themeOptions: THEMATIC_AREAS,
      statusOptions: Object.values(ActionPointStatus),
    };
  }
}
