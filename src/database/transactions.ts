import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Thrown when code inside a transaction reaches the database through anything but that
 * transaction's manager. On PostgreSQL such a query waits for a second pool connection while the
 * first holds row locks: with every connection taken that way, every instance freezes.
 */
export class SecondConnectionError extends Error {
  constructor(what: string) {
    super(`${what} inside a transaction: use the transaction's manager`);
  }
}

interface TransactionContext {
  manager: EntityManager;
}

const current = new AsyncLocalStorage<TransactionContext>();
const guarded = new WeakSet<DataSource>();

/** Refuses a manager other than the running transaction's (for code that bypasses query runners). */
export function assertTransactionManager(manager: EntityManager): void {
  const context = current.getStore();
  if (context && context.manager !== manager)
    throw new SecondConnectionError('a query on another manager');
}

/**
 * Makes the wrong way impossible: while a transaction runs in this async context, asking the data
 * source for another query runner (the global manager, `getRepository`, a service that uses them)
 * throws at once instead of queueing for a second connection.
 */
function guard(dataSource: DataSource): void {
  if (guarded.has(dataSource)) return;
  guarded.add(dataSource);
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) => {
    if (current.getStore()) throw new SecondConnectionError('a query on another connection');
    return createQueryRunner(...args);
  };
}

/**
 * One transaction per use case, tracked per async context so that nothing inside it can take a
 * second connection (see `guard`). TypeORM's better-sqlite3 driver shares one connection, so two
 * transactions started together would nest as savepoints of each other: on SQLite every write
 * transaction waits its turn here. PostgreSQL gets a pooled connection per transaction.
 */
@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialised: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialised = dataSource.options.type === 'better-sqlite3';
    guard(dataSource);
  }

  get onPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** True while the caller runs inside `run()`. */
  get active(): boolean {
    return current.getStore() !== undefined;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    // A nested transaction would wait for its own parent on SQLite and take a second connection on PostgreSQL.
    if (this.active) return Promise.reject(new SecondConnectionError('a nested transaction'));
    const transaction = () =>
      this.dataSource.transaction((manager) => current.run({ manager }, () => work(manager)));
    if (!this.serialised) return transaction();
    const result = this.tail.then(transaction);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
