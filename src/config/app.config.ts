import { registerAs } from '@nestjs/config';
import { isIP } from 'node:net';
import { bool, ConfigError, int, oneOf, str, url } from './env';

/** What Fastify trusts of X-Forwarded-For: no proxy, that many hops, or these proxies' addresses. */
export type TrustProxy = false | number | string[];

/**
 * TRUST_PROXY: `false`; `true` (one hop: the client is the address the nearest proxy appended,
 * never an entry the client wrote itself); a number of hops; or the proxies' addresses and CIDR
 * ranges, comma-separated. Fastify's own `true` would trust every hop, letting a client choose its
 * address by writing X-Forwarded-For, so `true` means 1 here.
 */
export function parseTrustProxy(value: string): TrustProxy {
  const text = value.trim().toLowerCase();
  if (['', 'false', 'no'].includes(text)) return false;
  if (['true', 'yes'].includes(text)) return 1;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 20)
      throw new ConfigError(
        `TRUST_PROXY must be true, false, a number of hops from 0 to 20, or proxy addresses (got "${value}")`,
      );
    return hops === 0 ? false : hops;
  }
  const proxies = text.split(',').map((entry) => entry.trim());
  const bad = proxies.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be true, false, a number of hops, or comma-separated proxy addresses or CIDR ranges (got "${bad}")`,
    );
  }
  return proxies;
}

function isAddressOrRange(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

export const appConfig = registerAs('app', () => {
  const nodeEnv = oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const sessionSecret = str('SESSION_SECRET');
  if (production && !sessionSecret) {
    throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production');
  }
  if (sessionSecret && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters');
  }
  const baseUrl = url('APP_BASE_URL', 'http://localhost:3000', ['http:', 'https:']).replace(
    /\/+$/,
    '',
  );
  return {
    nodeEnv,
    production,
    baseUrl,
    /** Secure cookies, HSTS and upgrade-insecure-requests follow the base URL's scheme, nothing else. */
    https: new URL(baseUrl).protocol === 'https:',
    port: int('PORT', 3000, 0, 65535),
    host: str('HOST', '0.0.0.0'),
    trustProxy: parseTrustProxy(str('TRUST_PROXY', 'false')),
    sessionSecret: sessionSecret || 'development-only-session-secret-not-for-production',
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 120, 1),
    sessionAbsoluteHours: int('SESSION_ABSOLUTE_HOURS', 12, 1),
    seedDemo: bool('SEED_DEMO', true),
    waitlistOfferHours: int('WAITLIST_OFFER_HOURS', 48, 1),
    uploadDir: str('UPLOAD_DIR', 'var/uploads'),
    uploadMaxBytes: int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1),
  };
});

export type AppConfig = ReturnType<typeof appConfig>;
