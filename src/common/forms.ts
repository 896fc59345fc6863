import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, InvalidInputError, TooManyRequestsError } from './domain-error';
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
  const reshow = (errors: Record<string, FieldError[]>, status: number) =>
    renderPage(
      request,
      reply,
      page.view,
      { title: page.title, ...page.data, form: { values: keptValues(request.body), errors } },
      status,
    );
  const { value, errors } = await validateForm(dto, request.body);
  if (errors) return reshow(errors, 400);
  try {
    return await action(value);
  } catch (error) {
    const problem = formProblem(error, reply);
    if (!problem) throw error;
    return reshow(problem.errors, problem.status);
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
    errors: { _form: [{ key: domainError.messageKey, params: domainError.params }] },
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
    const key =
      domainError instanceof InvalidInputError
        ? Object.values(domainError.fields)[0][0]
        : domainError.messageKey;
    flash(request, { kind: 'error', key, params: domainError.params });
    return redirect(reply, back);
  }
}
