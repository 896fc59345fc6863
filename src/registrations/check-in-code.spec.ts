import { generateKeyPairSync } from 'node:crypto';
import { shortCode, signCheckInCode, verifyCheckInCode } from './check-in-code';

const claims = {
  registrationId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
  participantVersion: 3,
  consultationId: '6f1c5c1e-7d0b-4c55-9f55-0a3a3f1f2b10',
};

describe('check-in codes', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  it('is compact, URL- and QR-safe, and reads back with the public key alone', () => {
    const code = signCheckInCode(privateKey, claims);
    expect(code).toMatch(/^CV1\.[A-Za-z0-9_-]{134}$/);
    expect(encodeURIComponent(code)).toBe(code);
    expect(verifyCheckInCode(publicKey, code)).toEqual(claims);
  });

  it('refuses any changed character, another key, and what is not a code', () => {
    const code = signCheckInCode(privateKey, claims);
    for (let i = 4; i < code.length; i++) {
      const changed = code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);
      expect(verifyCheckInCode(publicKey, changed)).toBeNull();
    }
    const other = generateKeyPairSync('ed25519');
    expect(verifyCheckInCode(other.publicKey, code)).toBeNull();
    expect(verifyCheckInCode(publicKey, signCheckInCode(other.privateKey, claims))).toBeNull();
    for (const junk of [
      '',
      'CV1.',
      code.slice(0, -2),
      `${code}AA`,
      code.replace('CV1.', 'CV2.'),
      42,
      null,
    ])
      expect(verifyCheckInCode(publicKey, junk)).toBeNull();
  });

  it('gives a short handle for the name desk', () => {
    expect(shortCode(claims.registrationId)).toBe('1B4E28BA');
  });
});
