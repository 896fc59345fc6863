import { join } from 'node:path';
import { accountsConfig } from './accounts.config';
import { appConfig } from './app.config';
import { databaseConfig } from './database.config';
import { mailConfig } from './mail.config';

export { accountsConfig, appConfig, databaseConfig, mailConfig };
export const configNamespaces = [appConfig, databaseConfig, accountsConfig, mailConfig];

/** The project root, the same from src/ (ts-jest) and from dist/ (node). */
export const projectRoot = join(__dirname, '..', '..');
export const defaultsEnvFile = join(projectRoot, 'config', 'defaults.env');
