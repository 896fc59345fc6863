import type {} from '@fastify/cookie';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { isLocale, localeFromAcceptLanguage } from './i18n';
import { Locale } from './roles';
import { existingSession } from './session-on-demand';
import { isApiRequest } from './web';

/** The cookie that keeps the language a visitor chose with `?lang=` or a language link. */
export const LANGUAGE_COOKIE = 'lang';
const LANGUAGE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

function askedLocale(request: FastifyRequest): Locale | undefined {
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  return isLocale(asked) ? asked : undefined;
}

function cookieLocale(request: FastifyRequest): Locale | undefined {
  const remembered = request.cookies?.[LANGUAGE_COOKIE];
  return isLocale(remembered) ? remembered : undefined;
}

/**
 * The language of the pages for this request: `?lang=`; for a signed-in person, the language of
 * their session (their account's from sign-in, then what they switched to or saved in account
 * settings); the visit's cookie; the account's language; the browser's; English.
 */
export function pageLocale(request: FastifyRequest): Locale {
  // A page Nest does not route (a 404) runs no guard: a session that names a user still counts.
  const session = existingSession(request);
  const sessionChoice = session?.userId && isLocale(session.locale) ? session.locale : undefined;
  return (
    askedLocale(request) ??
    sessionChoice ??
    cookieLocale(request) ??
    request.user?.locale ??
    localeFromAcceptLanguage(request.headers['accept-language']) ??
    'en'
  );
}

/**
 * A signed-in session keeps the language switched to (the session is stored anyway); an
 * anonymous visit keeps it only in the cookie, so that looking at pages writes nothing.
 */
export function rememberSwitchInSession(request: FastifyRequest): void {
  const asked = askedLocale(request);
  if (asked && request.authenticatedBy === 'session' && request.session.locale !== asked) {
    request.session.locale = asked;
  }
}

/** Sets the language cookie on any page request that carries `?lang=` (the language links do). */
export function registerVisitLanguage(
  instance: FastifyInstance,
  options: { secure: boolean },
): void {
  instance.addHook('onRequest', async (request, reply) => {
    const asked = askedLocale(request);
    if (!asked || asked === cookieLocale(request) || isApiRequest(request)) return;
    if (request.url.startsWith('/static/')) return;
    reply.setCookie(LANGUAGE_COOKIE, asked, {
      path: '/',
      maxAge: LANGUAGE_COOKIE_MAX_AGE_S,
      sameSite: 'lax',
      httpOnly: true,
      secure: options.secure,
    });
  });
}
