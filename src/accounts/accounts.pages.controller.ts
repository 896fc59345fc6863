import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../common/access.decorators';
import { Clock } from '../common/clock';
import { formatUtc } from '../common/dates';
import { DomainError } from '../common/domain-error';
import { submitForm } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { localPath } from '../common/safe-redirect';
import { flash, queryParam, SignedInUser } from '../common/web';
import { AccountsService } from './accounts.service';
import { ApiTokensService } from './api-tokens.service';
import {
  ChangePasswordDto,
  NewTokenDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SignInDto,
  SignUpDto,
  TOKEN_DAYS_DEFAULT,
  TOKEN_DAYS_MAX,
  UpdateAccountDto,
} from './dto/accounts.dto';
import { API_TOKEN_SCOPES } from './api-token.entity';
import { LOCALES } from './user.entity';
import { uuid } from '../common/validation';

@ApiExcludeController()
@Controller()
export class AccountsPagesController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly apiTokens: ApiTokensService,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Get('signup')
  signUpForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return renderPage(request, reply, 'accounts/signup', {
      title: 'signup.title',
      locales: LOCALES,
      next: localPath(queryParam(request, 'next'), ''),
      form: { values: { locale: request.locale, email: queryParam(request, 'email') } },
    });
  }

  @Public()
  @Post('signup')
  signUp(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const next = localPath((request.body as Record<string, unknown> | undefined)?.next, '');
    return submitForm(
      request,
      reply,
      SignUpDto,
      { view: 'accounts/signup', title: 'signup.title', data: { locales: LOCALES, next } },
      async (value) => {
        await this.accounts.signUp(
          { ...value, locale: value.locale ?? request.locale },
          request.ip,
          next || undefined,
        );
        flash(request, {
          kind: 'success',
          key: 'signup.check_email',
          params: { email: value.email },
        });
        return redirect(reply, '/signin');
      },
    );
  }

  @Public()
  @Get('verify-email')
  async verifyEmail(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    try {
      await this.accounts.verifyEmail(queryParam(request, 'token') ?? '');
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'TOKEN_INVALID') throw error;
      return renderPage(
        request,
        reply,
        'accounts/verify-failed',
        { title: 'verify.failed_title' },
        400,
      );
    }
    flash(request, { kind: 'success', key: 'verify.done' });
    const next = localPath(queryParam(request, 'next'), '');
    if (request.user) return redirect(reply, next || '/account');
    return redirect(reply, next ? `/signin?next=${encodeURIComponent(next)}` : '/signin');
  }

  @Public()
  @Get('signin')
  signInForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const next = queryParam(request, 'next');
    if (request.user) return redirect(reply, localPath(next));
    return renderPage(request, reply, 'accounts/signin', {
      title: 'signin.title',
      next: localPath(next, ''),
    });
  }

  @Public()
  @Post('signin')
  signIn(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const next = localPath((request.body as Record<string, unknown> | undefined)?.next);
    return submitForm(
      request,
      reply,
      SignInDto,
      { view: 'accounts/signin', title: 'signin.title', data: { next } },
      async (value) => {
        const user = await this.accounts.authenticate(value.email, value.password, request.ip);
        this.accounts.assertVerified(user);
        await request.session.regenerate();
        const now = this.clock.now().getTime();
        request.session.userId = user.id;
        request.session.authAt = now;
        request.session.seenAt = now;
        request.session.locale = user.locale;
        return redirect(reply, next);
      },
    );
  }

  @Public()
  @Get('signout')
  signOutForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!request.user) return redirect(reply, '/');
    return renderPage(request, reply, 'accounts/signout', { title: 'signout.title' });
  }

  @Public()
  @Post('signout')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = request.locale;
    await request.session.destroy();
    return redirect(reply, `/?lang=${locale ?? 'en'}`);
  }

  @Public()
  @Get('forgot-password')
  forgotForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return renderPage(request, reply, 'accounts/forgot-password', { title: 'forgot.title' });
  }

  @Public()
  @Post('forgot-password')
  forgot(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return submitForm(
      request,
      reply,
      PasswordResetRequestDto,
      { view: 'accounts/forgot-password', title: 'forgot.title' },
      async (value) => {
        await this.accounts.requestPasswordReset(value.email, request.ip);
        flash(request, { kind: 'success', key: 'forgot.sent', params: { email: value.email } });
        return redirect(reply, '/signin');
      },
    );
  }

  @Public()
  @Get('reset-password')
  resetForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return renderPage(request, reply, 'accounts/reset-password', {
      title: 'reset.title',
      form: { values: { token: queryParam(request, 'token') ?? '' } },
    });
  }

  @Public()
  @Post('reset-password')
  reset(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return submitForm(
      request,
      reply,
      PasswordResetConfirmDto,
      { view: 'accounts/reset-password', title: 'reset.title' },
      async (value) => {
        await this.accounts.resetPassword(value.token, value.password);
        flash(request, { kind: 'success', key: 'reset.done' });
        return redirect(reply, '/signin');
      },
    );
  }

  @Get('account')
  async account(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return renderPage(request, reply, 'accounts/account', await this.accountModel(user, request));
  }

  @Post('account')
  async updateAccount(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.accountModel(user, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body.name === 'string' && !body.name.trim()) {
      return renderPage(
        request,
        reply,
        'accounts/account',
        { ...model, form: { values: body, errors: { name: ['errors.name_required'] } } },
        400,
      );
    }
    return submitForm(
      request,
      reply,
      UpdateAccountDto,
      { view: 'accounts/account', title: model.title, data: model },
      async (value) => {
        const saved = await this.accounts.updateAccount(user.id, value);
        request.session.locale = saved.locale;
        flash(request, { kind: 'success', key: 'account.saved' });
        return redirect(reply, '/account');
      },
    );
  }

  @Post('account/password')
  async changePassword(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.accountModel(user, request);
    return submitForm(
      request,
      reply,
      ChangePasswordDto,
      { view: 'accounts/account', title: model.title, data: model },
      async (value) => {
        await this.accounts.changePassword(user.id, value, request.session.sessionId);
        flash(request, { kind: 'success', key: 'account.password_changed' });
        return redirect(reply, '/account');
      },
    );
  }

  @Post('account/tokens')
  async createToken(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.accountModel(user, request);
    return submitForm(
      request,
      reply,
      NewTokenDto,
      { view: 'accounts/account', title: model.title, data: model },
      async (value) => {
        const { token } = await this.apiTokens.createApiToken(user.id, value);
        request.session.newApiToken = token;
        return redirect(reply, '/account#tokens');
      },
    );
  }

  @Post('account/tokens/:id/revoke')
  async revokeToken(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.apiTokens.revokeApiToken(user.id, id);
    flash(request, { kind: 'success', key: 'account.token_revoked' });
    return redirect(reply, '/account#tokens');
  }

  private async accountModel(user: SignedInUser, request: FastifyRequest) {
    const tokens = await this.apiTokens.listApiTokens(user.id);
    const newApiToken = request.session.newApiToken;
    if (newApiToken) request.session.newApiToken = undefined;
    return {
      title: 'account.title',
      account: user,
      locales: LOCALES,
      newApiToken,
      tokens: tokens.map((token) => ({
        id: token.id,
        label: token.label,
        createdAt: token.createdAt.toISOString(),
        createdAtText: formatUtc(token.createdAt, request.locale ?? 'en'),
        lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
        lastUsedAtText: formatUtc(token.lastUsedAt, request.locale ?? 'en'),
        scope: token.scope,
        expiresAt: token.expiresAt.toISOString(),
        expiresAtText: formatUtc(token.expiresAt, request.locale ?? 'en'),
        expired: token.expiresAt <= this.clock.now(),
      })),
      scopes: API_TOKEN_SCOPES,
      tokenDaysDefault: TOKEN_DAYS_DEFAULT,
      tokenDaysMax: TOKEN_DAYS_MAX,
    };
  }
}
