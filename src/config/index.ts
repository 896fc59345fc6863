import { accountsConfig } from './accounts.config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { mailConfig } from './mail.config';

export { accountsConfig, appConfig, databaseConfig, mailConfig };
export const configNamespaces = [appConfig, databaseConfig, accountsConfig, mailConfig];
export { defaultsEnvFile, projectRoot } from './paths';
