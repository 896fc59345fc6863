import { accountsConfig } from './accounts.config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { hostConfig } from './host.config';
import { mailConfig } from './mail.config';
import { webhooksConfig } from './webhooks.config';

export { accountsConfig, appConfig, databaseConfig, hostConfig, mailConfig, webhooksConfig };
export type { HostConfig, HostLogo } from './host.config';
export const configNamespaces = [
  appConfig,
  databaseConfig,
  accountsConfig,
  mailConfig,
  hostConfig,
  webhooksConfig,
];
export { defaultsEnvFile, projectRoot } from './paths';
