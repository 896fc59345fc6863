import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifySession from '@fastify/session';
import { Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseQueryString } from 'node:querystring';
import { SessionStore } from './accounts/session.store';
import { Locale } from './accounts/user.entity';
import { exceptForBearerCalls } from './common/bearer-calls';
import { DomainError } from './common/domain-error';
import { ExceptionsFilter } from './common/exceptions.filter';
import { checkTextInput, registerReplySafety } from './common/http-safety';
import { punctuation, t } from './common/i18n';
import { jsonNestsDeeperThan } from './common/input';
import { isApiRequest } from './common/web';
import { apiValidationPipe, EmptyQueryValuesPipe } from './common/validation';
import { registerVisitLanguage } from './common/visit-language';
import { sessionOnDemand } from './common/session-on-demand';
import { appConfig, hostConfig, projectRoot } from './config';

const VIEWS = join(projectRoot, 'views');

const BODY_LIMIT = 1024 * 1024;
const SESSION_COOKIE = 'convene_session';

export function createAdapter(): FastifyAdapter {
  return new FastifyAdapter({ trustProxy: appConfig().trustProxy, bodyLimit: BODY_LIMIT });
}

/** JSON too deeply nested is refused before it is parsed; forms are flat key=value lists. */
function registerBodyParsers(app: NestFastifyApplication): void {
  const json = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT }, (request, body, done) => {
    if (jsonNestsDeeperThan(body))
      return done(new DomainError('BAD_REQUEST', 'errors.nesting_too_deep'), undefined);
    void json(request as FastifyRequest, body.toString('utf8'), done);
  });
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit: BODY_LIMIT },
    (_request, body, done) => {
      done(null, parseQueryString(body.toString('utf8'), undefined, undefined, { maxKeys: 0 }));
    },
  );
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function warnOnPlainHttp(config: ConfigType<typeof appConfig>): void {
  if (!config.production || config.https || LOCAL_HOSTS.has(new URL(config.baseUrl).hostname))
    return;
  new Logger('Config').warn(
    `APP_BASE_URL is ${config.baseUrl}: production without HTTPS sends session cookies and passwords in clear. ` +
      'Serve it over HTTPS (behind a proxy, with TRUST_PROXY) and set APP_BASE_URL to the https address.',
  );
}

function warnOnAnonymousHost(production: boolean, host: ConfigType<typeof hostConfig>): void {
  if (!production) return;
  const missing = [
    host.names.en === 'Convene demo host' && 'HOST_NAME',
    !host.contactEmail && 'HOST_CONTACT_EMAIL',
  ].filter(Boolean);
  if (missing.length)
    new Logger('Config').warn(
      `${missing.join(' and ')} not set: every page and mail shows the host organisation's name and help contact.`,
    );
}

type Root = { locale: Locale; csrfToken?: () => string; errors?: Record<string, unknown> };

function viewEngine(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) =>
    t((options.data as { root: Root }).root.locale, key, options.hash),
  );
  hbs.registerHelper('punct', (mark: string, options: Handlebars.HelperOptions) =>
    punctuation((options.data as { root: Root }).root.locale, mark),
  );
  hbs.registerHelper('csrf', (options: Handlebars.HelperOptions) => {
    const token = (options.data as { root: Root }).root.csrfToken?.() ?? '';
    return new hbs.SafeString(
      `<input type="hidden" name="_csrf" value="${hbs.escapeExpression(token)}">`,
    );
  });
  hbs.registerHelper(
    'csrfQuery',
    (options: Handlebars.HelperOptions) =>
      `_csrf=${encodeURIComponent((options.data as { root: Root }).root.csrfToken?.() ?? '')}`,
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  // A checkbox or option among several chosen: the kept value is a list, or one value.
  hbs.registerHelper('has', (list: unknown, value: unknown) =>
    Array.isArray(list) ? list.includes(value) : list === value,
  );
  // ` lang="fr"` on an element whose text is in another language than the page's (see localise).
  hbs.registerHelper('lang', (language: unknown, options: Handlebars.HelperOptions) =>
    typeof language === 'string' && language !== (options.data as { root: Root }).root.locale
      ? new hbs.SafeString(` lang="${hbs.escapeExpression(language)}"`)
      : '',
  );
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hbs.registerHelper('or', (...args: unknown[]) =>
    args
      .slice(0, -1)
      .find((value) => value !== undefined && value !== null && value !== '' && value !== false),
  );
  const fieldId = (name: string) => `field-${String(name).replace(/[^\w-]/g, '-')}`;
  hbs.registerHelper('fieldId', fieldId);
  const errorFor = (name: string, options: Handlebars.HelperOptions): unknown =>
    (options.data as { root: Root }).root.errors?.[name];
  hbs.registerHelper('errorFor', errorFor);
  // ` aria-describedby="…" aria-invalid="true"` for a form control: the ids of its `describedby`
  // element, its hint and its error message, as the field partials print them.
  hbs.registerHelper('fieldAria', (name: string, options: Handlebars.HelperOptions) => {
    const { describedby, hint } = options.hash as { describedby?: string; hint?: unknown };
    const error = errorFor(name, options);
    const ids = [describedby, hint && `${fieldId(name)}-hint`, error && `${fieldId(name)}-error`];
    const describedBy = ids.filter(Boolean).join(' ');
    return new hbs.SafeString(
      (describedBy ? ` aria-describedby="${hbs.escapeExpression(describedBy)}"` : '') +
        (error ? ' aria-invalid="true"' : ''),
    );
  });
  return hbs;
}

function partials(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(VIEWS, 'partials'))
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => [file.replace(/\.hbs$/, ''), `partials/${file}`]),
  );
}

const HELMET_OPTIONS = (https: boolean) => ({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      upgradeInsecureRequests: https ? [] : null,
    },
  },
  referrerPolicy: { policy: 'same-origin' as const },
  frameguard: { action: 'deny' as const },
  strictTransportSecurity: https,
});

/**
 * The headers helmet writes with our options, asked of it once at start-up on a throwaway server:
 * @fastify/helmet builds helmet's middleware again on every request, which cost more than the
 * rest of a small page's plumbing together (`BENCH_CPU_PROF`).
 */
async function helmetHeaders(https: boolean): Promise<Record<string, string>> {
  const probe = new FastifyAdapter().getInstance();
  await probe.register(fastifyHelmet, HELMET_OPTIONS(https));
  probe.get('/', (_request, reply) => reply.send(''));
  const answer = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const names = Object.keys(answer.headers).filter(
    (name) => !['content-length', 'content-type', 'date', 'connection'].includes(name),
  );
  return Object.fromEntries(names.map((name) => [name, String(answer.headers[name])]));
}

/**
 * Security headers, computed once: a strict CSP (Swagger UI's pages alone may use inline
 * styles), no framing. A route may still replace one (documents add `sandbox`).
 */
async function registerSecurityHeaders(app: NestFastifyApplication, https: boolean): Promise<void> {
  const headers = await helmetHeaders(https);
  const docsHeaders = {
    ...headers,
    'content-security-policy': headers['content-security-policy'].replace(
      "style-src 'self'",
      "style-src 'self' 'unsafe-inline'",
    ),
  };
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const docs = request.url.startsWith('/api/docs') && !request.url.startsWith('/api/docs-json');
      reply.headers(docs ? docsHeaders : headers);
      done();
    });
}

/**
 * Once shutdown begins, every answer closes its connection (a keep-alive client would otherwise
 * hold the drain open until its idle timeout); JSON answers carry personal data, so no browser or
 * proxy keeps them.
 */
function registerAnswerHeaders(app: NestFastifyApplication): void {
  const instance = app.getHttpAdapter().getInstance();
  let closing = false;
  instance.addHook('preClose', async () => {
    closing = true;
  });
  instance.addHook('onSend', (request, reply, payload, done) => {
    if (closing) reply.header('Connection', 'close');
    if (isApiRequest(request) && !reply.hasHeader('cache-control'))
      reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });
}

/** Handlebars pages, the static files, the pipes and filter every route shares, and `/api/docs`. */
function registerViewsAndDocs(app: NestFastifyApplication, production: boolean): void {
  app.useStaticAssets({ root: join(projectRoot, 'public'), prefix: '/static/', maxAge: '1h' });
  app.setViewEngine({
    engine: { handlebars: viewEngine() },
    templates: VIEWS,
    layout: 'layouts/main.hbs',
    viewExt: 'hbs',
    options: { partials: partials() },
    production,
  });
  app.useGlobalPipes(new EmptyQueryValuesPipe(), apiValidationPipe());
  app.useGlobalFilters(new ExceptionsFilter());
  const openApi = new DocumentBuilder()
    .setTitle('Convene API')
    .setDescription(
      'Accreditation, registration and travel funding for consultations with civil society.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
}

/**
 * Everything about serving HTTP, shared by main.ts and the tests: security headers, sessions in
 * the database, CSRF, uploads, views, static files, validation, errors, OpenAPI. Cookies and the
 * session pass over bearer API calls (see common/bearer-calls.ts); a visit without a session
 * cookie gets a session only when a page first needs one (common/session-on-demand.ts).
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  warnOnPlainHttp(config);
  const instance = app.getHttpAdapter().getInstance();
  await registerSecurityHeaders(app, config.https);
  await app.register(exceptForBearerCalls(fastifyCookie as never));
  registerVisitLanguage(instance, { secure: config.https });
  const host = app.get<ConfigType<typeof hostConfig>>(hostConfig.KEY);
  warnOnAnonymousHost(config.production, host);
  instance.decorate('hostConfig', host);
  await app.register(sessionOnDemand(fastifySession as never, SESSION_COOKIE), {
    secret: config.sessionSecret,
    cookieName: SESSION_COOKIE,
    store: app.get<SessionStore>(SessionStore),
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.https, path: '/' },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 20 },
  });
  registerBodyParsers(app);
  instance.addHook('preValidation', async (request) => checkTextInput(request));
  registerAnswerHeaders(app);
  registerViewsAndDocs(app, config.production);
  registerReplySafety(instance);
}
