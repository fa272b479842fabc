import { statSync } from 'node:fs';
import { DataSource, QueryRunner } from 'typeorm';
import { DomainError } from '../common/errors/domain-errors';

/**
 * The SQLite file the server opened, watched: better-sqlite3 keeps its descriptor, so when the
 * file (or the data folder) is deleted or replaced under a running server, reads and writes go
 * on against an unlinked inode and every write is acknowledged, then lost. With the watch:
 * `/health` answers 503 (databaseFileProblem) and every write, and every transaction, is
 * refused with a coded error (INTERNAL_SERVER_ERROR, logged) instead of being acknowledged.
 * PostgreSQL and in-memory SQLite have no file to watch.
 */
const watched = new WeakMap<DataSource, DatabaseFileWatch>();

export class DatabaseFileWatch {
  private readonly dev: number;
  private readonly ino: number;

  constructor(readonly path: string) {
    const stat = statSync(path);
    this.dev = stat.dev;
    this.ino = stat.ino;
  }

  /** Why the file opened is no longer the one at its path (null while it is). */
  problem(): string | null {
    try {
      const stat = statSync(this.path);
      return stat.dev === this.dev && stat.ino === this.ino ? null : `the database file ${this.path} was replaced after it was opened`;
    } catch (error) {
      return `the database file ${this.path} is gone (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`;
    }
  }
}

/** A write refused because the database file is gone: nothing was written. */
export class DatabaseFileGoneError extends DomainError {
  constructor(problem: string) {
    super(`Not written: ${problem}`, 'INTERNAL_SERVER_ERROR');
  }
}

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;

/**
 * Watches the SQLite file of `dataSource` (a no-op elsewhere): starting a transaction, or a
 * write outside one, first checks that the file opened is still there.
 */
export function watchDatabaseFile(dataSource: DataSource): void {
  const path = dataSource.options.type === 'better-sqlite3' ? String(dataSource.options.database) : ':memory:';
  if (path === ':memory:' || path === '') return;
  const watch = new DatabaseFileWatch(path);
  watched.set(dataSource, watch);
  const refuseIfGone = () => {
    const problem = watch.problem();
    if (problem) throw new DatabaseFileGoneError(problem);
  };
  // better-sqlite3: TypeORM has one query runner for the connection, made on first use.
  const runner: QueryRunner = dataSource.driver.createQueryRunner('master');
  const startTransaction = runner.startTransaction.bind(runner);
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.startTransaction = async (...args: Parameters<QueryRunner['startTransaction']>) => {
    if (!runner.isTransactionActive) refuseIfGone();
    return startTransaction(...args);
  };
  runner.query = (async (sql: string, ...rest: unknown[]) => {
    if (!runner.isTransactionActive && WRITE.test(sql)) refuseIfGone();
    return query(sql, ...rest);
  }) as QueryRunner['query'];
}

/** Why the database file of `dataSource` is gone or replaced, or null (also when nothing is watched). */
export function databaseFileProblem(dataSource: DataSource): string | null {
  return watched.get(dataSource)?.problem() ?? null;
}
