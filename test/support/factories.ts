import { hashPassword } from '../../src/accounts/passwords';
import { Locale, User, UserRole } from '../../src/accounts/user.entity';
import { TestApp } from './test-app';

export const PASSWORD = 'a perfectly good passphrase';

let sequence = 0;

/** A verified user with valid defaults; any field can be overridden. */
export async function userFactory(
  testApp: TestApp,
  overrides: Partial<
    Pick<User, 'email' | 'name' | 'role' | 'locale' | 'emailVerifiedAt' | 'disabledAt'>
  > & { password?: string } = {},
): Promise<User> {
  sequence++;
  const { password = PASSWORD, ...fields } = overrides;
  const user = testApp.dataSource.getRepository(User).create({
    email: `user${sequence}-${Date.now()}@example.org`,
    name: `Test User ${sequence}`,
    role: UserRole.Cso,
    locale: 'en' as Locale,
    emailVerifiedAt: new Date(),
    disabledAt: null,
    ...fields,
    passwordHash: await hashPassword(password),
  });
  return testApp.transactions.run((manager) => manager.save(user));
}

/** A personal API token for `user`, through the real endpoint. */
export async function tokenFor(testApp: TestApp, user: User, password = PASSWORD): Promise<string> {
  const response = await testApp
    .http()
    .post('/api/v1/tokens')
    .send({ email: user.email, password })
    .expect(201);
  return (response.body as { token: string }).token;
}
