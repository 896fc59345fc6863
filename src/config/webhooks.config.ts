import { registerAs } from '@nestjs/config';
import { bool, int } from './env';

export const webhooksConfig = registerAs('webhooks', () => ({
  allowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', false),
  pollMs: int('WEBHOOK_POLL_MS', 2000, 0),
  timeoutMs: int('WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
  retryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 30000, 1),
  retryMaxDelayMs: int('WEBHOOK_RETRY_MAX_DELAY_MS', 3_600_000, 1),
  disableAfterDays: int('WEBHOOK_DISABLE_AFTER_DAYS', 3, 1, 365),
  endpointCacheMs: int('WEBHOOK_ENDPOINT_CACHE_MS', 5000, 0, 600_000),
  sendingTimeoutMs: int('WEBHOOK_SENDING_TIMEOUT_MS', 60000, 1000),
}));

export type WebhooksConfig = ReturnType<typeof webhooksConfig>;
