import { FieldError } from '../common/pages';
import { COST_KINDS } from './funding-application.entity';

type FormBody = Record<string, unknown>;

/** The application form: one amount field per claimable kind of cost, blank when not claimed. */
export function applicationFromForm(body: FormBody, currency: string) {
  const lines = COST_KINDS.filter(
    (kind) =>
      typeof body[`amount_${kind}`] === 'string' &&
      (body[`amount_${kind}`] as string).trim() !== '',
  ).map((kind) => ({
    kind,
    amount: (body[`amount_${kind}`] as string).trim().replace(/^(\d+),(\d{1,2})$/, '$1.$2'),
  }));
  return {
    lines,
    currency,
    departureCity: body.departureCity,
    departureCountry: body.departureCountry,
    justification: body.justification,
    couldAttendWithout:
      body.couldAttendWithout === undefined ? undefined : body.couldAttendWithout === 'true',
  };
}

/** Errors on `lines.<i>.…` belong, on the form, to the amount field of that line's kind. */
export function lineErrorsToFields(
  errors: Record<string, FieldError[]>,
  lines: { kind: string }[],
): Record<string, FieldError[]> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, keys]) => {
      const match = /^lines\.(\d+)\./.exec(field);
      return [match ? `amount_${lines[Number(match[1])]?.kind}` : field, keys];
    }),
  );
}

/** The decision form: a decline, or a blank amount (award the ceiling), carries no amount. */
export function decisionFromForm(body: FormBody): FormBody {
  const decision = { ...body };
  if (decision.decision === 'decline' || decision.amount === '') delete decision.amount;
  return decision;
}

/** The settings form: a blank cap removes it; the checked kinds of cost, one or many. */
export function settingsFromForm(body: FormBody) {
  return {
    capPerApplication:
      typeof body.capPerApplication === 'string' && body.capPerApplication.trim()
        ? body.capPerApplication.trim()
        : null,
    lineKinds: ([] as unknown[]).concat(body.lineKinds ?? []),
  };
}
