import { hash, verify } from '@node-rs/argon2';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config/paths';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

// Read on first use: the configuration checks ADMIN_PASSWORD with this module while it loads.
let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(projectRoot, 'data', 'common-passwords.txt'), 'utf8')
      .split(/\r?\n/)
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.toLowerCase()),
  );
  return common;
}

/**
 * NIST SP 800-63B: length, no composition rules, and not a known common password (nor one with
 * only digits or punctuation added). Returns the i18n key of the problem, or null.
 */
export function passwordProblem(password: string, email?: string): string | null {
  if ([...password].length < PASSWORD_MIN || [...password].length > PASSWORD_MAX)
    return 'errors.password_length';
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  const trivial = /^\d+$/.test(password) || /^(.)\1+$/u.test(password);
  if (trivial || commonPasswords().has(lower) || commonPasswords().has(stem))
    return 'errors.password_common';
  if (email && (lower === email.toLowerCase() || lower === email.toLowerCase().split('@')[0])) {
    return 'errors.password_is_email';
  }
  return null;
}

/** argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of nothing in particular, verified against when the email is unknown so timing matches. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(
  passwordHash: string | undefined,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hash('decoy password that matches nothing');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
