import { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  fieldProblemKey,
  InvalidInputError,
  TooManyRequestsError,
} from './domain-error';
import { httpStatusOf, pageReaction } from './error-policy';
import { FieldError, redirect, renderPage } from './pages';
import { validateForm } from './validation';
import { flash } from './web';

const NEVER_ECHOED = ['password', 'currentPassword', '_csrf'];

function keptValues(body: unknown): Record<string, unknown> {
  const values = { ...((body ?? {}) as Record<string, unknown>) };
  for (const field of NEVER_ECHOED) delete values[field];
  return values;
}

export interface FormPage {
  view: string;
  title: string;
  data?: Record<string, unknown>;
  /** The form as the module's `*.form.ts` reads it (checkboxes, numbers), when not the raw body. */
  input?: Record<string, unknown>;
  /**
   * For an error the page explains in its own way (an organisation's likely duplicates): what the
   * re-shown form adds instead of a message; undefined for the usual message.
   */
  explain?: (error: DomainError) => Record<string, unknown> | undefined;
}

/**
 * The HTML side of a form: validates with the API's DTO, runs the use case, and on a problem the
 * user can fix re-shows the form with an error summary and their input (never passwords).
 * Success is the caller's redirect (Post/Redirect/Get).
 */
export async function submitForm<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  dto: new () => T,
  page: FormPage,
  action: (value: T) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  const body = page.input ?? request.body;
  const reshow = (
    errors: Record<string, FieldError[]>,
    status: number,
    explanation?: Record<string, unknown>,
  ) =>
    renderPage(
      request,
      reply,
      page.view,
      {
        title: page.title,
        ...page.data,
        ...explanation,
        form: { values: keptValues(body), errors },
      },
      status,
    );
  const { value, errors } = await validateForm(dto, body);
  if (errors) return reshow(errors, 400);
  try {
    return await action(value);
  } catch (error) {
    const problem = formProblem(error, reply);
    if (!problem) throw error;
    const explanation = page.explain?.(error as DomainError);
    return explanation
      ? reshow({}, problem.status, explanation)
      : reshow(problem.errors, problem.status);
  }
}

/**
 * A form whose use case reads the request itself (a streamed upload): the action's redirect on
 * success; on a problem the user can fix, the page (built only then) with the message.
 */
export async function submitUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  page: () => Promise<FormPage>,
  action: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (error) {
    const problem = formProblem(error, reply);
    if (!problem) throw error;
    const { view, title, data } = await page();
    return renderPage(
      request,
      reply,
      view,
      { title, ...data, form: { errors: problem.errors } },
      problem.status,
    );
  }
}

/**
 * A link followed from a mail (confirm an address): the action's redirect on success; an error
 * the user can act on shows `page`, which explains it, with the error's status; anything else is
 * the error page.
 */
export async function followLink(
  request: FastifyRequest,
  reply: FastifyReply,
  page: FormPage,
  action: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (error) {
    if (pageReaction(error, 'form') !== 'reshow-form') throw error;
    return renderPage(
      request,
      reply,
      page.view,
      { title: page.title, ...page.data },
      httpStatusOf(error as DomainError),
    );
  }
}

/**
 * What a form shows for an error raised by its use case, by the page policy (`error-policy.ts`):
 * the field errors or the message above the form, with its status; undefined when the error is
 * one for the error page (the caller rethrows it).
 */
export function formProblem(
  error: unknown,
  reply: FastifyReply,
): { errors: Record<string, FieldError[]>; status: number } | undefined {
  if (pageReaction(error, 'form') !== 'reshow-form') return undefined;
  const domainError = error as DomainError;
  if (domainError instanceof TooManyRequestsError)
    reply.header('Retry-After', String(domainError.retryAfterSeconds));
  if (domainError instanceof InvalidInputError) return { errors: domainError.fields, status: 400 };
  return {
    errors: {
      [domainError.field ?? '_form']: [{ key: domainError.messageKey, params: domainError.params }],
    },
    status: httpStatusOf(domainError),
  };
}

/**
 * An action button (approve, cancel, requeue…): on success the action's own redirect; on an
 * error the user can act on, its message flashed on `back`; anything else is the error page.
 */
export async function runAction(
  request: FastifyRequest,
  reply: FastifyReply,
  back: string,
  action: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (error) {
    if (pageReaction(error, 'action') !== 'flash-and-redirect') throw error;
    const domainError = error as DomainError;
    const { key, params } =
      domainError instanceof InvalidInputError
        ? fieldProblemKey(Object.values(domainError.fields)[0][0])
        : { key: domainError.messageKey, params: domainError.params };
    flash(request, { kind: 'error', key, params });
    return redirect(reply, back);
  }
}
