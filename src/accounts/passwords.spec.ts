import { hashPassword, passwordProblem, verifyPassword } from './passwords';

describe('passwordProblem', () => {
  it.each([
    ['short', 'errors.password_length'],
    ['elevenchars', 'errors.password_length'],
    ['x'.repeat(129), 'errors.password_length'],
    ['1234567890123', 'errors.password_common'],
    ['Password12345678', 'errors.password_common'],
    ['qwertyuiop!!!', 'errors.password_common'],
    ['marie.dupont@example.org', 'errors.password_is_email'],
    ['correct horse battery staple', null],
    ['ça-marche-très-bien', null],
  ])('%p → %p', (password, expected) => {
    expect(passwordProblem(password, 'marie.dupont@example.org')).toBe(expected);
  });
});

describe('hashPassword', () => {
  it('hashes with argon2id and verifies only the same password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored.startsWith('$argon2id$')).toBe(true);
    await expect(verifyPassword(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(stored, 'correct horse battery stapler')).resolves.toBe(false);
    await expect(verifyPassword(undefined, 'anything at all')).resolves.toBe(false);
  });
});
