import { registerAs } from '@nestjs/config';
import { bool, ConfigError, int, oneOf, str, url } from './env';

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
  const baseUrl = url('APP_BASE_URL', 'http://localhost:3000', ['http:', 'https:']).replace(/\/+$/, '');
  return {
    nodeEnv,
    production,
    baseUrl,
    /** Secure cookies, HSTS and upgrade-insecure-requests follow the base URL's scheme, nothing else. */
    https: new URL(baseUrl).protocol === 'https:',
    port: int('PORT', 3000, 0, 65535),
    host: str('HOST', '0.0.0.0'),
    trustProxy: bool('TRUST_PROXY', false),
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
