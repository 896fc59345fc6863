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
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
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
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import {
  InvitationResponse,
  JoinedOrganisationResponse,
  MemberRoleResponse,
  MembersResponse,
  MeResponse,
  OrganisationResponse,
  PossibleDuplicateResponse,
  PublicOrganisationResponse,
} from './organisations.responses';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiExtraModels(OrganisationResponse, PublicOrganisationResponse)
@Controller('api/v1')
export class OrganisationsApiController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly invitations: InvitationsService,
    private readonly directory: DirectoryQueries,
  ) {}

  /** The signed-in user and their memberships: organisations answer it, accounts know no organisation. */
  @ApiTags('accounts')
  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: MeResponse })
  @ApiErrors(401)
  async me(@CurrentUser() current: SignedInUser): Promise<MeResponse> {
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
  @ApiCreatedResponse({ type: OrganisationResponse })
  @ApiErrors(400, 401)
  @ApiConflictResponse({ type: PossibleDuplicateResponse, description: 'POSSIBLE_DUPLICATE' })
  async create(
    @CurrentUser() user: SignedInUser,
    @Body() body: CreateOrganisationDto,
  ): Promise<OrganisationResponse> {
    return fullOrganisation(await this.organisations.create(user, body));
  }

  /** The public directory for everyone; staff may also list organisations that are not observers. */
  @Public()
  @Get('organisations')
  @ApiOkResponse({ type: PageResponse(PublicOrganisationResponse) })
  @ApiErrors(400)
  async search(
    @Query() query: DirectoryQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<PageResponseOf<PublicOrganisationResponse>> {
    const page = await this.directory.search(request.user, query);
    return { ...page, items: page.items.map(publicOrganisation) };
  }

  @Public()
  @Get('organisations/:id')
  @ApiOkResponse({
    description: 'In full to its members and staff; otherwise what the public directory shows.',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(OrganisationResponse) },
        { $ref: getSchemaPath(PublicOrganisationResponse) },
      ],
    },
  })
  @ApiErrors(400, 404)
  async read(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<OrganisationResponse | PublicOrganisationResponse> {
    const { organisation, membership } = await this.organisations.findVisible(request.user, id);
    return membership || isStaff(request.user)
      ? fullOrganisation(organisation)
      : publicOrganisation(organisation);
  }

  @Patch('organisations/:id')
  @ApiOkResponse({ type: OrganisationResponse })
  @ApiErrors(400, 401, 403, 404)
  @ApiConflictResponse({ type: PossibleDuplicateResponse, description: 'POSSIBLE_DUPLICATE' })
  async update(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateOrganisationDto,
  ): Promise<OrganisationResponse> {
    return fullOrganisation(await this.organisations.update(user, id, body));
  }

  @Get('organisations/:id/members')
  @ApiOkResponse({ type: MembersResponse })
  @ApiErrors(400, 401, 403, 404)
  async members(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<MembersResponse> {
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
  @ApiOkResponse({ type: MemberRoleResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async changeRole(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
    @Body() body: MemberRoleDto,
  ): Promise<MemberRoleResponse> {
    const membership = await this.organisations.changeMemberRole(user, id, userId, body.role);
    return { userId: membership.userId, role: membership.role };
  }

  @Delete('organisations/:id/members/:userId')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  async remove(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Param('userId', uuid) userId: string,
  ): Promise<void> {
    await this.organisations.removeMember(user, id, userId);
  }

  @Post('organisations/:id/invitations')
  @ApiCreatedResponse({ type: InvitationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async invite(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: InviteDto,
  ): Promise<InvitationResponse> {
    const invitation = await this.invitations.invite(user, id, body.email, body.role);
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  @Delete('invitations/:id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404, 409)
  async revokeInvitation(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<void> {
    await this.invitations.revoke(user, id);
  }

  @Post('invitations/:id/resend')
  @HttpCode(200)
  @ApiOkResponse({ type: InvitationResponse })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async resendInvitation(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<InvitationResponse> {
    const invitation = await this.invitations.resend(user, id);
    return {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expiresAt.toISOString(),
    };
  }

  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: JoinedOrganisationResponse })
  @ApiErrors(400, 401, 403, 404)
  async accept(
    @CurrentUser() user: SignedInUser,
    @Body() body: AcceptInvitationDto,
  ): Promise<JoinedOrganisationResponse> {
    const membership = await this.invitations.acceptInvitation(user, body.token);
    return { organisationId: membership.organisationId, role: membership.role };
  }
}
