import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { notFound } from '../common/domain-error';
import { selectEntity } from './raw-sql';

/**
 * The row of `target` with this id, locked for the rest of the transaction: `FOR UPDATE` on
 * PostgreSQL; on SQLite the transaction already holds the only writer. Not found is the domain's
 * 404. Plain SQL (every registration starts by locking its consultation); only the row's own
 * columns are read, no relations.
 */
export async function lockById<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  id: string,
): Promise<T> {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('lockById needs a transaction');
  const table = manager.connection.getMetadata(target).tableName;
  const forUpdate = manager.connection.options.type === 'postgres' ? ' FOR UPDATE' : '';
  const row = await selectEntity(
    manager,
    target,
    `SELECT * FROM "${table}" WHERE "id" = ?${forUpdate}`,
    [id],
  );
  if (!row) throw notFound();
  return row;
}
