import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../common/access.decorators';
import { SignedInUser } from '../common/web';
import {
  AcceptInvitationDto,
  CreateOrganisationDto,
  DirectoryQueryDto,
  InviteDto,
  MemberRoleDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { fullOrganisation, publicOrganisation } from './organisation.views';
import { OrganisationsService } from './organisations.service';
import { InvitationsService } from './invitations.service';
import { DirectoryQueries } from './directory.queries';
import { userView } from '../accounts/accounts.views';
import { uuid } from '../common/validation';
import { isStaff } from '../common/roles';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('api/v1')
export class OrganisationsApiController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly invitations: InvitationsService,
    private readonly directory: DirectoryQueries,
  ) {}

  /** The signed-in user and their memberships: organisations answer it, accounts know no organisation. */
  @ApiTags('accounts')
  @Get('me')
  async me(@CurrentUser() current: SignedInUser) {
    const { user, memberships } = await this.organisations.me(current.id);
    return {
      ...userView(user),
      memberships: memberships.map((m) => ({
        organisationId: m.organisationId,
        name: m.organisation!.name,
        role: m.role,
      })),
    };
  }

  @Post('organisations')
  async create(@CurrentUser() user: SignedInUser, @Body() body: CreateOrganisationDto) {
    return fullOrganisation(await this.organisations.create(user, body));
  }

  /** The public directory for everyone; staff may also list organisations that are not observers. */
  @Public()
  @Get('organisations')
  async search(@Query() query: DirectoryQueryDto, @Req() request: FastifyRequest) {
    const page = await this.directory.search(request.user, query);
    return { ...page, items: page.items.map(publicOrganisation) };
  }

  @Public()
  @Get('organisations/:id')
  async read(@Param('id', uuid) id: string, @Req() request: FastifyRequest) {
    const { organisation, membership } = await this.organisations.findVisible(request.user, id);
    return membership || isStaff(request.user)
      ? fullOrganisation(organisation)
      : publicOrganisation(organisation);
  }

  @Patch('organisations/:id')
  async update(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateOrganisationDto,
  ) {
    return fullOrganisation(await this.organisations.update(user, id, body));
  }

  @Get('organisations/:id/members')
  async members(@CurrentUser() user: SignedInUser, @Param('id', uuid) id: string) {
    const { members, invitations } = await this.organisations.members(user, id);
    return {
      items: members.map((m) => ({
        userId: m.userId,
        name: m.user!.name,
        email: m.user!.email,
        role: m.role,
        since: m.createdAt.toISOString(),
      })),
      invitations: invitations.map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role,
        expiresAt: i.expiresAt.toISOString(),
      })),
    };
  }

  @Patch('organisations/:id/members/:userId')
  async changeRole(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
    @Body() body: MemberRoleDto,
  ) {
    const membership = await this.organisations.changeMemberRole(user, id, userId, body.role);
    return { userId: membership.userId, role: membership.role };
  }

  @Delete('organisations/:id/members/:userId')
  @HttpCode(204)
  async remove(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
  ): Promise<void> {
    await this.organisations.removeMember(user, id, userId);
  }

  @Post('organisations/:id/invitations')
  async invite(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: InviteDto,
  ) {
    const invitation = await this.invitations.invite(user, id, body.email, body.role);
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  @Post('invitations/accept')
  @HttpCode(200)
  async accept(@CurrentUser() user: SignedInUser, @Body() body: AcceptInvitationDto) {
    const membership = await this.invitations.acceptInvitation(user, body.token);
    return { organisationId: membership.organisationId, role: membership.role };
  }
}
