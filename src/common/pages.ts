import type {} from '@fastify/view';
import { FastifyReply, FastifyRequest } from 'fastify';
import { requestHost } from './host';
import { LOCALES, Locale, UserRole } from './roles';
import { t } from './i18n';
import { localPath } from './safe-redirect';
import { existingSession } from './session-on-demand';
import { Flash } from './web';

/** Each language in its own words, as the language links and choices show it. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
};

/** An i18n key, or a key with the values its message names (a rule's limit, say). */
export type FieldError = string | { key: string; params?: Record<string, string | number> };

export interface FormState {
  values?: Record<string, unknown>;
  errors?: Record<string, FieldError[]> | null;
}

function languageLinks(request: FastifyRequest, current: Locale) {
  const url = new URL(request.url, 'http://convene.invalid');
  return LOCALES.map((code) => {
    url.searchParams.set('lang', code);
    return {
      code,
      name: LANGUAGE_NAMES[code],
      href: url.pathname + url.search,
      current: code === current,
    };
  });
}

function takeFlash(request: FastifyRequest, locale: Locale) {
  const session = existingSession(request);
  const messages: Flash[] = session?.flash ?? [];
  if (session && messages.length) session.flash = [];
  return messages.map((m) => ({ kind: m.kind, text: t(locale, m.key, m.params) }));
}

/** Field errors translated, in form order, for the error summary and beside each field. */
export function errorModel(
  locale: Locale,
  errors: Record<string, FieldError[]> | null | undefined,
) {
  if (!errors) return { summary: [], byField: {} };
  const byField: Record<string, string> = {};
  const summary = Object.entries(errors).map(([field, keys]) => {
    const text = keys
      .map((error) =>
        typeof error === 'string'
          ? t(locale, error, { field })
          : t(locale, error.key, { field, ...error.params }),
      )
      .join(' ');
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

/**
 * `title` is the page's i18n key; `subject`, when given, names the thing the page is about (a
 * consultation's title), so the window title reads "Participants · Migrants and Development".
 */
type PageData = Record<string, unknown> & { title: string; subject?: string; form?: FormState };

export async function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  data: PageData,
  status = 200,
): Promise<FastifyReply> {
  reply.code(status).header('Cache-Control', 'no-store');
  return reply.view(view, pageModel(request, reply, data));
}

const anonymousPages = new Map<string, { html: string; until: number }>();
const ANONYMOUS_PAGE_ENTRIES = 1000;

/**
 * A public page as an anonymous visitor sees it, rendered at most once a second per address and
 * language: when registration opens, everyone loads the same consultation page at once. Nothing
 * personal is in such a page (no user, no form, no flash), and a second of staleness in "seats
 * left" is harmless: the seat itself is claimed atomically.
 */
export async function renderPublicPage(
  request: FastifyRequest,
  reply: FastifyReply,
  view: string,
  load: () => Promise<PageData>,
  ttlMs = 1000,
): Promise<FastifyReply> {
  const cacheable = !request.user && !existingSession(request)?.flash?.length;
  if (!cacheable) return renderPage(request, reply, view, await load());
  const key = `${request.locale}|${request.url}`;
  const now = Date.now();
  let entry = anonymousPages.get(key);
  if (!entry || entry.until <= now) {
    const html = await (
      request.server as unknown as { view(page: string, data: object): Promise<string> }
    ).view(view, pageModel(request, reply, await load()));
    if (anonymousPages.size >= ANONYMOUS_PAGE_ENTRIES) anonymousPages.clear();
    entry = { html, until: now + ttlMs };
    anonymousPages.set(key, entry);
  }
  return reply
    .code(200)
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(entry.html);
}

/**
 * The window title: the page's, then what it is about — its `subject`, or on the staff pages of
 * one consultation that consultation's title ("Participants · Migrants and Development").
 */
function documentTitle(request: FastifyRequest, locale: Locale, data: PageData): string {
  const title = t(locale, data.title);
  const consultation = data.consultation as { title?: unknown } | undefined;
  const subject =
    data.subject ??
    (request.url.startsWith('/staff/consultations/') && typeof consultation?.title === 'string'
      ? consultation.title
      : undefined);
  return subject ? `${title} · ${subject}` : title;
}

function pageModel(request: FastifyRequest, reply: FastifyReply, data: PageData) {
  const locale = request.locale ?? 'en';
  const user = request.user;
  const { form, ...rest } = data;
  const errors = errorModel(locale, form?.errors);
  const model = {
    ...rest,
    title: t(locale, data.title),
    documentTitle: documentTitle(request, locale, data),
    locale,
    host: requestHost(request, locale),
    user,
    isStaff: user?.role === UserRole.Reviewer || user?.role === UserRole.Admin,
    isAdmin: user?.role === UserRole.Admin,
    csrfToken: lazyCsrfToken(request, reply),
    languages: languageLinks(request, locale),
    flash: takeFlash(request, locale),
    values: form?.values ?? {},
    errors: errors.byField,
    errorSummary: errors.summary,
    currentPath: request.url,
  };
  return model;
}

/** Every page redirect: a local path, percent-encoded (see localPath), else the home page. */
export function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).redirect(localPath(location));
}
