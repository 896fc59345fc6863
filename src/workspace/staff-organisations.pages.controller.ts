import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Roles, Staff } from '../common/access.decorators';
import { formProblem } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { UserRole } from '../common/roles';
import { uuid, validateForm } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { DirectoryQueries } from '../organisations/directory.queries';
import { DirectoryQueryDto } from '../organisations/dto/organisation.dto';
import { OrganisationsService } from '../organisations/organisations.service';
import { MergeDto } from './dto/workspace.dto';
import { OrganisationMerge } from './organisation-merge';
import { MergeConflictError } from './workspace.errors';
import { mergePageView, staffOrganisationsView } from './workspace.views';

/** Every organisation for staff (not only observers), and the merge of two duplicates. */
@ApiExcludeController()
@Controller()
export class StaffOrganisationsPagesController {
  constructor(
    private readonly directory: DirectoryQueries,
    private readonly organisations: OrganisationsService,
    private readonly merges: OrganisationMerge,
  ) {}

  @Staff()
  @Get('staff/organisations')
  async list(
    @CurrentUser() user: SignedInUser,
    @Query() query: DirectoryQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.directory.search(user, { ...query, pageSize: query.pageSize ?? 50 });
    return renderPage(
      request,
      reply,
      'workspace/organisations',
      staffOrganisationsView(page, query, user, request.locale ?? 'en'),
    );
  }

  @Roles(UserRole.Admin)
  @Get('staff/organisations/:id/merge')
  async mergeForm(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Query() query: DirectoryQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(
      request,
      reply,
      'workspace/merge',
      await this.mergeModel(user, id, query.q, request),
    );
  }

  @Roles(UserRole.Admin)
  @Post('staff/organisations/:id/merge')
  async merge(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const q = typeof body.q === 'string' ? body.q : undefined;
    const reshow = async (errors: Record<string, string[]>, status: number, extra = {}) =>
      renderPage(
        request,
        reply,
        'workspace/merge',
        {
          ...(await this.mergeModel(user, id, q, request)),
          ...extra,
          form: { values: body, errors },
        },
        status,
      );
    const { value, errors } = await validateForm(MergeDto, {
      intoOrganisationId: body.intoOrganisationId,
    });
    if (errors) return reshow(errors, 400);
    try {
      const { organisation } = await this.merges.merge(user, id, value.intoOrganisationId);
      flash(request, {
        kind: 'success',
        key: 'staff.merge.done',
        params: { name: organisation.name },
      });
      return redirect(reply, `/organisations/${organisation.id}`);
    } catch (error) {
      const problem = formProblem(error, reply);
      if (!problem) throw error;
      const conflicts = error instanceof MergeConflictError ? error.body?.conflicts : undefined;
      return reshow(problem.errors as Record<string, string[]>, problem.status, { conflicts });
    }
  }

  private async mergeModel(
    user: SignedInUser,
    id: string,
    q: string | undefined,
    request: FastifyRequest,
  ) {
    const { organisation } = await this.organisations.findVisible(user, id);
    const candidates = q
      ? (await this.directory.search(user, { q, pageSize: 20 })).items.filter((o) => o.id !== id)
      : [];
    return mergePageView(organisation, candidates, q ?? '', request.locale ?? 'en');
  }
}
