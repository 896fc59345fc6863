import { BusinessRuleError, DomainError, ErrorCode, InvalidInputError } from './domain-error';
import { apiCodeOf, ERROR_POLICY, httpStatusOf, pageReaction } from './error-policy';

/** Each code: its HTTP status, whether the API names it, and what a form and an action button do. */
const EXPECTED: [
  ErrorCode,
  number,
  boolean,
  'reshow-form' | 'error-page',
  'flash-and-redirect' | 'error-page',
][] = [
  ['REGISTRATION_CLOSED', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['NOT_ELIGIBLE', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['ORGANISATION_LIMIT_REACHED', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['ALREADY_REGISTERED', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['BUDGET_EXCEEDED', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['INVALID_TRANSITION', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['OPEN_REQUEST_EXISTS', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['DEADLINE_PASSED', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['POSSIBLE_DUPLICATE', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['MERGE_CONFLICT', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['BAD_REQUEST', 400, false, 'reshow-form', 'flash-and-redirect'],
  ['INVALID_INPUT', 400, false, 'reshow-form', 'flash-and-redirect'],
  ['TOKEN_INVALID', 400, true, 'reshow-form', 'flash-and-redirect'],
  ['BAD_CREDENTIALS', 401, true, 'reshow-form', 'flash-and-redirect'],
  ['FOCAL_POINT_ONLY', 403, false, 'reshow-form', 'flash-and-redirect'],
  ['OWN_ORGANISATION', 403, true, 'reshow-form', 'flash-and-redirect'],
  ['EMAIL_NOT_VERIFIED', 403, true, 'reshow-form', 'flash-and-redirect'],
  ['INVITATION_FOR_ANOTHER_EMAIL', 403, true, 'reshow-form', 'flash-and-redirect'],
  ['TOKEN_READ_ONLY', 403, true, 'reshow-form', 'flash-and-redirect'],
  ['NOT_ELIGIBLE_FOR_CALL', 403, true, 'reshow-form', 'flash-and-redirect'],
  ['CALL_NOT_OPEN', 409, true, 'reshow-form', 'flash-and-redirect'],
  ['DOCUMENT_MISSING', 410, true, 'reshow-form', 'flash-and-redirect'],
  ['TOO_LARGE', 413, false, 'reshow-form', 'flash-and-redirect'],
  ['TOO_MANY_REQUESTS', 429, true, 'reshow-form', 'flash-and-redirect'],
  ['UNAUTHORIZED', 401, false, 'error-page', 'error-page'],
  ['FORBIDDEN', 403, false, 'error-page', 'error-page'],
  ['CSRF_INVALID', 403, true, 'error-page', 'error-page'],
  ['NOT_FOUND', 404, false, 'error-page', 'error-page'],
];

describe('the error policy', () => {
  it('has a row for every code, and this table covers them all', () => {
    expect(EXPECTED.map(([code]) => code).sort()).toEqual(Object.keys(ERROR_POLICY).sort());
  });

  it.each(EXPECTED)(
    '%s: status %i, API code %p, form %s, action %s',
    (code, status, named, form, action) => {
      const error = new DomainError(code, 'errors.some_key');
      expect(httpStatusOf(error)).toBe(status);
      expect(apiCodeOf(error)).toBe(named ? code : undefined);
      expect(pageReaction(error, 'form')).toBe(form);
      expect(pageReaction(error, 'action')).toBe(action);
    },
  );

  it('shows the error page for anything that is not a domain error', () => {
    expect(pageReaction(new Error('boom'), 'form')).toBe('error-page');
    expect(pageReaction(undefined, 'action')).toBe('error-page');
  });

  it('treats the subclasses by their code', () => {
    expect(httpStatusOf(new BusinessRuleError('DEADLINE_PASSED', 'errors.x'))).toBe(409);
    expect(pageReaction(new InvalidInputError({ name: ['errors.x'] }), 'form')).toBe('reshow-form');
  });
});
