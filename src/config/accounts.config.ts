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
    invitationsMaxPerOrganisation: int('INVITATIONS_MAX_PER_ORGANISATION', 20, 1),
    invitationsOrganisationWindowMinutes: int('INVITATIONS_ORGANISATION_WINDOW_MINUTES', 60, 1),
    invitationsMaxPerRecipient: int('INVITATIONS_MAX_PER_RECIPIENT', 3, 1),
    invitationsRecipientWindowHours: int('INVITATIONS_RECIPIENT_WINDOW_HOURS', 24, 1),
  };
});

export type AccountsConfig = ReturnType<typeof accountsConfig>;
