import { accountsConfig } from './accounts.config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { hostConfig } from './host.config';
import { mailConfig } from './mail.config';

export { accountsConfig, appConfig, databaseConfig, hostConfig, mailConfig };
export type { HostConfig, HostLogo } from './host.config';
export const configNamespaces = [appConfig, databaseConfig, accountsConfig, mailConfig, hostConfig];
export { defaultsEnvFile, projectRoot } from './paths';
