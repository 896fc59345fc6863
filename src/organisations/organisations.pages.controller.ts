import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../common/access.decorators';
import { runAction, submitForm } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { uuid } from '../common/validation';
import { flash, queryParam, SignedInUser } from '../common/web';
import { DirectoryQueries } from './directory.queries';
import {
  AcceptInvitationDto,
  CreateOrganisationDto,
  DirectoryQueryDto,
  InviteDto,
  MemberRoleDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { InvitationsService } from './invitations.service';
import { organisationFromForm } from './organisation.form';
import {
  directoryPageView,
  duplicateWarningView,
  invitationPageView,
  membersPageView,
  newOrganisationView,
  profilePageView,
} from './organisation.views';
import { OrganisationsService } from './organisations.service';

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
    return renderPage(
      request,
      reply,
      'organisations/new',
      newOrganisationView(request.locale ?? 'en'),
    );
  }

  @Post('organisations/new')
  create(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = organisationFromForm(request.body, false);
    const { title, ...data } = newOrganisationView(request.locale ?? 'en', input);
    const page = { view: 'organisations/new', title, data, input, explain: duplicateWarningView };
    return submitForm(request, reply, CreateOrganisationDto, page, async (value) => {
      const organisation = await this.organisations.create(user, value);
      flash(request, {
        kind: 'success',
        key: 'organisations.created',
        params: { name: organisation.name },
      });
      return redirect(reply, `/organisations/${organisation.id}`);
    });
  }

  @Public()
  @Get('organisations/:id')
  async profile(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const found = await this.organisations.findVisible(request.user, id);
    return renderPage(
      request,
      reply,
      'organisations/profile',
      profilePageView(request.user, found, request.locale ?? 'en'),
    );
  }

  @Post('organisations/:id')
  async update(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const found = await this.organisations.findVisible(user, id);
    const input = organisationFromForm(request.body, true);
    const data = profilePageView(user, found, request.locale ?? 'en', input);
    const page = {
      view: 'organisations/profile',
      title: data.title,
      data,
      input,
      explain: duplicateWarningView,
    };
    return submitForm(request, reply, UpdateOrganisationDto, page, async (value) => {
      await this.organisations.update(user, id, value);
      flash(request, { kind: 'success', key: 'organisations.saved' });
      return redirect(reply, `/organisations/${id}`);
    });
  }

  @Get('organisations/:id/members')
  async members(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { view, data } = await this.membersPage(user, request, id);
    return renderPage(request, reply, view, data);
  }

  /** The members page, as its forms re-show it. */
  private async membersPage(user: SignedInUser, request: FastifyRequest, id: string) {
    const data = membersPageView(
      user,
      await this.organisations.membersPage(user, id),
      request.locale ?? 'en',
    );
    return { view: 'organisations/members', title: data.title, data };
  }

  @Post('organisations/:id/invitations')
  async invite(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.membersPage(user, request, id);
    return submitForm(request, reply, InviteDto, page, async (value) => {
      await this.invitations.invite(user, id, value.email, value.role);
      flash(request, {
        kind: 'success',
        key: 'organisations.invited',
        params: { email: value.email },
      });
      return redirect(reply, `/organisations/${id}/members`);
    });
  }

  @Post('invitations/:id/resend')
  async resendInvitation(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.invitationAction(request, reply, id, 'organisations.invitation_resent', () =>
      this.invitations.resend(user, id),
    );
  }

  @Post('invitations/:id/revoke')
  async revokeInvitation(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.invitationAction(request, reply, id, 'organisations.invitation_revoked', () =>
      this.invitations.revoke(user, id),
    );
  }

  /** Resend or revoke, then back to the members page with a notice. */
  private async invitationAction(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    notice: string,
    act: () => Promise<unknown>,
  ) {
    const organisationId = await this.invitations.organisationOf(id);
    const back = `/organisations/${organisationId}/members`;
    return runAction(request, reply, back, async () => {
      await act();
      flash(request, { kind: 'success', key: notice });
      return redirect(reply, back);
    });
  }

  @Post('organisations/:id/members/:userId/role')
  async changeRole(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.membersPage(user, request, id);
    return submitForm(request, reply, MemberRoleDto, page, async (value) => {
      await this.organisations.changeMemberRole(user, id, userId, value.role);
      flash(request, { kind: 'success', key: 'organisations.role_changed' });
      return redirect(reply, `/organisations/${id}/members`);
    });
  }

  @Post('organisations/:id/members/:userId/remove')
  async remove(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const leaving = userId === user.id;
    return runAction(request, reply, `/organisations/${id}/members`, async () => {
      await this.organisations.removeMember(user, id, userId);
      flash(request, {
        kind: 'success',
        key: leaving ? 'organisations.left' : 'organisations.removed',
      });
      return redirect(reply, leaving ? '/' : `/organisations/${id}/members`);
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
    return renderPage(
      request,
      reply,
      'organisations/invitation',
      invitationPageView(invitation, token, request.user),
    );
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
    const page = await this.directoryQueries.publicDirectory(query);
    return renderPage(
      request,
      reply,
      'organisations/directory',
      directoryPageView(query, page, request.locale ?? 'en'),
    );
  }
}
