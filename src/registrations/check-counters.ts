import '../config/load-env';
import { DataSource } from 'typeorm';
import { databaseConfig } from '../config';
import { ConfigError } from '../config/env';
import { dataSourceOptions } from '../database/data-source-options';
import { checkCounters } from './counter-check';

/** `npm run check-counters`: prints each counter that differs from its rows; exits 1 if any does. */
async function main(): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseConfig()));
  await dataSource.initialize();
  const result = await dataSource.transaction((manager) => checkCounters(manager));
  await dataSource.destroy();
  console.log(JSON.stringify(result, null, 2));
  if (!result.ok) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
