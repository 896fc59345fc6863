import { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, InvalidInputError, TooManyRequestsError } from './domain-error';
import { FieldError, renderPage } from './pages';
import { validateForm } from './validation';

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
    if (error instanceof InvalidInputError) return reshow(error.fields, 400);
    if (error instanceof TooManyRequestsError)
      reply.header('Retry-After', String(error.retryAfterSeconds));
    if (
      error instanceof DomainError &&
      error.status < 500 &&
      error.status !== 404 &&
      error.messageKey !== 'errors.forbidden' &&
      error.code !== 'CSRF_INVALID'
    ) {
      return reshow({ _form: [{ key: error.messageKey, params: error.params }] }, error.status);
    }
    throw error;
  }
}
