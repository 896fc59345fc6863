import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import {
  badCredentials,
  currentPasswordWrong,
  emailNotVerified,
  tokenInvalid,
  unacceptablePassword,
} from './accounts.errors';
import { Links } from '../common/links';
import { accountsConfig } from '../config';
import { Transactions } from '../database/transactions';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Limit, RateLimiter } from '../rate-limit/rate-limiter';
import { AccountToken, AccountTokenPurpose } from './account-token.entity';
import { ApiToken } from './api-token.entity';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import { hashSecret, newSecret } from './secrets';
import { SessionStore } from './session.store';
import { Locale, User, UserRole } from './user.entity';

const VERIFY_EMAIL_HOURS = 48;
const RESET_PASSWORD_MINUTES = 60;

export interface SignUp {
  email: string;
  password: string;
  name: string;
  locale?: Locale;
}

function assertAcceptablePassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw unacceptablePassword(problem);
}

@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @Inject(accountsConfig.KEY) private readonly config: ConfigType<typeof accountsConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly rateLimiter: RateLimiter,
    private readonly sessions: SessionStore,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureFirstAdmin();
  }

  /** ADMIN_EMAIL + ADMIN_PASSWORD create the first admin when no account has that email. */
  async ensureFirstAdmin(): Promise<void> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail) return;
    const email = adminEmail.toLowerCase();
    if (await this.users().existsBy({ email })) return;
    const passwordHash = await hashPassword(adminPassword);
    await this.transactions.run(async (manager) => {
      const admin = await manager.save(
        manager.create(User, {
          email,
          name: 'Administrator',
          passwordHash,
          role: UserRole.Admin,
          locale: 'en',
          emailVerifiedAt: this.clock.now(),
        }),
      );
      await this.audit.record(manager, {
        actorId: null,
        action: 'user.created_as_first_admin',
        entity: 'user',
        entityId: admin.id,
      });
    });
    this.logger.log('first admin account created from ADMIN_EMAIL');
  }

  /**
   * Creates an account and emails a verification link; `next` (a local path) is carried through
   * it, e.g. back to an invitation. A known email gets the same answer, so nobody learns who has
   * an account here, and its owner a notice.
   */
  async signUp(input: SignUp, clientAddress: string, next?: string): Promise<void> {
    await this.rateLimiter.consume({
      key: `signup:address:${clientAddress}`,
      max: this.config.signupMaxPerAddress,
      windowMinutes: this.config.accountRequestWindowMinutes,
    });
    assertAcceptablePassword(input.password, input.email);
    const passwordHash = await hashPassword(input.password);
    const locale = input.locale ?? 'en';
    await this.transactions.run(async (manager) => {
      const existing = await manager.findOneBy(User, { email: input.email });
      if (existing) {
        // A second sign-up changes nothing: taking the new password, even for an account not yet
        // verified, would let anyone set the password of someone else's address before its owner
        // clicks their link. The owner is told instead, with a link that sets a password of their
        // own (and verifies the address) if the account is not yet theirs to sign in to.
        const resetUrl =
          existing.emailVerifiedAt || existing.disabledAt
            ? this.links.to('/forgot-password')
            : this.links.to('/reset-password', {
                token: await this.issueToken(
                  manager,
                  existing,
                  AccountTokenPurpose.ResetPassword,
                  RESET_PASSWORD_MINUTES,
                ),
                lang: existing.locale,
              });
        await this.outbox.enqueue(manager, {
          to: existing.email,
          template: 'account-exists',
          kind: MailKind.Account,
          locale: existing.locale,
          payload: { name: existing.name, signInUrl: this.links.to('/signin'), resetUrl },
        });
        return;
      }
      const user = await manager.save(
        manager.create(User, {
          email: input.email,
          name: input.name,
          passwordHash,
          locale,
          role: UserRole.Cso,
        }),
      );
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'user.signed_up',
        entity: 'user',
        entityId: user.id,
      });
      await this.sendVerification(manager, user, next);
    });
  }

  private async sendVerification(manager: EntityManager, user: User, next?: string): Promise<void> {
    const token = await this.issueToken(
      manager,
      user,
      AccountTokenPurpose.VerifyEmail,
      VERIFY_EMAIL_HOURS * 60,
    );
    await this.outbox.enqueue(manager, {
      to: user.email,
      template: 'verify-email',
      kind: MailKind.Account,
      locale: user.locale,
      payload: {
        name: user.name,
        actionUrl: this.links.to(
          '/verify-email',
          next ? { token, next, lang: user.locale } : { token, lang: user.locale },
        ),
        hours: VERIFY_EMAIL_HOURS,
      },
    });
  }

  private async issueToken(
    manager: EntityManager,
    user: User,
    purpose: AccountTokenPurpose,
    minutes: number,
  ) {
    const token = newSecret();
    await manager.insert(AccountToken, {
      userId: user.id,
      purpose,
      tokenHash: hashSecret(token),
      expiresAt: new Date(this.clock.now().getTime() + minutes * 60_000),
      usedAt: null,
    });
    return token;
  }

  /** Marks the token used in the same statement that checks it is unused: a link works once. */
  private async spendToken(
    manager: EntityManager,
    token: string,
    purpose: AccountTokenPurpose,
  ): Promise<AccountToken> {
    const now = this.clock.now();
    const record = await manager.findOneBy(AccountToken, { tokenHash: hashSecret(token), purpose });
    if (!record || record.usedAt || record.expiresAt <= now) {
      throw tokenInvalid();
    }
    const spent = await manager.update(
      AccountToken,
      { id: record.id, usedAt: IsNull() },
      { usedAt: now },
    );
    if (!spent.affected) throw tokenInvalid();
    return record;
  }

  async verifyEmail(token: string): Promise<User> {
    return this.transactions.run(async (manager) => {
      const record = await this.spendToken(manager, token, AccountTokenPurpose.VerifyEmail);
      const user = await manager.findOneByOrFail(User, { id: record.userId });
      if (!user.emailVerifiedAt) {
        user.emailVerifiedAt = this.clock.now();
        await manager.save(user);
        await this.audit.record(manager, {
          actorId: user.id,
          action: 'user.email_verified',
          entity: 'user',
          entityId: user.id,
        });
      }
      return user;
    });
  }

  /** Always answers the same; only an existing, enabled account is sent a link. */
  async requestPasswordReset(email: string, clientAddress: string): Promise<void> {
    await this.rateLimiter.consume({
      key: `reset:address:${clientAddress}`,
      max: this.config.resetMaxPerAddress,
      windowMinutes: this.config.accountRequestWindowMinutes,
    });
    await this.transactions.run(async (manager) => {
      const user = await manager.findOneBy(User, { email });
      if (!user || user.disabledAt) return;
      const token = await this.issueToken(
        manager,
        user,
        AccountTokenPurpose.ResetPassword,
        RESET_PASSWORD_MINUTES,
      );
      await this.outbox.enqueue(manager, {
        to: user.email,
        template: 'reset-password',
        kind: MailKind.Account,
        locale: user.locale,
        payload: {
          name: user.name,
          actionUrl: this.links.to('/reset-password', { token, lang: user.locale }),
          minutes: RESET_PASSWORD_MINUTES,
        },
      });
    });
  }

  /** Sets a new password, spends every reset link, and ends the user's sessions and tokens. */
  async resetPassword(token: string, password: string): Promise<User> {
    const record = await this.dataSource
      .getRepository(AccountToken)
      .findOneBy({ tokenHash: hashSecret(token) });
    const owner = record ? await this.users().findOneBy({ id: record.userId }) : null;
    if (owner) assertAcceptablePassword(password, owner.email);
    const passwordHash = await hashPassword(password);
    return this.transactions.run(async (manager) => {
      const spent = await this.spendToken(manager, token, AccountTokenPurpose.ResetPassword);
      const user = await manager.findOneByOrFail(User, { id: spent.userId });
      if (user.disabledAt) throw tokenInvalid();
      user.passwordHash = passwordHash;
      user.emailVerifiedAt ??= this.clock.now();
      await manager.save(user);
      await manager.update(
        AccountToken,
        { userId: user.id, purpose: AccountTokenPurpose.ResetPassword, usedAt: IsNull() },
        { usedAt: this.clock.now() },
      );
      await this.sessions.destroyAllFor([user.id], manager);
      await manager.delete(ApiToken, { userId: user.id });
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'user.password_reset',
        entity: 'user',
        entityId: user.id,
      });
      await this.outbox.enqueue(manager, {
        to: user.email,
        template: 'password-changed',
        kind: MailKind.Account,
        locale: user.locale,
        payload: { name: user.name, resetUrl: this.links.to('/forgot-password') },
      });
      return user;
    });
  }

  /**
   * Checks a password. Every attempt claims a place under the per-account and per-address limits
   * before the password is evaluated, so concurrent attempts cannot all slip under the limit; past
   * either limit the answer is 429 until the window ends, whether or not the password is right,
   * and the password is not evaluated. A successful sign-in gives its claim back; an account whose
   * address is not confirmed yet is then refused (403 EMAIL_NOT_VERIFIED).
   */
  async authenticate(email: string, password: string, clientAddress: string): Promise<User> {
    const perAccount = this.signInLimit(email);
    const perAddress = {
      key: `signin:address:${clientAddress}`,
      max: this.config.signinMaxFailuresPerAddress,
      windowMinutes: this.config.signinWindowMinutes,
    };
    await this.rateLimiter.consume(perAccount, perAddress);
    const user = await this.users().findOneBy({ email });
    const valid = await verifyPassword(user?.passwordHash, password);
    if (!user || !valid || user.disabledAt) {
      throw badCredentials();
    }
    await this.rateLimiter.release(perAddress);
    await this.rateLimiter.reset(perAccount.key);
    if (!user.emailVerifiedAt) throw emailNotVerified();
    return user;
  }

  private signInLimit(email: string): Limit {
    return {
      key: `signin:account:${email}`,
      max: this.config.signinMaxFailuresPerAccount,
      windowMinutes: this.config.signinWindowMinutes,
    };
  }

  async updateAccount(userId: string, changes: { name?: string; locale?: Locale }): Promise<User> {
    return this.transactions.run(async (manager) => {
      const user = await manager.findOneByOrFail(User, { id: userId });
      Object.assign(
        user,
        Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      );
      return manager.save(user);
    });
  }

  /**
   * Changes the password and, in the same transaction, ends the user's other sessions (the
   * caller's own, `keepSessionId`, stays) and their API tokens unless `keepTokens`.
   */
  async changePassword(
    userId: string,
    change: { currentPassword: string; password: string; keepTokens?: boolean },
    keepSessionId: string,
  ): Promise<void> {
    const user = await this.users().findOneByOrFail({ id: userId });
    // The current password is guessed no faster here than at sign-in: the same per-account limit.
    const perAccount = this.signInLimit(user.email);
    await this.rateLimiter.consume(perAccount);
    if (!(await verifyPassword(user.passwordHash, change.currentPassword))) {
      throw currentPasswordWrong();
    }
    await this.rateLimiter.reset(perAccount.key);
    assertAcceptablePassword(change.password, user.email);
    const passwordHash = await hashPassword(change.password);
    await this.transactions.run(async (manager) => {
      await manager.update(User, { id: userId }, { passwordHash });
      await this.sessions.destroyAllFor([userId], manager, keepSessionId);
      if (!change.keepTokens) await manager.delete(ApiToken, { userId });
      await this.audit.record(manager, {
        actorId: userId,
        action: 'user.password_changed',
        entity: 'user',
        entityId: userId,
        details: { keptTokens: Boolean(change.keepTokens) },
      });
      await this.outbox.enqueue(manager, {
        to: user.email,
        template: 'password-changed',
        kind: MailKind.Account,
        locale: user.locale,
        payload: { name: user.name, resetUrl: this.links.to('/forgot-password') },
      });
    });
  }

  users() {
    return this.dataSource.getRepository(User);
  }
}
