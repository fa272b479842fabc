import { createSourceEventStream, execute, ExecutionArgs, ExecutionResult, print } from 'graphql';
import type { RequestContext } from '../common/context/request-context';

/** Results of one event by what was asked of it (document, operation, variables, role). */
const executions = new WeakMap<object, Map<string, Promise<ExecutionResult> | ExecutionResult>>();

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** graphql-js's mapAsyncIterator (internal to graphql 16): each value of `source` mapped, return() and throw() passed on. */
function mapAsyncIterator<T, U>(source: AsyncIterable<T>, map: (value: T) => Promise<U> | U): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const mapped = async (result: IteratorResult<T>): Promise<IteratorResult<U>> => {
    if (result.done) return { value: undefined, done: true };
    try {
      return { value: await map(result.value), done: false };
    } catch (error) {
      await iterator.return?.().catch(() => undefined);
      throw error;
    }
  };
  return {
    next: async () => mapped(await iterator.next()),
    return: async () => (iterator.return ? mapped(await iterator.return()) : { value: undefined, done: true }),
    throw: async (error?: unknown) => {
      if (iterator.throw) return mapped(await iterator.throw(error));
      await iterator.return?.().catch(() => undefined);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * graphql-js's subscribe(), except that the subscribers of one event who asked the same thing
 * (same document, operation name and variables, same role) share one execution of it: with a
 * thousand dashboards on the same subscription, an event is executed once, not a thousand
 * times. Each event is the same object for all its subscribers (the row SubscriptionsService
 * reads once per event), which keys the sharing; the result is only read afterwards (formatted
 * and serialised per socket). Access was decided when each subscription started, and no field
 * under a subscription depends on who asks, beyond the role kept in the key.
 */
export async function sharedSubscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source;
  // After createSourceEventStream: the access guard has set the principal by now.
  const role = (args.contextValue as RequestContext | undefined)?.principal?.role ?? null;
  const key = JSON.stringify([print(args.document), args.operationName ?? null, args.variableValues ?? null, role]);
  return mapAsyncIterator(source, (event) => {
    if (event === null || typeof event !== 'object') return execute({ ...args, rootValue: event });
    let byQuery = executions.get(event);
    if (!byQuery) executions.set(event, (byQuery = new Map()));
    let result = byQuery.get(key);
    if (!result) byQuery.set(key, (result = execute({ ...args, rootValue: event })));
    return result;
  });
}
