import { registerAs } from '@nestjs/config';
import { isEmail } from 'class-validator';
import { passwordProblem } from '../accounts/passwords';
import { ConfigError, int, str } from './env';

/** The password policy's problems, as a boot message says them (never with the password). */
const PASSWORD_PROBLEMS: Record<string, string> = {
  'errors.password_length': 'must be 12 to 128 characters long',
  'errors.password_common': 'is too common and easy to guess',
  'errors.password_is_email': 'must not be the email address',
};

export const accountsConfig = registerAs('accounts', () => {
  const adminEmail = str('ADMIN_EMAIL').toLowerCase();
  const adminPassword = str('ADMIN_PASSWORD');
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (adminEmail && (!isEmail(adminEmail) || adminEmail.length > 254)) {
    throw new ConfigError(`ADMIN_EMAIL must be an email address (got "${adminEmail}")`);
  }
  const problem = adminPassword ? passwordProblem(adminPassword, adminEmail) : null;
  if (problem) {
    throw new ConfigError(
      `ADMIN_PASSWORD ${PASSWORD_PROBLEMS[problem] ?? 'does not meet the password policy'}; its value is not shown`,
    );
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
