import { QueryRunner, TableColumnOptions, TableForeignKey } from 'typeorm';

/** Column builders that speak each database's types, so one migration serves both. */
export function columns(queryRunner: QueryRunner) {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  const timestampType = postgres ? 'timestamptz' : 'datetime';
  const now = postgres ? 'now()' : "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
  return {
    id: (): TableColumnOptions =>
      postgres
        ? {
            name: 'id',
            type: 'uuid',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'uuid',
          }
        : { name: 'id', type: 'varchar', isPrimary: true },
    uuid: (name: string, isNullable = false): TableColumnOptions => ({
      name,
      type: postgres ? 'uuid' : 'varchar',
      isNullable,
    }),
    varchar: (
      name: string,
      length: number,
      extra: Partial<TableColumnOptions> = {},
    ): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      ...extra,
    }),
    boolean: (name: string): TableColumnOptions => ({ name, type: 'boolean', default: false }),
    timestamp: (name: string, isNullable = false): TableColumnOptions => ({
      name,
      type: timestampType,
      isNullable,
    }),
    createdAt: (name = 'createdAt'): TableColumnOptions => ({
      name,
      type: timestampType,
      default: now,
    }),
    updatedAt: (): TableColumnOptions => ({ name: 'updatedAt', type: timestampType, default: now }),
    references: (column: string, table: string): TableForeignKey =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
  };
}

/**
 * Adds a column to an existing table with plain `ALTER TABLE … ADD COLUMN`, the same SQL on both
 * databases. TypeORM's addColumn rebuilds a SQLite table instead, and dropping the old table would
 * cascade-delete every row that references it.
 */
export async function addColumn(
  queryRunner: QueryRunner,
  table: string,
  definition: string,
): Promise<void> {
  await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN ${definition}`);
}
