import '../config/load-env';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI (`npx typeorm -d dist/database/data-source.js migration:show`). */
export default new DataSource(dataSourceOptions(databaseConfig()));
