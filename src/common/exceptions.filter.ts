import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { isDatabaseBusy } from '../database/errors';
import {
  DomainError,
  FieldProblem,
  fieldProblemKey,
  InvalidInputError,
  TooManyRequestsError,
} from './domain-error';
import { apiCodeOf, httpStatusOf } from './error-policy';
import { t } from './i18n';
import { pageLocale } from './visit-language';
import { redirect, renderPage } from './pages';
import { localPath } from './safe-redirect';
import { isApiRequest } from './web';

interface Problem {
  status: number;
  messageKey?: string;
  message?: string | string[];
  code?: string;
  params?: Record<string, string | number>;
  fields?: Record<string, FieldProblem[]>;
  body?: Record<string, unknown>;
}

function fromHttpException(error: HttpException): Problem {
  const body = error.getResponse();
  const message =
    typeof body === 'object' && body !== null && 'message' in body
      ? (body as { message: string | string[] }).message
      : error.message;
  return { status: error.getStatus(), message };
}

/** Errors Fastify raises itself (body too large, bad JSON, wrong content type) carry statusCode. */
function fromFastifyError(error: unknown): Problem | undefined {
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  if (statusCode === 413) return { status: 413, messageKey: 'errors.too_large' };
  return { status: statusCode, message: (error as Error).message };
}

function describe(error: unknown): Problem {
  if (error instanceof InvalidInputError) {
    return { status: 400, messageKey: error.messageKey, fields: error.fields };
  }
  if (error instanceof DomainError) {
    return {
      status: httpStatusOf(error),
      messageKey: error.messageKey,
      code: apiCodeOf(error),
      params: error.params,
      body: error.body,
    };
  }
  if (error instanceof HttpException) return fromHttpException(error);
  if (isDatabaseBusy(error)) return { status: 503, messageKey: 'errors.busy' };
  return fromFastifyError(error) ?? { status: 500, messageKey: 'errors.internal' };
}

/** How long a client should wait before trying again when the database was busy. */
const BUSY_RETRY_SECONDS = 2;

const DEFAULT_KEYS: Record<number, string> = {
  400: 'errors.bad_request',
  401: 'errors.unauthorized',
  403: 'errors.forbidden',
  404: 'errors.not_found',
  413: 'errors.too_large',
  429: 'errors.too_many_requests',
  500: 'errors.internal',
  503: 'errors.busy',
};

/**
 * One filter for the whole app: the API answers `{statusCode, error, message, code?}`; pages get an
 * HTML error page in the user's language (or the sign-in page for 401). No stack reaches a client.
 */
@Catch()
export class ExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    const problem = describe(error);
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE) {
      reply.header('Retry-After', String(BUSY_RETRY_SECONDS));
      this.logger.warn(
        `${request.method} ${request.routeOptions?.url ?? 'unknown route'}: database busy (${(error as Error)?.message})`,
      );
    } else if (problem.status >= 500) {
      this.logger.error(
        `${request.method} ${request.routeOptions?.url ?? 'unknown route'}`,
        (error as Error)?.stack,
      );
    }
    if (error instanceof TooManyRequestsError) {
      reply.header('Retry-After', String(error.retryAfterSeconds));
    }
    if (reply.sent) return;

    if (isApiRequest(request)) {
      await reply.code(problem.status).send(this.apiBody(problem));
      return;
    }

    request.locale ??= pageLocale(request);
    if (problem.status === HttpStatus.UNAUTHORIZED) {
      const next = localPath(request.url, '');
      await redirect(reply, next ? `/signin?next=${encodeURIComponent(next)}` : '/signin');
      return;
    }
    const locale = request.locale;
    const key = problem.messageKey ?? DEFAULT_KEYS[problem.status] ?? 'errors.bad_request';
    await renderPage(
      request,
      reply,
      'errors/error',
      {
        title: 'errors.page_title',
        status: problem.status,
        message: t(locale, key, problem.params),
        fieldMessages: Object.entries(problem.fields ?? {}).map(
          ([field, keys]) =>
            `${field}: ${keys
              .map(fieldProblemKey)
              .map(({ key, params }) => t(locale, key, params))
              .join(' ')}`,
        ),
      },
      problem.status,
    ).catch(async (renderError: unknown) => {
      this.logger.error('error page failed to render', (renderError as Error)?.stack);
      if (!reply.sent)
        await reply.code(problem.status).type('text/plain').send(STATUS_CODES[problem.status]);
    });
  }

  private apiBody(problem: Problem) {
    let message: string | string[];
    if (problem.fields) {
      message = Object.entries(problem.fields).flatMap(([field, keys]) =>
        keys
          .map(fieldProblemKey)
          .map(({ key, params }) => `${field}: ${t('en', key, { field, ...params })}`),
      );
    } else if (problem.messageKey) {
      message = t('en', problem.messageKey, problem.params);
    } else {
      message = problem.message ?? STATUS_CODES[problem.status] ?? 'Error';
    }
    return {
      statusCode: problem.status,
      error: STATUS_CODES[problem.status] ?? 'Error',
      message,
      ...(problem.code ? { code: problem.code } : {}),
      ...problem.body,
    };
  }
}
