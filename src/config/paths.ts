import { join } from 'node:path';

/** The project root, the same from src/ (ts-jest) and from dist/ (node). */
export const projectRoot = join(__dirname, '..', '..');
export const defaultsEnvFile = join(projectRoot, 'config', 'defaults.env');
