import { accountsConfig } from './accounts.config';
import { appConfig } from './app.config';
import { badgesConfig } from './badges.config';
import { databaseConfig } from './database.config';
import { hostConfig } from './host.config';
import { mailConfig } from './mail.config';

export { accountsConfig, appConfig, badgesConfig, databaseConfig, hostConfig, mailConfig };
export type { BadgesConfig } from './badges.config';
export type { HostConfig, HostLogo } from './host.config';
export const configNamespaces = [
  appConfig,
  databaseConfig,
  accountsConfig,
  mailConfig,
  hostConfig,
  badgesConfig,
];
export { defaultsEnvFile, projectRoot } from './paths';
