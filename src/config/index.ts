import { accountsConfig } from './accounts.config';
import { appConfig } from './app.config';
import { badgesConfig } from './badges.config';
import { databaseConfig } from './database.config';
import { encryptionConfig } from './encryption.config';
import { hostConfig } from './host.config';
import { lettersConfig } from './letters.config';
import { mailConfig } from './mail.config';
import { remindersConfig } from './reminders.config';
import { retentionConfig } from './retention.config';
import { webhooksConfig } from './webhooks.config';
export {
  accountsConfig,
  appConfig,
  badgesConfig,
  databaseConfig,
  encryptionConfig,
  hostConfig,
  lettersConfig,
  mailConfig,
  remindersConfig,
  retentionConfig,
  webhooksConfig,
};
export type { BadgesConfig } from './badges.config';
export type { HostConfig, HostLogo } from './host.config';
export const configNamespaces = [
  appConfig,
  databaseConfig,
  accountsConfig,
  mailConfig,
  hostConfig,
  remindersConfig,
  retentionConfig,
  badgesConfig,
  encryptionConfig,
  lettersConfig,
  webhooksConfig,
];
export { defaultsEnvFile, projectRoot } from './paths';
