import type {} from '@fastify/view';
import { FastifyReply, FastifyRequest } from 'fastify';
import { LOCALES, Locale, UserRole } from '../accounts/user.entity';
import { t } from './i18n';
import { Flash } from './web';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', es: 'Español' };

export interface FormState {
  values?: Record<string, unknown>;
  errors?: Record<string, string[]> | null;
}

function languageLinks(request: FastifyRequest, current: Locale) {
  const url = new URL(request.url, 'http://convene.invalid');
  return LOCALES.map((code) => {
    url.searchParams.set('lang', code);
    return { code, name: LANGUAGE_NAMES[code], href: url.pathname + url.search, current: code === current };
  });
}

function takeFlash(request: FastifyRequest, locale: Locale) {
  const messages: Flash[] = request.session?.flash ?? [];
  if (messages.length) request.session.flash = [];
  return messages.map((m) => ({ kind: m.kind, text: t(locale, m.key, m.params) }));
}

/** Field errors translated, in form order, for the error summary and beside each field. */
export function errorModel(locale: Locale, errors: Record<string, string[]> | null | undefined) {
  if (!errors) return { summary: [], byField: {} };
  const byField: Record<string, string> = {};
  const summary = Object.entries(errors).map(([field, keys]) => {
    const text = keys.map((key) => t(locale, key, { field })).join(' ');
    byField[field] = text;
    return { field, text, anchor: `field-${field.replace(/[^\w-]/g, '-')}` };
  });
  return { summary, byField };
}

/** Renders a page inside the layout with what every page needs: user, language, CSRF, flash. */
/**
 * The CSRF token is made only when a template asks for it (the `csrf` helper): a page without a
 * form then leaves the session untouched, and an anonymous visitor costs no session write.
 */
function lazyCsrfToken(request: FastifyRequest, reply: FastifyReply): () => string {
  let token: string | undefined;
  return () => (token ??= request.session ? reply.generateCsrf() : '');
}

export async function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  data: Record<string, unknown> & { title: string; form?: FormState },
  status = 200,
): Promise<FastifyReply> {
  const locale = request.locale ?? 'en';
  const user = request.user;
  const { form, ...rest } = data;
  const errors = errorModel(locale, form?.errors);
  const model = {
    ...rest,
    title: t(locale, data.title),
    locale,
    user,
    isStaff: user?.role === UserRole.Reviewer || user?.role === UserRole.Admin,
    isAdmin: user?.role === UserRole.Admin,
    csrfToken: lazyCsrfToken(request, reply),
    languages: languageLinks(request, locale),
    flash: request.session ? takeFlash(request, locale) : [],
    values: form?.values ?? {},
    errors: errors.byField,
    errorSummary: errors.summary,
    currentPath: request.url,
  };
  reply.code(status).header('Cache-Control', 'no-store');
  return reply.view(view, model);
}

export function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).redirect(location);
}
