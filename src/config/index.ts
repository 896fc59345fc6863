import { accountsConfig } from './accounts.config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { encryptionConfig } from './encryption.config';
import { hostConfig } from './host.config';
import { lettersConfig } from './letters.config';
import { mailConfig } from './mail.config';

export {
  accountsConfig,
  appConfig,
  databaseConfig,
  encryptionConfig,
  hostConfig,
  lettersConfig,
  mailConfig,
};
export type { HostConfig, HostLogo } from './host.config';
export const configNamespaces = [
  appConfig,
  databaseConfig,
  accountsConfig,
  mailConfig,
  hostConfig,
  encryptionConfig,
  lettersConfig,
];
export { defaultsEnvFile, projectRoot } from './paths';
