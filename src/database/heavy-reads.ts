import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, ObjectLiteral, QueryFailedError, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { QueryResult } from 'typeorm/query-runner/QueryResult';
import { OperationTimeoutError } from '../common/limits/limit-errors';
import { currentDeadline } from '../common/limits/operation-deadline';
import { loadConfig } from '../config/configuration';
import { ReadPool } from './read-pool/read-pool';
import { offLoop, QueryBuilderRunner } from './read-off-loop';

/** PostgreSQL's "canceling statement due to statement timeout". */
const PG_QUERY_CANCELED = '57014';

/**
 * Where the reads too long for the event loop run (search and its totalCount, history reads:
 * topicProgress(asOf), Topic.progress(asOf), topicTimeline), each under its request's time
 * budget. The repository builds the SQL with `:name` parameters, as for queryNamed; this runs it:
 * - SQLite (a file): in the read pool's worker threads, each with its own read-only
 *   connection; at the deadline the worker is ended and the read answers the timeout error;
 * - PostgreSQL: on the driver's own async connection, in a transaction with SET LOCAL
 *   statement_timeout, so the server stops the statement at the deadline;
 * - SQLite in memory, or READ_POOL_SIZE=0: on the main connection, as before.
 * The budget is the running query's (its root field's deadline, see operation-deadline.ts);
 * a read outside one (a nested field's DataLoader batch, an HTTP export) gets a whole budget
 * (OPERATION_TIMEOUT_MS) of its own. Rows come back as the main connection gives them.
 */
@Injectable()
export class HeavyReads implements OnApplicationShutdown, QueryBuilderRunner {
  private readonly pool: ReadPool | null = null;
  private readonly budgetMs: number;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const config = loadConfig();
    // Required here, not imported: the security config imports the ingest module, which reaches this file.
    const { loadSecurityConfig } = require('../config/security.config') as typeof import('../config/security.config');
    this.budgetMs = loadSecurityConfig().limits.operationTimeoutMs;
    if (dataSource.options.type === 'better-sqlite3' && config.sqlitePath !== ':memory:' && config.readPoolSize > 0) {
      this.pool = new ReadPool({
        file: config.sqlitePath,
        size: config.readPoolSize,
        busyTimeoutMs: config.sqliteBusyTimeoutMs,
        testFunctions: config.nodeEnv === 'test',
      });
    }
  }

  /** The pool on SQLite (null elsewhere): its counters, for tests and benchmarks. */
  get readPool(): ReadPool | null {
    return this.pool;
  }

  /** Runs `fn` so that the list queries it makes through readOffLoop() run here (off the event loop on SQLite). */
  scope<R>(fn: () => R): R {
    return offLoop.run(this, fn);
  }

  /** The query builder with a query runner whose statements run through run(). */
  attach<T extends ObjectLiteral, Q extends SelectQueryBuilder<T>>(qb: Q): Q {
    if (!this.pool && this.dataSource.options.type !== 'postgres') return qb;
    const runner = Object.create(this.dataSource.createQueryRunner()) as QueryRunner;
    runner.query = (async (query: string, values: unknown[] = [], structured = false) => {
      const rows = await this.run(query, values);
      if (!structured) return rows;
      const result = new QueryResult();
      result.records = rows;
      result.raw = rows;
      return result;
    }) as QueryRunner['query'];
    return qb.setQueryRunner(runner) as Q;
  }

  /** The rows of one SELECT with `:name` / `:...list` parameters, under the current time budget. */
  async query<T = Record<string, unknown>>(sql: string, parameters: Record<string, unknown>): Promise<T[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters);
    return this.run<T>(query, values);
  }

  /** The same with the driver's own placeholders (`?` on SQLite, `$n` on PostgreSQL). */
  async run<T = Record<string, unknown>>(query: string, values: unknown[]): Promise<T[]> {
    const deadline = currentDeadline() ?? (this.budgetMs > 0 ? { at: Date.now() + this.budgetMs, timeoutMs: this.budgetMs } : null);
    const timeout = () => new OperationTimeoutError(deadline?.timeoutMs ?? 0);
    if (deadline && Date.now() >= deadline.at) throw timeout();
    if (this.pool) {
      // Counted and logged as the main connection's statements are.
      this.dataSource.logger.logQuery(query, values);
      try {
        return await this.pool.all<T>(query, values, deadline?.at ?? Infinity, timeout);
      } catch (error) {
        if (error instanceof OperationTimeoutError) throw error;
        this.dataSource.logger.logQueryError(error as Error, query, values);
        throw new QueryFailedError(query, values, error as Error);
      }
    }
    if (this.dataSource.options.type !== 'postgres' || !deadline) return this.dataSource.query(query, values);
    return this.boundOnPostgres<T>(query, values, deadline.at, timeout);
  }

  /**
   * On a pooled connection of its own, in a transaction whose statement_timeout is what is left
   * of the budget. The transaction's own statements go to the driver's connection directly: only
   * the read is logged and counted, as on SQLite.
   */
  private async boundOnPostgres<T>(query: string, values: unknown[], at: number, timeout: () => Error): Promise<T[]> {
    type PgClient = { query(sql: string, values?: unknown[]): Promise<{ rows: T[] }> };
    const driver = this.dataSource.driver as unknown as { obtainMasterConnection(): Promise<[PgClient, (error?: unknown) => void]> };
    const [client, release] = await driver.obtainMasterConnection();
    let broken: unknown;
    try {
      await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.max(1, Math.ceil(at - Date.now()))}`);
      this.dataSource.logger.logQuery(query, values);
      let rows: T[];
      try {
        rows = (await client.query(query, values)).rows;
      } catch (error) {
        await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
        if ((error as { code?: string }).code === PG_QUERY_CANCELED) throw timeout();
        this.dataSource.logger.logQueryError(error as Error, query, values);
        throw new QueryFailedError(query, values, error as Error);
      }
      await client.query('COMMIT');
      return rows;
    } catch (error) {
      broken ??= error instanceof QueryFailedError || error instanceof OperationTimeoutError ? undefined : error;
      throw error;
    } finally {
      // A connection that failed outside the read itself is not given back to the pool.
      release(broken);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.close();
  }
}
