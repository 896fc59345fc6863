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
import { CurrentUser, Public, Roles } from '../common/access.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { SignedInUser } from '../common/web';
import { AccountsService } from './accounts.service';
import { ApiTokensService } from './api-tokens.service';
import {
  CreateTokenDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SignUpDto,
  UpdateUserDto,
  VerifyEmailDto,
} from './dto/accounts.dto';
import { UserRole } from '../common/roles';
import { createdTokenView, userView } from './accounts.views';
import { UsersService } from './users.service';
import { uuid } from '../common/validation';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { MessageResponse, TokenResponse, UserResponse } from './accounts.responses';

@ApiTags('accounts')
@Controller('api/v1')
export class AccountsApiController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly apiTokens: ApiTokensService,
    private readonly users: UsersService,
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
    const { token, record } = await this.apiTokens.createWithPassword(body, request.ip);
    return createdTokenView(token, record);
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
