import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public } from '../common/access.decorators';
import { Clock } from '../common/clock';
import { followLink, submitForm } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { LOCALES } from '../common/roles';
import { localPath } from '../common/safe-redirect';
import { uuid } from '../common/validation';
import { flash, queryParam, SignedInUser } from '../common/web';
import { accountFromForm } from './accounts.form';
import { AccountsService } from './accounts.service';
import { accountPageView } from './accounts.views';
import { ApiTokensService } from './api-tokens.service';
import {
  ChangePasswordDto,
  NewTokenDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  SignInDto,
  SignUpDto,
  UpdateAccountDto,
} from './dto/accounts.dto';
import { startSignedInSession } from './session.store';

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
  verifyEmail(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const next = localPath(queryParam(request, 'next'), '');
    const failed = { view: 'accounts/verify-failed', title: 'verify.failed_title' };
    return followLink(request, reply, failed, async () => {
      await this.accounts.verifyEmail(queryParam(request, 'token') ?? '');
      flash(request, { kind: 'success', key: 'verify.done' });
      if (request.user) return redirect(reply, next || '/account');
      return redirect(reply, next ? `/signin?next=${encodeURIComponent(next)}` : '/signin');
    });
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
        await startSignedInSession(request, user, this.clock.now());
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
    const { view, data } = await this.accountPage(user, request);
    return renderPage(request, reply, view, data);
  }

  @Post('account')
  async updateAccount(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = {
      ...(await this.accountPage(user, request)),
      input: accountFromForm(request.body),
    };
    return submitForm(request, reply, UpdateAccountDto, page, async (value) => {
      const saved = await this.accounts.updateAccount(user.id, value);
      request.session.locale = saved.locale;
      flash(request, { kind: 'success', key: 'account.saved' });
      return redirect(reply, '/account');
    });
  }

  @Post('account/password')
  async changePassword(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.accountPage(user, request);
    return submitForm(request, reply, ChangePasswordDto, page, async (value) => {
      await this.accounts.changePassword(user.id, value, request.session.sessionId);
      flash(request, { kind: 'success', key: 'account.password_changed' });
      return redirect(reply, '/account');
    });
  }

  @Post('account/tokens')
  async createToken(
    @CurrentUser() user: SignedInUser,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.accountPage(user, request);
    return submitForm(request, reply, NewTokenDto, page, async (value) => {
      const { token } = await this.apiTokens.createApiToken(user.id, value);
      request.session.newApiToken = token;
      return redirect(reply, '/account#tokens');
    });
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

  /** The account page, as its forms re-show it; a token just created is shown this once. */
  private async accountPage(user: SignedInUser, request: FastifyRequest) {
    const tokens = await this.apiTokens.listApiTokens(user.id);
    const newApiToken = request.session.newApiToken;
    if (newApiToken) request.session.newApiToken = undefined;
    const data = accountPageView(
      user,
      tokens,
      newApiToken,
      request.locale ?? 'en',
      this.clock.now(),
    );
    return { view: 'accounts/account', title: data.title, data };
  }
}
