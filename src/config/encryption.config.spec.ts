import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { developmentKeys, encryptionConfig, parseDataKeys } from './encryption.config';
import { ConfigError } from './env';

describe('DATA_ENCRYPTION_KEYS', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reads id:base64key pairs, the first one first', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64');
    const keys = parseDataKeys(`k2:${a}, k1:${b}`);
    expect(keys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(keys[0].key).toEqual(Buffer.from(a, 'base64'));
  });

  it('stops the boot with a clear message for a key of the wrong length, never echoing it', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => parseDataKeys(`k1:${short}`)).toThrow(ConfigError);
    expect(() => parseDataKeys(`k1:${short}`)).toThrow(/key k1 must be 32 bytes .* got 16 bytes/);
    try {
      parseDataKeys(`k1:${short}`);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => parseDataKeys('justakey')).toThrow(/must read id:base64key/);
    const key = randomBytes(32).toString('base64');
    expect(() => parseDataKeys(`k1:${key},k1:${key}`)).toThrow(/given twice/);
  });

  it('is required in production', () => {
    process.env = { ...saved, NODE_ENV: 'production', DATA_ENCRYPTION_KEYS: '' };
    expect(() => encryptionConfig()).toThrow(
      /DATA_ENCRYPTION_KEYS is required when NODE_ENV=production/,
    );
  });

  it('is generated once for development and then read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'convene-keys-'));
    try {
      const file = join(dir, 'nested', 'keys');
      const first = developmentKeys(file);
      expect(parseDataKeys(first)).toHaveLength(1);
      expect(developmentKeys(file)).toBe(first);
      expect(readFileSync(file, 'utf8').trim()).toBe(first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
