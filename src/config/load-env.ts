import { loadDefaults } from './load-defaults';

/** Imported first by every entry point, before any entity reads DATABASE_URL. */
loadDefaults();
