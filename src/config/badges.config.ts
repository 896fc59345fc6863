import { registerAs } from '@nestjs/config';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, oneOf, str } from './env';
import { projectRoot } from './paths';

/** Where development and test keep the key they generate once, so every instance shares it. */
export const DEVELOPMENT_KEY_FILE = 'var/badge-signing-key.pem';

/** BADGE_SIGNING_KEY: an Ed25519 private key as PEM (newlines may be written `\n`) or base64 DER (PKCS#8). */
function parseKey(value: string): KeyObject {
  const text = value.replace(/\\n/g, '\n');
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    // The key is a secret: never echo it.
    throw new ConfigError('BADGE_SIGNING_KEY must be an Ed25519 private key, PEM or base64 DER');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(
      `BADGE_SIGNING_KEY must be an Ed25519 key (got ${key.asymmetricKeyType ?? 'another kind'})`,
    );
  }
  return key;
}

/** The development key: read from var/, or generated there once (exclusive create, so racing processes agree). */
function developmentKey(): KeyObject {
  const file = resolve(projectRoot, DEVELOPMENT_KEY_FILE);
  try {
    return parseKey(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const pem = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  try {
    writeFileSync(file, pem, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseKey(readFileSync(file, 'utf8'));
}

/** The key that signs check-in codes on badges; one for every instance, so any of them verifies any badge. */
export const badgesConfig = registerAs('badges', () => {
  const nodeEnv = oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const value = str('BADGE_SIGNING_KEY');
  if (!value && nodeEnv === 'production') {
    throw new ConfigError('BADGE_SIGNING_KEY is required when NODE_ENV=production');
  }
  const key = value ? parseKey(value) : developmentKey();
  return {
    privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString(),
  };
});

export type BadgesConfig = ReturnType<typeof badgesConfig>;
