import { isEmail } from 'class-validator';

/** Readers for environment variables that stop the boot with a message naming the variable. */
export class ConfigError extends Error {}

function raw(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function str(name: string, fallback = ''): string {
  return raw(name) ?? fallback;
}

export function int(
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = raw(name);
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return Number(value);
}

export function bool(name: string, fallback: boolean): boolean {
  const value = raw(name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false (got "${value}")`);
}

export function oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = raw(name);
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

export function url(name: string, fallback: string, protocols: string[]): string {
  const value = raw(name) ?? fallback;
  if (value === '') return value;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    // A URL may carry a password (SMTP_URL): never echo it.
    throw new ConfigError(`${name} must be a URL (the value is not shown)`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      `${name} must start with ${protocols.join(' or ')} (got "${parsed.protocol}")`,
    );
  }
  return value;
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** One line of text shown to people (a name, an address): no control characters, at most `max`. */
export function line(name: string, fallback: string, max: number): string {
  const value = str(name, fallback);
  if (CONTROL.test(value) || Array.from(value).length > max) {
    throw new ConfigError(`${name} must be one line of at most ${max} characters`);
  }
  return value;
}

export function email(name: string, fallback = ''): string {
  const value = str(name, fallback);
  if (value && (!isEmail(value) || value.length > 254)) {
    throw new ConfigError(`${name} must be an email address (got "${value}")`);
  }
  return value;
}
