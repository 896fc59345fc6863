import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { assertTransactionManager } from './transactions';

/**
 * Plain SQL for the hottest requests: every API token check, and the registration rush, where
 * TypeORM's query building and row hydration cost several times the database work itself
 * (`npm run bench`, registration rush). Statements are prepared once per connection on SQLite
 * and sent with `$n` placeholders to PostgreSQL; rows become entities through the metadata
 * TypeORM already holds, so types, transformers and JSON columns read as they do through TypeORM.
 *
 * Write each statement once for both databases: `?` placeholders (and no other question mark:
 * each becomes `$n` on PostgreSQL), double-quoted identifiers. Errors are TypeORM's
 * QueryFailedError, so `isUniqueViolation` and the exceptions filter apply. Entities with column
 * types this module does not convert are refused when first used, rather than read wrongly.
 */
export type Row = Record<string, unknown>;

type Converter = (value: unknown) => unknown;

interface Field {
  property: string;
  column: string;
  read: Converter;
  write: Converter;
}

interface Statement {
  all(...params: unknown[]): Row[];
  run(...params: unknown[]): { changes: number };
}

interface SqliteConnection {
  prepare(sql: string): Statement;
}

interface Dialect {
  all(manager: EntityManager, sql: string, params: unknown[]): Promise<Row[]>;
  run(manager: EntityManager, sql: string, params: unknown[]): Promise<number>;
  readDate(value: unknown): Date | null;
  writeDate(value: Date): unknown;
  writeBoolean(value: boolean): unknown;
}

/** TypeORM's SQLite datetime text: UTC, 'YYYY-MM-DD HH:MM:SS.SSS'. */
function sqliteDate(value: Date): string {
  return value.toISOString().replace('T', ' ').replace('Z', '');
}

/** As TypeORM's SQLite driver reads a datetime: its own formats are UTC. */
function readSqliteDate(value: unknown): Date | null {
  if (!value) return null;
  if (typeof value !== 'string') return value as Date;
  let text = value;
  if (/^\d\d\d\d-\d\d-\d\d \d\d:\d\d/.test(text)) text = text.replace(' ', 'T');
  if (/^\d\d\d\d-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d\d\d)?)?$/.test(text)) text += 'Z';
  return new Date(text);
}

function sqliteDialect(dataSource: DataSource): Dialect {
  // Statements belong to one connection: a data source destroyed and initialised again starts afresh.
  let statements = new Map<string, Statement>();
  let preparedOn: SqliteConnection | undefined;
  const prepare = (sql: string): Statement => {
    const connection = (dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
    if (connection !== preparedOn) {
      statements = new Map();
      preparedOn = connection;
    }
    let statement = statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const normalise = (params: unknown[]) =>
    params.map((p) =>
      typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Date ? sqliteDate(p) : p,
    );
  const execute = <T>(
    sql: string,
    params: unknown[],
    work: (statement: Statement, values: unknown[]) => T,
  ): T => {
    const values = normalise(params);
    try {
      return work(prepare(sql), values);
    } catch (error) {
      throw new QueryFailedError(sql, values, error as Error);
    }
  };
  return {
    // better-sqlite3 is synchronous: these resolve at once, on the connection every transaction shares.
    all: async (_manager, sql, params) => execute(sql, params, (s, v) => s.all(...v)),
    run: async (_manager, sql, params) => execute(sql, params, (s, v) => s.run(...v).changes),
    readDate: readSqliteDate,
    writeDate: sqliteDate,
    writeBoolean: (value) => (value ? 1 : 0),
  };
}

function postgresDialect(dataSource: DataSource): Dialect {
  const texts = new Map<string, string>();
  const numbered = (sql: string): string => {
    let text = texts.get(sql);
    if (text === undefined) {
      let n = 0;
      text = sql.replace(/\?/g, () => `$${++n}`);
      texts.set(sql, text);
    }
    return text;
  };
  const query = async (manager: EntityManager, sql: string, params: unknown[]) => {
    const runner = manager.queryRunner ?? dataSource.createQueryRunner();
    try {
      return await runner.query(numbered(sql), params, true);
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  };
  return {
    all: async (manager, sql, params) => (await query(manager, sql, params)).records as Row[],
    run: async (manager, sql, params) => (await query(manager, sql, params)).affected ?? 0,
    readDate: (value) =>
      value === null || value === undefined
        ? null
        : value instanceof Date
          ? value
          : new Date(String(value)),
    writeDate: (value) => value,
    writeBoolean: (value) => value,
  };
}

const DATE_TYPES = new Set<unknown>([
  'datetime',
  'timestamp',
  'timestamptz',
  'timestamp with time zone',
  Date,
]);
/** Types both drivers give and take as plain strings and numbers, as TypeORM passes them on. */
const PLAIN_TYPES = new Set<unknown>([
  'varchar',
  'text',
  'uuid',
  'integer',
  'int',
  'bigint',
  'double',
  'double precision',
  'float',
  'real',
  String,
  Number,
]);

function fieldOf(column: ColumnMetadata, dialect: Dialect): Field {
  const known =
    DATE_TYPES.has(column.type) ||
    PLAIN_TYPES.has(column.type) ||
    ['boolean', Boolean, 'simple-json'].includes(column.type as never);
  if (!known || column.isVirtual || Array.isArray(column.transformer)) {
    throw new Error(
      `raw-sql cannot map ${column.entityMetadata.name}.${column.propertyName} (${String(column.type)})`,
    );
  }
  const transformer = column.transformer;
  let read: Converter = (value) => value;
  let write: Converter = (value) => value;
  if (DATE_TYPES.has(column.type)) {
    read = dialect.readDate;
    write = (value) => (value instanceof Date ? dialect.writeDate(value) : value);
  } else if (column.type === 'boolean' || column.type === Boolean) {
    read = (value) => (value === null || value === undefined ? value : Boolean(value));
    write = (value) => (typeof value === 'boolean' ? dialect.writeBoolean(value) : value);
  } else if (column.type === 'simple-json') {
    read = (value) => (typeof value === 'string' ? JSON.parse(value) : value);
    write = (value) => (value === null ? null : JSON.stringify(value));
  }
  if (transformer) {
    const [readRaw, writeRaw] = [read, write];
    read = (value) => transformer.from(readRaw(value));
    write = (value) => writeRaw(transformer.to(value));
  }
  return { property: column.propertyName, column: column.databaseName, read, write };
}

class RawSql {
  private readonly fields = new Map<
    EntityTarget<ObjectLiteral>,
    { table: string; target: new () => ObjectLiteral; fields: Field[] }
  >();
  private readonly inserts = new Map<string, string>();

  constructor(
    private readonly dataSource: DataSource,
    readonly dialect: Dialect,
  ) {}

  entity(target: EntityTarget<ObjectLiteral>) {
    let found = this.fields.get(target);
    if (!found) {
      const metadata = this.dataSource.getMetadata(target);
      found = {
        table: metadata.tableName,
        target: metadata.target as new () => ObjectLiteral,
        fields: metadata.columns.map((c) => fieldOf(c, this.dialect)),
      };
      this.fields.set(target, found);
    }
    return found;
  }

  insertSql(table: string, columns: string[]): string {
    const key = `${table}\u0000${columns.join('\u0000')}`;
    let sql = this.inserts.get(key);
    if (!sql) {
      sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
      this.inserts.set(key, sql);
    }
    return sql;
  }
}

const instances = new WeakMap<DataSource, RawSql>();

function rawSql(manager: EntityManager): RawSql {
  // On SQLite these statements bypass TypeORM's query runners, so the transaction guard is asked here.
  assertTransactionManager(manager);
  const dataSource = manager.dataSource;
  let raw = instances.get(dataSource);
  if (!raw) {
    const dialect =
      dataSource.options.type === 'postgres'
        ? postgresDialect(dataSource)
        : sqliteDialect(dataSource);
    raw = new RawSql(dataSource, dialect);
    instances.set(dataSource, raw);
  }
  return raw;
}

/** Every row the statement returns, as the driver gives them (see `hydrate` for entities). */
export function selectRows(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  return rawSql(manager).dialect.all(manager, sql, params);
}

export async function selectRow(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<Row | undefined> {
  return (await selectRows(manager, sql, params))[0];
}

/** A number the statement selects as "n" (COUNT, MAX…), 0 when there is none. */
export async function selectNumber(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<number> {
  return Number((await selectRow(manager, sql, params))?.n ?? 0);
}

/** An INSERT, UPDATE or DELETE; resolves to the number of rows it changed. */
export function execute(
  manager: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<number> {
  return rawSql(manager).dialect.run(manager, sql, params);
}

/** The entity a row holds: its columns (by database name) read as TypeORM reads them. */
export function hydrate<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  row: Row,
): T {
  const { target: Type, fields } = rawSql(manager).entity(target);
  const entity = new Type();
  for (const field of fields) {
    if (field.column in row)
      entity[field.property as keyof ObjectLiteral] = field.read(row[field.column]);
  }
  return entity as T;
}

export async function selectEntity<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  sql: string,
  params: unknown[] = [],
): Promise<T | null> {
  const row = await selectRow(manager, sql, params);
  return row ? hydrate(manager, target, row) : null;
}

/** A driver's date value (SQLite text, PostgreSQL Date) as a Date. */
export function readDate(manager: EntityManager, value: unknown): Date | null {
  return rawSql(manager).dialect.readDate(value);
}

/**
 * Inserts one row without reading it back: the caller sets the id (and any time it needs);
 * properties left undefined take the column's default.
 */
export async function insertEntity<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  values: Partial<T>,
): Promise<void> {
  const raw = rawSql(manager);
  const { table, fields } = raw.entity(target);
  const columns: string[] = [];
  const params: unknown[] = [];
  for (const field of fields) {
    const value = (values as ObjectLiteral)[field.property];
    if (value === undefined) continue;
    columns.push(field.column);
    params.push(field.write(value));
  }
  await raw.dialect.run(manager, raw.insertSql(table, columns), params);
}
