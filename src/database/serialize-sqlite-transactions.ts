import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';

/**
 * better-sqlite3 gives TypeORM a single connection, and TypeORM turns a transaction started
 * while another is open on it into a SAVEPOINT of the first: two concurrent mutations would
 * share, and roll back, each other's work. On SQLite every transaction therefore waits for the
 * previous one to end. A transaction started inside one (same async flow) runs at once, as the
 * savepoint it should be. PostgreSQL is left alone: each transaction has its own connection.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const manager = dataSource.manager;
  const inTransaction = new AsyncLocalStorage<true>();
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();

  manager.transaction = ((...args: unknown[]) => {
    if (inTransaction.getStore()) return original(...args);
    const run = tail.then(() => inTransaction.run(true, () => original(...args)));
    tail = run.catch(() => undefined);
    return run;
  }) as EntityManager['transaction'];
}
