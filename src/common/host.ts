import { FastifyRequest } from 'fastify';
import type { HostConfig } from '../config';
import { Locale } from './roles';

export const HOST_LOGO_PATH = '/host-logo';
export const BUILT_IN_PRIVACY_PATH = '/privacy';

/** The host organisation as a page, a mail, a badge or a letter shows it. */
export interface HostIdentity {
  name: string;
  address: string;
  contactEmail: string;
  /** The logo's address (absolute when a base URL is given), or null without HOST_LOGO_FILE. */
  logoUrl: string | null;
  logoType: string | null;
  privacyUrl: string;
}

/** What every rendering reads: the host in `locale`, with links under `baseUrl` ('' for pages). */
export function hostIdentity(config: HostConfig, locale: Locale, baseUrl = ''): HostIdentity {
  return {
    name: config.names[locale],
    address: config.address,
    contactEmail: config.contactEmail,
    logoUrl: config.logo ? `${baseUrl}${HOST_LOGO_PATH}?v=${config.logo.version}` : null,
    logoType: config.logo?.contentType ?? null,
    privacyUrl: config.privacyUrl || `${baseUrl}${BUILT_IN_PRIVACY_PATH}`,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    hostConfig: HostConfig;
  }
}

/** The host of the app that serves this request (configureApp decorates the instance with it). */
export function requestHost(request: FastifyRequest, locale: Locale): HostIdentity {
  return hostIdentity(request.server.hostConfig, locale);
}
