import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from './signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body =
    '{"id":"1","event":"registration.created","at":"2026-12-02T00:00:00.000Z","data":{}}';
  const t = 1_800_000_000;

  it('is the HMAC-SHA256 of "<t>.<body>" that DESIGN.md names, in hex', () => {
    const hex = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signatureHeader(secret, t, body)).toBe(`t=${t},v1=${hex}`);
  });

  it('accepts its own signature within five minutes either way', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(secret, header, body, t)).toBe(true);
    expect(verifySignature(secret, header, body, t + 300)).toBe(true);
    expect(verifySignature(secret, header, body, t - 300)).toBe(true);
  });

  it('refuses a replay outside the window, another secret, another body or a forged time', () => {
    const header = signatureHeader(secret, t, body);
    expect(verifySignature(secret, header, body, t + 301)).toBe(false);
    expect(verifySignature(secret, header, body, t - 301)).toBe(false);
    expect(verifySignature('whsec_other', header, body, t)).toBe(false);
    expect(verifySignature(secret, header, body.replace('created', 'updated'), t)).toBe(false);
    const v1 = header.split('v1=')[1];
    expect(verifySignature(secret, `t=${t + 400},v1=${v1}`, body, t + 400)).toBe(false);
    expect(verifySignature(secret, undefined, body, t)).toBe(false);
    expect(verifySignature(secret, `t=${t},v1=zz`, body, t)).toBe(false);
  });

  it('accepts any of several v1 values (a receiver may see two during a rotation)', () => {
    const good = signatureHeader(secret, t, body).split(',')[1];
    expect(verifySignature(secret, `t=${t},v1=${'0'.repeat(64)},${good}`, body, t)).toBe(true);
  });
});
