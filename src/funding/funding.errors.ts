import { BusinessRuleError, InvalidInputError } from '../common/domain-error';
import { FundingStatus } from './funding-application.entity';

/** Why an application that is not awaiting a decision cannot be decided or withdrawn now, in words. */
export const notAwaitingDecision = (status: FundingStatus) =>
  new BusinessRuleError(
    'INVALID_TRANSITION',
    status === FundingStatus.Awarded || status === FundingStatus.Declined
      ? 'errors.funding_already_decided'
      : 'errors.funding_closed',
  );

/** One application per registration. */
export const alreadyApplied = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.already_applied');

export const fundingDeadlinePassed = () =>
  new BusinessRuleError('DEADLINE_PASSED', 'errors.funding_deadline_passed');

/** Only a registration that may still attend can be funded. */
export const registrationNoLongerActive = () =>
  new BusinessRuleError('INVALID_TRANSITION', 'errors.funding_registration_ended');

/** The award does not fit in what is left of the budget. */
export const budgetExceeded = () =>
  new BusinessRuleError('BUDGET_EXCEEDED', 'errors.budget_exceeded');

/** A new budget below what is already awarded. */
export const budgetBelowAwarded = () =>
  new BusinessRuleError('BUDGET_EXCEEDED', 'errors.budget_below_awarded');

/** The budget's currency stays once anything is awarded in it. */
export const currencyLocked = () =>
  new InvalidInputError({ 'fundingBudget.currency': ['errors.currency_locked'] });

export const awardAboveRequest = () =>
  new InvalidInputError({ amount: ['errors.award_above_request'] });

export const awardAboveCap = () => new InvalidInputError({ amount: ['errors.award_above_cap'] });
