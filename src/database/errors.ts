/** True when the database refused a row for a unique index (PostgreSQL 23505, SQLite's message). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  return e?.driverError?.code === '23505' || e?.code === '23505' || /UNIQUE constraint failed/.test(String(e?.message));
}
