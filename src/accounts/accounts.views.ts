import { ApiToken } from './api-token.entity';
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
