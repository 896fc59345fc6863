/** The business-rule codes of DESIGN.md, each answered with 409. */
export type BusinessRuleCode =
  | 'REGISTRATION_CLOSED'
  | 'NOT_ELIGIBLE'
  | 'ORGANISATION_LIMIT_REACHED'
  | 'ALREADY_REGISTERED'
  | 'BUDGET_EXCEEDED'
  | 'INVALID_TRANSITION'
  | 'OPEN_REQUEST_EXISTS'
  | 'DEADLINE_PASSED';

/**
 * Every error the domain raises on purpose. What each means for HTTP (its status, whether the API
 * names the code, what a page does with it) is decided in one table: `error-policy.ts`.
 */
export type ErrorCode =
  | BusinessRuleCode
  | 'POSSIBLE_DUPLICATE'
  | 'MERGE_CONFLICT'
  | 'BAD_REQUEST'
  | 'INVALID_INPUT'
  | 'TOKEN_INVALID'
  | 'UNAUTHORIZED'
  | 'BAD_CREDENTIALS'
  | 'FORBIDDEN'
  | 'FOCAL_POINT_ONLY'
  | 'OWN_ORGANISATION'
  | 'EMAIL_NOT_VERIFIED'
  | 'INVITATION_FOR_ANOTHER_EMAIL'
  | 'TOKEN_READ_ONLY'
  | 'CSRF_INVALID'
  | 'NOT_FOUND'
  | 'DOCUMENT_MISSING'
  | 'TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'NOT_ELIGIBLE_FOR_CALL'
  | 'CALL_NOT_OPEN';

/**
 * An error the domain raises on purpose. `messageKey` names an i18n key, so the same error reads
 * in the user's language on a page and in English in the API.
 */
export class DomainError extends Error {
  /** Extra fields for the API's error body (e.g. the likely duplicates of an organisation). */
  body?: Record<string, unknown>;
  /** The form field the error is about, when it is one: a page shows the message beside it. */
  field?: string;

  constructor(
    readonly code: ErrorCode,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
  }
}

export class BusinessRuleError extends DomainError {
  constructor(
    code: BusinessRuleCode,
    messageKey: string,
    params?: Record<string, string | number>,
  ) {
    super(code, messageKey, params);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    messageKey = 'errors.too_many_requests',
  ) {
    super('TOO_MANY_REQUESTS', messageKey);
  }
}

/** An i18n key, or a key with the values its message names (a window's first and last day, say). */
export type FieldProblem = string | { key: string; params?: Record<string, string | number> };

/** The key and values of one field problem. */
export function fieldProblemKey(problem: FieldProblem): {
  key: string;
  params: Record<string, string | number>;
} {
  return typeof problem === 'string'
    ? { key: problem, params: {} }
    : { key: problem.key, params: problem.params ?? {} };
}

/** Field-level problems in a request body; each message is an i18n key (with its values). */
export class InvalidInputError extends DomainError {
  constructor(readonly fields: Record<string, FieldProblem[]>) {
    super('INVALID_INPUT', 'errors.invalid_input');
  }
}

/** Not there, or not the viewer's to see: the two answer alike (404), so nothing leaks. */
export const notFound = () => new DomainError('NOT_FOUND', 'errors.not_found');

export const forbidden = (messageKey = 'errors.forbidden') =>
  new DomainError('FORBIDDEN', messageKey);

/** The record is not in a state this action can start from. */
export const invalidTransition = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.invalid_transition');
