import { FastifyReply, FastifyRequest } from 'fastify';
import { Locale, UserRole } from './roles';

export interface SignedInUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  locale: Locale;
  emailVerified: boolean;
}

export interface Flash {
  kind: 'success' | 'info' | 'error';
  key: string;
  params?: Record<string, string | number>;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: SignedInUser;
    authenticatedBy?: 'session' | 'token';
    locale?: Locale;
  }
  interface Session {
    userId?: string;
    /** When the user signed in and when the session was last seen, in epoch ms. */
    authAt?: number;
    seenAt?: number;
    /** A signed-in person's page language: the account's at sign-in, then their switches. */
    locale?: Locale;
    flash?: Flash[];
    _csrf?: string;
    /** A token just created on the account page, shown once. */
    newApiToken?: string;
    /** A webhook secret just created or rotated on the admin page, shown once. */
    newWebhookSecret?: { id: string; secret: string };
  }
}

export type WebRequest = FastifyRequest;
export type WebReply = FastifyReply;

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export function flash(request: FastifyRequest, message: Flash): void {
  request.session.flash = [...(request.session.flash ?? []), message];
}

/** A single query-string value for a page; pages ignore parameters they do not know. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
