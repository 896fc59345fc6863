import { registerAs } from '@nestjs/config';
import { ConfigError, int, str } from './env';

export const accountsConfig = registerAs('accounts', () => {
  const adminEmail = str('ADMIN_EMAIL');
  const adminPassword = str('ADMIN_PASSWORD');
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  return {
    adminEmail,
    adminPassword,
    signinMaxFailuresPerAccount: int('SIGNIN_MAX_FAILURES_PER_ACCOUNT', 5, 1),
    signinMaxFailuresPerAddress: int('SIGNIN_MAX_FAILURES_PER_ADDRESS', 20, 1),
    signinWindowMinutes: int('SIGNIN_WINDOW_MINUTES', 15, 1),
    signupMaxPerAddress: int('SIGNUP_MAX_PER_ADDRESS', 10, 1),
    resetMaxPerAddress: int('RESET_MAX_PER_ADDRESS', 5, 1),
    accountRequestWindowMinutes: int('ACCOUNT_REQUEST_WINDOW_MINUTES', 60, 1),
  };
});

export type AccountsConfig = ReturnType<typeof accountsConfig>;
