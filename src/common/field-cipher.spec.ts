import { randomBytes } from 'node:crypto';
import { FieldCipher, FieldCipherError } from './field-cipher';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('FieldCipher', () => {
  const old = key('old');
  const current = key('new');

  it('writes values that carry their key id and never the clear text', () => {
    const stored = new FieldCipher([old]).encrypt('XK7734521', 'passport');
    expect(stored).toMatch(/^v1:old:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain('XK7734521');
    expect(new FieldCipher([old]).encrypt('XK7734521', 'passport')).not.toBe(stored);
  });

  it('reads a value written with an older key after rotation, and writes with the first key', () => {
    const stored = new FieldCipher([old]).encrypt('XK7734521', 'passport');
    const rotated = new FieldCipher([current, old]);
    expect(rotated.decrypt(stored, 'passport')).toBe('XK7734521');
    expect(FieldCipher.keyIdOf(rotated.encrypt('x'))).toBe('new');
  });

  it('throws for an unknown key, a wrong key, another context or a tampered value', () => {
    const stored = new FieldCipher([old]).encrypt('XK7734521', 'passport');
    expect(() => new FieldCipher([current]).decrypt(stored, 'passport')).toThrow(FieldCipherError);
    const impostor = new FieldCipher([{ id: 'old', key: randomBytes(32) }]);
    expect(() => impostor.decrypt(stored, 'passport')).toThrow(/wrong key or tampered/);
    expect(() => new FieldCipher([old]).decrypt(stored, 'birth')).toThrow(FieldCipherError);
    const parts = stored.split(':');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => new FieldCipher([old]).decrypt(parts.join(':'), 'passport')).toThrow(
      FieldCipherError,
    );
    expect(() => new FieldCipher([old]).decrypt('XK7734521')).toThrow(/not an encrypted value/);
  });

  it('refuses keys of the wrong length', () => {
    expect(() => new FieldCipher([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});
