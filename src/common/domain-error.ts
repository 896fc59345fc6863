import { HttpStatus } from '@nestjs/common';

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
 * An error the domain raises on purpose. `messageKey` names an i18n key, so the same error reads
 * in the user's language on a page and in English in the API.
 */
export class DomainError extends Error {
  /** Extra fields for the API's error body (e.g. the likely duplicates of an organisation). */
  body?: Record<string, unknown>;

  constructor(
    readonly status: HttpStatus,
    readonly messageKey: string,
    readonly code?: string,
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
    super(HttpStatus.CONFLICT, messageKey, code, params);
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    messageKey = 'errors.too_many_requests',
  ) {
    super(HttpStatus.TOO_MANY_REQUESTS, messageKey, 'TOO_MANY_REQUESTS');
  }
}

/** Field-level problems in a request body; each message is an i18n key. */
export class InvalidInputError extends DomainError {
  constructor(readonly fields: Record<string, string[]>) {
    super(HttpStatus.BAD_REQUEST, 'errors.invalid_input');
  }
}
