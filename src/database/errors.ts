/** True when the database refused a row for a unique index (PostgreSQL 23505, SQLite's message). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  return (
    e?.driverError?.code === '23505' ||
    e?.code === '23505' ||
    /UNIQUE constraint failed/.test(String(e?.message))
  );
}

/** PostgreSQL's answers when a lock or a statement waited longer than its configured timeout. */
const BUSY_CODES = new Set(['55P03', '57014', '40001', '40P01', '53300', '25P03']);

/**
 * True when the database could not serve in time: a lock or statement timeout, no free pool
 * connection, SQLite's write lock still held after busy_timeout. The request answers 503 with
 * Retry-After; trying again shortly is likely to work.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const e = error as {
    code?: string;
    driverError?: { code?: string; message?: string };
    message?: string;
  };
  const code = e?.driverError?.code ?? e?.code;
  if (code && (BUSY_CODES.has(code) || code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'))
    return true;
  const message = String(e?.driverError?.message ?? e?.message ?? '');
  return /timeout exceeded when trying to connect|Connection terminated due to connection timeout|terminating connection due to idle-in-transaction timeout/i.test(
    message,
  );
}
