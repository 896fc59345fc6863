import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { badgesConfig, DEVELOPMENT_KEY_FILE } from './badges.config';
import { ConfigError } from './env';
import { projectRoot } from './paths';

const original = { ...process.env };

function read(env: Record<string, string>) {
  process.env = { ...env };
  try {
    return badgesConfig();
  } finally {
    process.env = { ...original };
  }
}

describe('BADGE_SIGNING_KEY', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');

  it('takes an Ed25519 key as PEM, as PEM with \\n written out, or as base64 DER, all the same key', () => {
    const fromPem = read({
      NODE_ENV: 'production',
      BADGE_SIGNING_KEY: pem,
      SESSION_SECRET: 'x'.repeat(32),
    });
    expect(read({ BADGE_SIGNING_KEY: pem.replace(/\n/g, '\\n') })).toEqual(fromPem);
    expect(read({ BADGE_SIGNING_KEY: der })).toEqual(fromPem);
    expect(fromPem.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('is required in production, and stops the boot on a bad or non-Ed25519 key without echoing it', () => {
    expect(() => read({ NODE_ENV: 'production' })).toThrow(
      new ConfigError('BADGE_SIGNING_KEY is required when NODE_ENV=production'),
    );
    expect(() => read({ BADGE_SIGNING_KEY: 'not-a-key' })).toThrow(ConfigError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => read({ BADGE_SIGNING_KEY: rsa })).toThrow(/must be an Ed25519 key \(got rsa\)/);
    try {
      read({ BADGE_SIGNING_KEY: der.slice(0, 20) });
    } catch (error) {
      expect((error as Error).message).not.toContain(der.slice(0, 20));
    }
  });

  it('generates one development key into var/ and keeps using it', () => {
    const first = read({ NODE_ENV: 'development' });
    const file = resolve(projectRoot, DEVELOPMENT_KEY_FILE);
    expect(existsSync(file)).toBe(true);
    expect(read({ NODE_ENV: 'test' })).toEqual(first);
    expect(readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});
