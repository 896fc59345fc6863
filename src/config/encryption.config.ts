import { registerAs } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DataKey } from '../common/field-cipher';
import { ConfigError, oneOf, str } from './env';
import { projectRoot } from './paths';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * DATA_ENCRYPTION_KEYS: `id:base64key,…`, each key 32 bytes (AES-256); the first encrypts, all
 * decrypt. Never echoes a key.
 */
export function parseDataKeys(value: string, name = 'DATA_ENCRYPTION_KEYS'): DataKey[] {
  const keys: DataKey[] = [];
  for (const [index, entry] of value.split(',').entries()) {
    const [id, material, ...rest] = entry.trim().split(':');
    if (!id || !material || rest.length)
      throw new ConfigError(`${name} entry ${index + 1} must read id:base64key`);
    if (!KEY_ID.test(id))
      throw new ConfigError(`${name} key id "${id}" must be 1 to 32 letters, digits, - or _`);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(material))
      throw new ConfigError(`${name} key ${id} is not base64 (the value is not shown)`);
    const key = Buffer.from(material, 'base64');
    if (key.length !== 32)
      throw new ConfigError(
        `${name} key ${id} must be 32 bytes (base64 of 32 random bytes), got ${key.length} bytes`,
      );
    if (keys.some((k) => k.id === id)) throw new ConfigError(`${name} key id ${id} given twice`);
    keys.push({ id, key });
  }
  return keys;
}

/** The development key file: generated once, then read, so restarts read what they wrote. */
export function developmentKeys(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dirname(file), { recursive: true });
    const generated = `dev1:${randomBytes(32).toString('base64')}`;
    try {
      writeFileSync(file, `${generated}\n`, { flag: 'wx', mode: 0o600 });
      return generated;
    } catch {
      // Another process wrote it first: use theirs.
      return readFileSync(file, 'utf8').trim();
    }
  }
}

/**
 * The keys personal fields are encrypted with. Required in production (no key is ever generated
 * per instance there); development and tests generate one into var/data-encryption-keys.
 */
export const encryptionConfig = registerAs('encryption', () => {
  const production =
    oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development') ===
    'production';
  const configured = str('DATA_ENCRYPTION_KEYS');
  if (!configured && production)
    throw new ConfigError('DATA_ENCRYPTION_KEYS is required when NODE_ENV=production');
  const value =
    configured ||
    developmentKeys(
      join(projectRoot, str('DATA_ENCRYPTION_KEYS_FILE', 'var/data-encryption-keys')),
    );
  return { keys: parseDataKeys(value) };
});

export type EncryptionConfig = ReturnType<typeof encryptionConfig>;
