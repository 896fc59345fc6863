import { DomainError, ErrorCode } from './domain-error';

/**
 * How a page meets an error:
 * - `explain`: the user can act on it; a form is re-shown with the message, an action button
 *   flashes it on the page it came from;
 * - `error-page`: nothing on the page can fix it (not found, not allowed): the error page.
 */
export type PageTreatment = 'explain' | 'error-page';

/** What a page controller does with an error, once its context is known. */
export type PageReaction = 'reshow-form' | 'flash-and-redirect' | 'error-page';

interface ErrorPolicy {
  status: number;
  /** The API names the code in its error body (DESIGN.md's codes, and those clients act on). */
  apiCode: boolean;
  page: PageTreatment;
}

const rule = (status: number, apiCode = true): ErrorPolicy => ({
  status,
  apiCode,
  page: 'explain',
});

/** One table for the whole app: every domain error's HTTP status, API code and page treatment. */
export const ERROR_POLICY: Record<ErrorCode, ErrorPolicy> = {
  REGISTRATION_CLOSED: rule(409),
  NOT_ELIGIBLE: rule(409),
  ORGANISATION_LIMIT_REACHED: rule(409),
  ALREADY_REGISTERED: rule(409),
  BUDGET_EXCEEDED: rule(409),
  INVALID_TRANSITION: rule(409),
  OPEN_REQUEST_EXISTS: rule(409),
  DEADLINE_PASSED: rule(409),
  POSSIBLE_DUPLICATE: rule(409),
  MERGE_CONFLICT: rule(409),
  BAD_REQUEST: rule(400, false),
  INVALID_INPUT: rule(400, false),
  TOKEN_INVALID: rule(400),
  BAD_CREDENTIALS: rule(401),
  FOCAL_POINT_ONLY: rule(403, false),
  OWN_ORGANISATION: rule(403),
  EMAIL_NOT_VERIFIED: rule(403),
  INVITATION_FOR_ANOTHER_EMAIL: rule(403),
  TOKEN_READ_ONLY: rule(403),
  NOT_ELIGIBLE_FOR_CALL: rule(403),
  CALL_NOT_OPEN: rule(409),
  DOCUMENT_MISSING: rule(410),
  TOO_LARGE: rule(413, false),
  TOO_MANY_REQUESTS: rule(429),
  UNAUTHORIZED: { status: 401, apiCode: false, page: 'error-page' },
  FORBIDDEN: { status: 403, apiCode: false, page: 'error-page' },
  CSRF_INVALID: { status: 403, apiCode: true, page: 'error-page' },
  NOT_FOUND: { status: 404, apiCode: false, page: 'error-page' },
};

export function httpStatusOf(error: DomainError): number {
  return ERROR_POLICY[error.code].status;
}

/** The code as the API's error body names it, or undefined for plain HTTP errors. */
export function apiCodeOf(error: DomainError): string | undefined {
  return ERROR_POLICY[error.code].apiCode ? error.code : undefined;
}

/**
 * The page policy: a form re-shows an error the user can act on, an action button flashes it,
 * and anything else (or an error that is not the domain's) is the error page.
 */
export function pageReaction(error: unknown, context: 'form' | 'action'): PageReaction {
  if (!(error instanceof DomainError) || ERROR_POLICY[error.code].page === 'error-page') {
    return 'error-page';
  }
  return context === 'form' ? 'reshow-form' : 'flash-and-redirect';
}
