import { defaultFieldResolver, GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { AsyncLocalStorage } from 'node:async_hooks';
import { OperationTimeoutError } from './limit-errors';

export interface Deadline {
  at: number;
  timeoutMs: number;
}

/** The deadline of each running query, by its context object (one per operation). */
const deadlines = new WeakMap<object, Deadline>();

/** The deadline of the root field running in this async flow: what a read deep in a service is bounded by. */
const current = new AsyncLocalStorage<Deadline>();

/**
 * The time budget of the query field being answered in this async flow (its root field's), if
 * any: `at` in epoch ms. Code that runs outside a root field's flow (a nested field's DataLoader
 * batch, an HTTP export) has none and bounds itself (see HeavyReads).
 */
export function currentDeadline(): Readonly<Deadline> | undefined {
  return current.getStore();
}

/** Starts the operation's time budget, once. */
export function startDeadline(context: object, timeoutMs: number): void {
  if (timeoutMs > 0 && !deadlines.has(context)) deadlines.set(context, { at: Date.now() + timeoutMs, timeoutMs });
}

/** Throws the timeout error once the operation's budget is spent (called before each field resolves). */
export function checkDeadline(context: object): void {
  const deadline = deadlines.get(context);
  if (deadline && Date.now() > deadline.at) throw new OperationTimeoutError(deadline.timeoutMs);
}

/**
 * The time budget of a query's root fields: a root field still running at the deadline (a
 * slow PostgreSQL statement, anything awaited) is answered with the timeout error at the
 * deadline and its result, when it comes, is dropped. Nested fields are stopped before they
 * start instead (`checkDeadline`, called before each field resolver). Mutations are never cut
 * short: a write still in flight may commit, and telling the client it failed would be a lie.
 * Over graphql-ws, where Apollo's plugins do not run, the first root field starts the budget.
 *
 * A wrapper on the Query type's resolvers rather than a Nest interceptor: a global
 * interceptor runs Nest's Observable pipeline for every root field (rxjs defer, mergeAll,
 * AsyncResource.bind twice, a timeout operator), measured at 11 % of topic progress's CPU.
 */
export function limitRootQueryFields(schema: GraphQLSchema, timeoutMs: number): GraphQLSchema {
  const query = schema.getQueryType();
  if (!query || timeoutMs <= 0) return schema;
  for (const field of Object.values(query.getFields())) {
    const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, object>;
    field.resolve = (source, args, context: object, info) => {
      startDeadline(context, timeoutMs);
      const deadline = deadlines.get(context)!;
      const left = deadline.at - Date.now();
      const result = current.run(deadline, () => resolve(source, args, context, info));
      return isPromiseLike(result) ? withinDeadline(result, left, deadline.timeoutMs) : result;
    };
  }
  return schema;
}

function withinDeadline<T>(result: PromiseLike<T>, leftMs: number, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new OperationTimeoutError(timeoutMs)), Math.max(leftMs, 0));
    result.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
