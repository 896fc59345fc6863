import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { CurrentUser, Public, Roles } from '../common/access.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { SignedInUser } from '../common/web';
import { Membership } from '../organisations/membership.entity';
import { AccountsService } from './accounts.service';
import {
  CreateTokenDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SignUpDto,
  UpdateUserDto,
  VerifyEmailDto,
} from './dto/accounts.dto';
import { User, UserRole } from './user.entity';
import { UsersService } from './users.service';
import { uuid } from '../common/validation';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { MeResponse } from '../organisations/organisations.responses';
import { MessageResponse, TokenResponse, UserResponse } from './accounts.responses';

export function userView(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    emailVerifiedAt: user.emailVerifiedAt?.toISOString() ?? null,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

@ApiTags('accounts')
@Controller('api/v1')
export class AccountsApiController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly users: UsersService,
    private readonly dataSource: DataSource,
  ) {}

  @Public()
  @Post('accounts')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: MessageResponse })
  @ApiErrors(400, 429)
  async signUp(@Body() body: SignUpDto, @Req() request: FastifyRequest): Promise<MessageResponse> {
    await this.accounts.signUp(body, request.ip);
    return { message: 'If the address can be used, a verification link is on its way.' };
  }

  @Public()
  @Post('accounts/verify')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(400)
  async verify(@Body() body: VerifyEmailDto): Promise<void> {
    await this.accounts.verifyEmail(body.token);
  }

  @Public()
  @Post('password-resets')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: MessageResponse })
  @ApiErrors(400, 429)
  async requestReset(
    @Body() body: PasswordResetRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<MessageResponse> {
    await this.accounts.requestPasswordReset(body.email, request.ip);
    return { message: 'If an account uses this address, a reset link is on its way.' };
  }

  @Public()
  @Post('password-resets/confirm')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(400)
  async confirmReset(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.accounts.resetPassword(body.token, body.password);
  }

  @Public()
  @Post('tokens')
  @ApiCreatedResponse({ type: TokenResponse })
  @ApiErrors(400, 401, 403, 429)
  async createToken(
    @Body() body: CreateTokenDto,
    @Req() request: FastifyRequest,
  ): Promise<TokenResponse> {
    const user = await this.accounts.authenticate(body.email, body.password, request.ip);
    this.accounts.assertVerified(user);
    const { token, record } = await this.accounts.createApiToken(user.id, {
      label: body.label ?? 'API',
      expiresInDays: body.expiresInDays,
      scope: body.scope,
    });
    return {
      token,
      expiresAt: record.expiresAt.toISOString(),
      scope: record.scope,
      id: record.id,
      label: record.label,
      createdAt: record.createdAt.toISOString(),
    };
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: MeResponse })
  @ApiErrors(401)
  async me(@CurrentUser() current: SignedInUser): Promise<MeResponse> {
    const user = await this.accounts.users().findOneByOrFail({ id: current.id });
    const memberships = await this.dataSource.getRepository(Membership).find({
      where: { userId: user.id },
      relations: { organisation: true },
      order: { createdAt: 'ASC' },
    });
    return {
      ...userView(user),
      memberships: memberships.map((m) => ({
        organisationId: m.organisationId,
        name: m.organisation!.name,
        role: m.role,
      })),
    };
  }

  @ApiBearerAuth()
  @Roles(UserRole.Admin)
  @Get('admin/users')
  @ApiOkResponse({ type: PageResponse(UserResponse) })
  @ApiErrors(400, 401, 403)
  async listUsers(@Query() query: PageQueryDto): Promise<PageResponseOf<UserResponse>> {
    const page = await this.users.list({
      q: query.q,
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 20,
    });
    return { ...page, items: page.items.map(userView) };
  }

  @ApiBearerAuth()
  @Roles(UserRole.Admin)
  @Patch('admin/users/:id')
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(400, 401, 403, 404)
  async updateUser(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponse> {
    return userView(await this.users.update(admin.id, id, body));
  }
}
