import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifySession from '@fastify/session';
import { ConfigType } from '@nestjs/config';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SessionStore } from './accounts/session.store';
import { Locale } from './accounts/user.entity';
import { ExceptionsFilter } from './common/exceptions.filter';
import { t } from './common/i18n';
import { apiValidationPipe, EmptyQueryValuesPipe } from './common/validation';
import { appConfig, projectRoot } from './config';

const VIEWS = join(projectRoot, 'views');

export function createAdapter(): FastifyAdapter {
  return new FastifyAdapter({ trustProxy: appConfig().trustProxy, bodyLimit: 1024 * 1024 });
}

type Root = { locale: Locale; csrfToken?: () => string };

function viewEngine(): typeof Handlebars {
  const hbs = Handlebars.create();
  hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) =>
    t((options.data as { root: Root }).root.locale, key, options.hash),
  );
  hbs.registerHelper('csrf', (options: Handlebars.HelperOptions) => {
    const token = (options.data as { root: Root }).root.csrfToken?.() ?? '';
    return new hbs.SafeString(`<input type="hidden" name="_csrf" value="${hbs.escapeExpression(token)}">`);
  });
  hbs.registerHelper('csrfQuery', (options: Handlebars.HelperOptions) =>
    `_csrf=${encodeURIComponent((options.data as { root: Root }).root.csrfToken?.() ?? '')}`,
  );
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find((value) => value !== undefined && value !== null && value !== '' && value !== false));
  hbs.registerHelper('fieldId', (name: string) => `field-${String(name).replace(/[^\w-]/g, '-')}`);
  return hbs;
}

function partials(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(VIEWS, 'partials'))
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => [file.replace(/\.hbs$/, ''), `partials/${file}`]),
  );
}

/**
 * Everything about serving HTTP, shared by main.ts and the tests: security headers, sessions in
 * the database, CSRF, uploads, views, static files, validation, errors, OpenAPI.
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);

  await app.register(fastifyHelmet, {
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
        upgradeInsecureRequests: config.production ? [] : null,
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    frameguard: { action: 'deny' },
    strictTransportSecurity: config.production,
  });
  // Swagger UI sets inline styles: its pages alone may use them.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/api/docs') && !request.url.startsWith('/api/docs-json')) {
        const policy = reply.getHeader('content-security-policy');
        if (typeof policy === 'string') reply.header('content-security-policy', policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
      }
    });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: 'convene_session',
    store: app.get<SessionStore>(SessionStore),
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.production, path: '/' },
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
  await app.register(fastifyMultipart, { limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 20 } });

  app.useStaticAssets({ root: join(projectRoot, 'public'), prefix: '/static/', maxAge: '1h' });
  app.setViewEngine({
    engine: { handlebars: viewEngine() },
    templates: VIEWS,
    layout: 'layouts/main.hbs',
    viewExt: 'hbs',
    options: { partials: partials() },
    production: config.production,
  });
  app.useGlobalPipes(new EmptyQueryValuesPipe(), apiValidationPipe());
  app.useGlobalFilters(new ExceptionsFilter());

  const openApi = new DocumentBuilder()
    .setTitle('Convene API')
    .setDescription('Accreditation, registration and travel funding for consultations with civil society.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
}
