import { parseDatabaseUrl } from '../config/database.config';

/**
 * Column types that differ between the two databases. Decorators are evaluated when entity files
 * are imported, so the kind of database is read from DATABASE_URL at that moment.
 */
const onPostgres = parseDatabaseUrl(process.env.DATABASE_URL || 'sqlite:x').kind === 'postgres';

export const TIMESTAMP = onPostgres ? 'timestamptz' : 'datetime';
export const UUID = onPostgres ? 'uuid' : 'varchar';
