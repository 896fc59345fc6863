import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import Tokens from '@fastify/csrf';
import { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { PUBLIC_KEY, ROLES_KEY } from '../common/access.decorators';
import { Clock } from '../common/clock';
import { DomainError, forbidden } from '../common/domain-error';
import { pageLocale, rememberSwitchInSession } from '../common/visit-language';
import { existingSession } from '../common/session-on-demand';
import { isApiRequest, SignedInUser } from '../common/web';
import { appConfig } from '../config';
import { hydrate, readDate, selectRow } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { ApiToken, ApiTokenScope } from './api-token.entity';
import { hashSecret } from './secrets';
import { User, UserRole } from './user.entity';

const csrfTokens = new Tokens({ userInfo: false });
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SEEN_RESOLUTION_MS = 60_000;
const TOKEN_USE_RESOLUTION_MS = 5 * 60_000;
const TOKEN_USER = `SELECT u.id, u.email, u.name, u.role, u.locale, u."emailVerifiedAt", u."disabledAt",
    t.id AS "tokenId", t.scope AS "tokenScope", t."lastUsedAt" AS "tokenLastUsedAt"
  FROM api_tokens t JOIN users u ON u.id = t."userId" WHERE t."tokenHash" = ? AND t."expiresAt" > ?`;

function signedIn(
  user: Pick<User, 'id' | 'email' | 'name' | 'role' | 'locale' | 'emailVerifiedAt'>,
): SignedInUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    emailVerified: Boolean(user.emailVerifiedAt),
  };
}

/**
 * Runs before every route: finds who is calling (bearer token or session), settles the language,
 * checks the CSRF token of browser requests that change something, then applies @Public/@Roles.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const bearer = this.bearerToken(request);
    if (bearer !== undefined) {
      await this.identifyByToken(request, bearer);
    } else {
      await this.identifyBySession(request);
      this.checkCsrf(request);
    }
    this.settleLocale(request);

    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (!request.user) throw new DomainError('UNAUTHORIZED', 'errors.unauthorized');
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw forbidden();
    }
    return true;
  }

  private bearerToken(request: FastifyRequest): string | undefined {
    const header = request.headers.authorization;
    if (!header || !isApiRequest(request)) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHORIZED', 'errors.unauthorized');
    return match[1];
  }

  private async identifyByToken(request: FastifyRequest, token: string): Promise<void> {
    // Every API call passes here: plain SQL, not the query builder (see database/raw-sql.ts).
    const manager = this.dataSource.manager;
    const now = this.clock.now();
    const row = await selectRow(manager, TOKEN_USER, [hashSecret(token), now]);
    const user:
      | Pick<User, 'id' | 'email' | 'name' | 'role' | 'locale' | 'emailVerifiedAt' | 'disabledAt'>
      | undefined = row && hydrate(manager, User, row);
    if (!row || !user || user.disabledAt) {
      throw new DomainError('UNAUTHORIZED', 'errors.unauthorized');
    }
    // A read token changes nothing, whatever route it calls.
    if (row.tokenScope !== ApiTokenScope.Write && !SAFE_METHODS.has(request.method)) {
      throw new DomainError('TOKEN_READ_ONLY', 'errors.token_read_only');
    }
    request.user = signedIn(user);
    request.authenticatedBy = 'token';
    const lastUsedAt = readDate(manager, row.tokenLastUsedAt);
    if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() > TOKEN_USE_RESOLUTION_MS) {
      await this.transactions.run((m) =>
        m.update(ApiToken, { id: row.tokenId as string }, { lastUsedAt: now }),
      );
    }
  }

  /** A session ends after SESSION_IDLE_MINUTES without a request or SESSION_ABSOLUTE_HOURS in all. */
  private async identifyBySession(request: FastifyRequest): Promise<void> {
    const session = existingSession(request);
    if (!session?.userId) return;
    const now = this.clock.now().getTime();
    const idle = now - (session.seenAt ?? 0) > this.config.sessionIdleMinutes * 60_000;
    const tooOld = now - (session.authAt ?? 0) > this.config.sessionAbsoluteHours * 3_600_000;
    const user =
      idle || tooOld
        ? null
        : await this.dataSource.getRepository(User).findOneBy({ id: session.userId });
    if (!user || user.disabledAt) {
      session.userId = undefined;
      session.authAt = undefined;
      session.seenAt = undefined;
      return;
    }
    if (now - (session.seenAt ?? 0) > SEEN_RESOLUTION_MS) session.seenAt = now;
    request.user = signedIn(user);
    request.authenticatedBy = 'session';
  }

  /**
   * Forms carry `_csrf`; scripts in the page send `x-csrf-token`. An API call with no session
   * cookie has no ambient authority to abuse and needs no token.
   */
  private checkCsrf(request: FastifyRequest): void {
    if (SAFE_METHODS.has(request.method)) return;
    if (isApiRequest(request) && !existingSession(request)?.userId) return;
    const body = request.body as Record<string, unknown> | undefined;
    const query = request.query as Record<string, unknown> | undefined;
    const header = request.headers['x-csrf-token'];
    const token = [body?._csrf, header, query?._csrf].find((value) => typeof value === 'string') as
      string | undefined;
    const secret = existingSession(request)?._csrf;
    if (!secret || !token || !csrfTokens.verify(secret, token)) {
      throw new DomainError('CSRF_INVALID', 'errors.csrf');
    }
  }

  /** See common/visit-language.ts: the page's language, and where a switch is remembered. */
  private settleLocale(request: FastifyRequest): void {
    rememberSwitchInSession(request);
    request.locale = pageLocale(request);
  }
}
