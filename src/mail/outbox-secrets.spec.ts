import { redactPayload, REDACTED, scrubText, secretKeysOf } from './outbox-secrets';

describe('one-time links in the outbox', () => {
  const payload = {
    name: 'Ana',
    actionUrl: 'http://convene.test/verify-email?token=abc123secret&lang=fr',
    signInUrl: 'http://convene.test/signin',
    code: 'XYZ-777',
  };

  it('treats every link that carries a token as secret, and any key the caller names', () => {
    expect(secretKeysOf(payload)).toEqual(['actionUrl']);
    expect(secretKeysOf(payload, ['code', 'missing'])).toEqual(['code', 'actionUrl']);
  });

  it('replaces secret fields and keeps the rest', () => {
    expect(redactPayload(payload, ['actionUrl', 'code'])).toEqual({
      name: 'Ana',
      actionUrl: REDACTED,
      signInUrl: payload.signInUrl,
      code: REDACTED,
    });
  });

  it('removes secrets and token parameters from error text', () => {
    const text = scrubText(
      `550 rejected XYZ-777 and ${payload.actionUrl} or /reset-password?token=other`,
      payload,
      ['actionUrl', 'code'],
    );
    expect(text).not.toMatch(/abc123secret|XYZ-777|token=other/);
    expect(text).toContain(REDACTED);
  });
});
