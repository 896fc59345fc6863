import { accountsConfig } from './accounts.config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { hostConfig } from './host.config';
import { mailConfig } from './mail.config';
import { retentionConfig } from './retention.config';

export { accountsConfig, appConfig, databaseConfig, hostConfig, mailConfig, retentionConfig };
export type { HostConfig, HostLogo } from './host.config';
export const configNamespaces = [
  appConfig,
  databaseConfig,
  accountsConfig,
  mailConfig,
  hostConfig,
  retentionConfig,
];
export { defaultsEnvFile, projectRoot } from './paths';
