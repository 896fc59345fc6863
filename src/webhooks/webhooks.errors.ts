import { InvalidInputError } from '../common/domain-error';

/** The URL's host is, or resolves to, an address webhooks may not reach (WEBHOOK_ALLOW_PRIVATE). */
/** A URL the WHATWG parser refuses. */
export const invalidUrl = () => new InvalidInputError({ url: ['errors.webhook_url_invalid'] });

export const privateAddress = () => new InvalidInputError({ url: ['errors.webhook_url_private'] });

/** The URL's host name does not resolve. */
export const unresolvable = () =>
  new InvalidInputError({ url: ['errors.webhook_url_unresolvable'] });
