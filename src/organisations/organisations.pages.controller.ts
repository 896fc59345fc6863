import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../common/access.decorators';
import { formatUtc } from '../common/dates';
import { submitForm, runAction } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { flash, queryParam, SignedInUser } from '../common/web';
import { countryOptions } from './countries';
import {
  AcceptInvitationDto,
  CreateOrganisationDto,
  DirectoryQueryDto,
  InviteDto,
  MemberRoleDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { MembershipRole } from './membership.entity';
import { organisationFromForm } from './organisation.form';
import { ORGANISATION_TYPES, THEMATIC_AREAS } from './organisation.entity';
import { organisationPage } from './organisation.views';
import { OrganisationsService } from './organisations.service';
import { PossibleDuplicateError } from './organisations.errors';
import { InvitationsService } from './invitations.service';
import { DirectoryQueries } from './directory.queries';
import { REGIONS } from './regions';
import { uuid } from '../common/validation';
import { isStaff } from '../common/roles';

function formOptions(request: FastifyRequest, values: Record<string, unknown>) {
  const areas = ([] as unknown[]).concat(values.thematicAreas ?? []);
  return {
    countries: countryOptions(request.locale ?? 'en', values.country as string | undefined),
    types: ORGANISATION_TYPES.map((type) => ({ value: type, selected: type === values.type })),
    thematicAreas: THEMATIC_AREAS.map((area) => ({ value: area, checked: areas.includes(area) })),
  };
}

function duplicatesView(error: PossibleDuplicateError) {
  return {
    duplicates: error.duplicates.map((o) => ({
      id: o.id,
      name: o.name,
      acronym: o.acronym,
      observer: o.observerStatus === 'observer',
    })),
    similarExists: true,
    undisclosedDuplicates: error.undisclosedCount,
  };
}

@ApiExcludeController()
@Controller()
export class OrganisationsPagesController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly invitations: InvitationsService,
    private readonly directoryQueries: DirectoryQueries,
  ) {}

  @Get('organisations/new')
  newForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return renderPage(request, reply, 'organisations/new', {
      title: 'organisations.new_title',
      ...formOptions(request, {}),
    });
  }

  @Post('organisations/new')
  create(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const body = organisationFromForm(request.body, false);
    request.body = { ...body, _csrf: (request.body as Record<string, unknown>)?._csrf };
    const page = {
      view: 'organisations/new',
      title: 'organisations.new_title',
      data: formOptions(request, body),
    };
    return submitForm(request, reply, CreateOrganisationDto, page, async (value) => {
      try {
        const organisation = await this.organisations.create(user, value);
        flash(request, {
          kind: 'success',
          key: 'organisations.created',
          params: { name: organisation.name },
        });
        return redirect(reply, `/organisations/${organisation.id}`);
      } catch (error) {
        if (!(error instanceof PossibleDuplicateError)) throw error;
        return renderPage(
          request,
          reply,
          'organisations/new',
          {
            ...page.data,
            title: page.title,
            ...duplicatesView(error),
            form: { values: body },
          },
          409,
        );
      }
    });
  }

  @Public()
  @Get('organisations/:id')
  async profile(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(
      request,
      reply,
      'organisations/profile',
      await this.profileModel(request, id),
    );
  }

  @Post('organisations/:id')
  async update(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.profileModel(request, id);
    const body = organisationFromForm(request.body, true);
    request.body = { ...body, _csrf: (request.body as Record<string, unknown>)?._csrf };
    const page = {
      view: 'organisations/profile',
      ...model,
      data: { ...model, ...formOptions(request, { ...model.organisation, ...body }) },
    };
    return submitForm(request, reply, UpdateOrganisationDto, page, async (value) => {
      try {
        await this.organisations.update(user, id, value);
      } catch (error) {
        if (!(error instanceof PossibleDuplicateError)) throw error;
        return renderPage(
          request,
          reply,
          'organisations/profile',
          {
            ...page.data,
            ...duplicatesView(error),
            form: { values: body },
          },
          409,
        );
      }
      flash(request, { kind: 'success', key: 'organisations.saved' });
      return redirect(reply, `/organisations/${id}`);
    });
  }

  private async profileModel(request: FastifyRequest, id: string) {
    const { organisation, membership } = await this.organisations.findVisible(request.user, id);
    const locale = request.locale ?? 'en';
    const canEdit =
      membership?.role === MembershipRole.FocalPoint || request.user?.role === 'admin';
    const view = organisationPage(
      organisation,
      locale,
      Boolean(membership) || isStaff(request.user),
    );
    return {
      title: 'organisations.profile_title',
      organisation: view,
      isMember: Boolean(membership),
      canEdit,
      ...(canEdit ? { ...formOptions(request, view), form: { values: { ...view } } } : {}),
    };
  }

  @Get('organisations/:id/members')
  async members(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(
      request,
      reply,
      'organisations/members',
      await this.membersModel(user, request, id),
    );
  }

  private async membersModel(user: SignedInUser, request: FastifyRequest, id: string) {
    const { organisation, membership } = await this.organisations.findVisible(user, id);
    const { members, invitations } = await this.organisations.members(user, id);
    const canManage = membership?.role === MembershipRole.FocalPoint || user.role === 'admin';
    return {
      title: 'organisations.members_title',
      organisation: organisationPage(organisation, request.locale ?? 'en', true),
      canManage,
      roles: Object.values(MembershipRole),
      members: members.map((m) => ({
        userId: m.userId,
        name: m.user!.name,
        email: m.user!.email,
        role: m.role,
        isSelf: m.userId === user.id,
      })),
      invitations: invitations.map((i) => ({
        email: i.email,
        role: i.role,
        expiresAt: formatUtc(i.expiresAt, request.locale ?? 'en'),
      })),
    };
  }

  @Post('organisations/:id/invitations')
  async invite(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.membersModel(user, request, id);
    return submitForm(
      request,
      reply,
      InviteDto,
      { view: 'organisations/members', title: model.title, data: model },
      async (value) => {
        await this.invitations.invite(user, id, value.email, value.role);
        flash(request, {
          kind: 'success',
          key: 'organisations.invited',
          params: { email: value.email },
        });
        return redirect(reply, `/organisations/${id}/members`);
      },
    );
  }

  @Post('organisations/:id/members/:userId/role')
  async changeRole(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.membersModel(user, request, id);
    return submitForm(
      request,
      reply,
      MemberRoleDto,
      { view: 'organisations/members', title: model.title, data: model },
      async (value) => {
        await this.organisations.changeMemberRole(user, id, userId, value.role);
        flash(request, { kind: 'success', key: 'organisations.role_changed' });
        return redirect(reply, `/organisations/${id}/members`);
      },
    );
  }

  @Post('organisations/:id/members/:userId/remove')
  async remove(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return runAction(request, reply, `/organisations/${id}/members`, async () => {
      await this.organisations.removeMember(user, id, userId);
      flash(request, {
        kind: 'success',
        key: userId === user.id ? 'organisations.left' : 'organisations.removed',
      });
      return redirect(reply, userId === user.id ? '/' : `/organisations/${id}/members`);
    });
  }

  @Public()
  @Get('invitations/accept')
  async invitation(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const token = queryParam(request, 'token') ?? '';
    const invitation = token ? await this.invitations.findInvitation(token) : null;
    if (!invitation)
      return renderPage(
        request,
        reply,
        'organisations/invitation-invalid',
        { title: 'invitations.invalid_title' },
        400,
      );
    const next = `/invitations/accept?token=${encodeURIComponent(token)}`;
    return renderPage(request, reply, 'organisations/invitation', {
      title: 'invitations.title',
      token,
      organisationName: invitation.organisation!.name,
      email: invitation.email,
      role: invitation.role,
      wrongAccount: Boolean(request.user && request.user.email !== invitation.email),
      signInUrl: `/signin?next=${encodeURIComponent(next)}`,
      signUpUrl: `/signup?email=${encodeURIComponent(invitation.email)}&next=${encodeURIComponent(next)}`,
    });
  }

  @Post('invitations/accept')
  async accept(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { view: 'organisations/invitation-invalid', title: 'invitations.invalid_title' };
    return submitForm(request, reply, AcceptInvitationDto, page, async (value) => {
      const membership = await this.invitations.acceptInvitation(user, value.token);
      flash(request, { kind: 'success', key: 'invitations.accepted' });
      return redirect(reply, `/organisations/${membership.organisationId}`);
    });
  }

  @Public()
  @Get('observers')
  async directory(
    @Query() query: DirectoryQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = request.locale ?? 'en';
    const page = await this.directoryQueries.search(undefined, {
      ...query,
      observer: true,
      pageSize: query.pageSize ?? 20,
    });
    const link = (n: number) => {
      const params = new URLSearchParams(
        Object.entries({ ...query, page: String(n) }).filter(
          ([, v]) => v !== undefined && v !== '',
        ) as [string, string][],
      );
      return `/observers?${params.toString()}`;
    };
    return renderPage(request, reply, 'organisations/directory', {
      title: 'directory.title',
      query,
      organisations: page.items.map((o) => organisationPage(o, locale, false)),
      total: page.total,
      countries: countryOptions(locale, query.country),
      regions: REGIONS.map((region) => ({ value: region, selected: region === query.region })),
      types: ORGANISATION_TYPES.map((type) => ({ value: type, selected: type === query.type })),
      thematicAreas: THEMATIC_AREAS.map((area) => ({
        value: area,
        selected: area === query.thematicArea,
      })),
      previousPage: page.page > 1 ? link(page.page - 1) : null,
      nextPage: page.page * page.pageSize < page.total ? link(page.page + 1) : null,
    });
  }
}
