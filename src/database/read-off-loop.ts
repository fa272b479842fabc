import { AsyncLocalStorage } from 'node:async_hooks';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** What runs a query builder's statements elsewhere (HeavyReads). */
export interface QueryBuilderRunner {
  attach<T extends ObjectLiteral, Q extends SelectQueryBuilder<T>>(qb: Q): Q;
}

/** The runner of the code running inside HeavyReads.scope(). Its own module: paginate imports it without the config. */
export const offLoop = new AsyncLocalStorage<QueryBuilderRunner>();

/**
 * The query builder, made to run its SQL through HeavyReads when called inside
 * `HeavyReads.scope()` (an export's pages, a statements list); unchanged elsewhere. TypeORM
 * still builds the SQL and hydrates the entities (getMany, getCount): only where the statement
 * runs changes, so the entities are those the main connection would give.
 */
export function readOffLoop<T extends ObjectLiteral, Q extends SelectQueryBuilder<T>>(qb: Q): Q {
  const runner = offLoop.getStore();
  return runner ? runner.attach(qb) : qb;
}
