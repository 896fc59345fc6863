import { pagerLinks } from '../common/pager';
import { formatUtc } from '../common/dates';
import { Page } from '../common/page';
import { Locale, LOCALES, UserRole } from '../common/roles';
import { SignedInUser } from '../common/web';
import { API_TOKEN_SCOPES, ApiToken } from './api-token.entity';
import { TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX } from './dto/accounts.dto';
import { User } from './user.entity';

/** A user as the API answers it: never the password hash. */
export function userView(user: User) {
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

/** A new personal token: the only answer that ever shows it. */
export function createdTokenView(token: string, record: ApiToken) {
  return {
    token,
    expiresAt: record.expiresAt.toISOString(),
    scope: record.scope,
    id: record.id,
    label: record.label,
    createdAt: record.createdAt.toISOString(),
  };
}

/** The account page: profile, password, and the personal API tokens (a new one shown once). */
export function accountPageView(
  user: SignedInUser,
  tokens: ApiToken[],
  newApiToken: string | undefined,
  locale: Locale,
  now: Date,
) {
  return {
    title: 'account.title',
    account: user,
    locales: LOCALES,
    newApiToken,
    tokens: tokens.map((token) => ({
      id: token.id,
      label: token.label,
      createdAt: token.createdAt.toISOString(),
      createdAtText: formatUtc(token.createdAt, locale),
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      lastUsedAtText: formatUtc(token.lastUsedAt, locale),
      scope: token.scope,
      expiresAt: token.expiresAt.toISOString(),
      expiresAtText: formatUtc(token.expiresAt, locale),
      expired: token.expiresAt <= now,
    })),
    scopes: API_TOKEN_SCOPES,
    tokenDaysDefault: TOKEN_DAYS_DEFAULT,
    tokenDaysMax: TOKEN_DAYS_MAX,
  };
}

/** The admin's list of users, one page of 50, searched by `q`. */
export function adminUsersPageView(
  page: Page<User>,
  query: { q?: string; role?: UserRole },
  viewerId: string,
) {
  return {
    title: 'admin.users.title',
    q: query.q ?? '',
    roles: Object.values(UserRole),
    roleFilter: Object.values(UserRole).map((role) => ({
      value: role,
      selected: role === query.role,
    })),
    total: page.total,
    pager: pagerLinks('/admin/users', { q: query.q, role: query.role }, page),
    users: page.items.map((user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      verified: Boolean(user.emailVerifiedAt),
      disabled: Boolean(user.disabledAt),
      isSelf: user.id === viewerId,
    })),
  };
}
