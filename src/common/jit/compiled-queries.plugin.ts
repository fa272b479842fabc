import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { CompiledQuery } from 'graphql-jit';

/** graphql-jit, loaded when the first document is compiled: requiring it takes 60-80 ms, which start-up need not pay. */
let jit: typeof import('graphql-jit') | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const graphqlJit = (): typeof import('graphql-jit') => (jit ??= require('graphql-jit'));

/** What the plugin has done since the server started (tests and benchmarks read it). */
export interface CompiledQueryStats {
  /** Documents compiled. */
  compiled: number;
  /** Operations answered by a compiled document. */
  answered: number;
  /** Operations handed back to graphql-js: the document did not compile or its answer had errors. */
  handedBack: number;
}

export interface CompiledQueriesOptions {
  enabled: boolean;
  /** A document is compiled the time it is seen this often (compiling costs a few ms: not worth it for a one-off query). */
  compileAfter?: number;
  /** Documents remembered (seen or compiled), least recently used forgotten first. */
  maxDocuments?: number;
}

interface Entry {
  seen: number;
  /** The compiled form; null when it could not be compiled (never tried again). */
  query?: CompiledQuery | null;
}

/** The running server's figures. */
export const compiledQueryStats: CompiledQueryStats = { compiled: 0, answered: 0, handedBack: 0 };

/** GRAPHQL_JIT=false turns compiled queries off. */
export const compiledQueriesEnabled = (env: NodeJS.ProcessEnv = process.env) => (env.GRAPHQL_JIT ?? 'true').trim().toLowerCase() !== 'false';

/**
 * Queries answered by graphql-jit: a document seen again is compiled, once, into JavaScript
 * that resolves exactly its selection, instead of graphql-js interpreting the document field by
 * field on every request (on the commitments page of the HTTP benchmark, a quarter less CPU per
 * request). Resolvers, guards, the time budget and the preloaded values run as before: the
 * compiled query calls the same schema. Mutations and subscriptions run as usual, and so does
 * any query whose compiled answer has an error: Apollo then executes it the ordinary way (a
 * query has no side effects to repeat), so errors, their codes and HTTP statuses are exactly
 * graphql-js's.
 */
export function compiledQueriesPlugin(options: CompiledQueriesOptions, stats: CompiledQueryStats = { compiled: 0, answered: 0, handedBack: 0 }): ApolloServerPlugin {
  const compileAfter = options.compileAfter ?? 2;
  const maxDocuments = options.maxDocuments ?? 100;
  const documents = new Map<string, Entry>();

  /** The entry of a document, now the most recently used. */
  const entryOf = (key: string): Entry => {
    let entry = documents.get(key);
    if (entry) documents.delete(key);
    else entry = { seen: 0 };
    documents.set(key, entry);
    if (documents.size > maxDocuments) documents.delete(documents.keys().next().value!);
    return entry;
  };

  return {
    async requestDidStart() {
      if (!options.enabled) return;
      return {
        async responseForOperation(ctx) {
          if (ctx.operation?.operation !== 'query' || !ctx.queryHash) return null;
          const entry = entryOf(`${ctx.queryHash}:${ctx.operationName ?? ''}`);
          entry.seen++;
          if (entry.query === undefined && entry.seen >= compileAfter) {
            const { compileQuery, isCompiledQuery } = graphqlJit();
            const compiled = compileQuery(ctx.schema, ctx.document, ctx.operationName ?? undefined);
            entry.query = isCompiledQuery(compiled) ? compiled : null;
            if (entry.query) stats.compiled++;
          }
          if (!entry.query) return null;
          const result = await entry.query.query(undefined, ctx.contextValue, ctx.request.variables ?? {});
          if (result.errors?.length) {
            stats.handedBack++;
            return null;
          }
          stats.answered++;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: result.data as Record<string, unknown> } } };
        },
      };
    },
  };
}
