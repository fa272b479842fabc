import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { FragmentDefinitionNode, Kind } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import { expandedFieldCount } from '../limits/expanded-fields';

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
  /** Documents never compiled because they select too many fields once fragments are expanded. */
  tooLarge: number;
  /** Compiled documents forgotten to keep the cache within its bytes. */
  evicted: number;
  /** Estimated bytes of the compiled documents held now. */
  bytes: number;
}

export interface CompiledQueriesOptions {
  enabled: boolean;
  /** A document is compiled the time it is seen this often (compiling costs a few ms: not worth it for a one-off query). */
  compileAfter?: number;
  /** Documents remembered (seen or compiled), least recently used forgotten first. */
  maxDocuments?: number;
  /** A document selecting more fields than this, fragments expanded, always runs through graphql-js. */
  maxFields?: number;
  /** Estimated bytes of compiled code held at most; the least recently used go first. */
  maxBytes?: number;
}

interface Entry {
  seen: number;
  /** graphql-js answered it once without any error: it got past authentication, the rate limit and the query limits. */
  passed: boolean;
  /** The compiled form; null when it is never to be compiled (too large, or graphql-jit refused it). */
  query?: CompiledQuery | null;
  /** Estimated memory of the compiled form. */
  bytes: number;
}

export const emptyCompiledQueryStats = (): CompiledQueryStats => ({ compiled: 0, answered: 0, handedBack: 0, tooLarge: 0, evicted: 0, bytes: 0 });

/** The running server's figures. */
export const compiledQueryStats: CompiledQueryStats = emptyCompiledQueryStats();

/** GRAPHQL_JIT=false turns compiled queries off. */
export const compiledQueriesEnabled = (env: NodeJS.ProcessEnv = process.env) => (env.GRAPHQL_JIT ?? 'true').trim().toLowerCase() !== 'false';

/** The plugin's settings from the environment: GRAPHQL_JIT, GRAPHQL_JIT_MAX_FIELDS, GRAPHQL_JIT_CACHE_MB. */
export function compiledQueriesOptions(env: NodeJS.ProcessEnv = process.env): CompiledQueriesOptions {
  const positive = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${env[name]}"`);
    return value;
  };
  return { enabled: compiledQueriesEnabled(env), maxFields: positive('GRAPHQL_JIT_MAX_FIELDS', 500), maxBytes: positive('GRAPHQL_JIT_CACHE_MB', 16) * 1024 * 1024 };
}

/**
 * The generated code is kept as a string by V8 and compiled to bytecode and machine code
 * besides; graphql-jit also keeps a resolve-info object per field. Measured on the benchmark's
 * page query: about 4x the generated source (5-40 KB of source for the benchmark's queries).
 */
const BYTES_PER_SOURCE_CHAR = 4;

/**
 * Queries answered by graphql-jit: a document seen again is compiled, once, into JavaScript
 * that resolves exactly its selection, instead of graphql-js interpreting the document field by
 * field on every request (on the commitments page of the HTTP benchmark, a quarter less CPU per
 * request). Resolvers, guards, the time budget and the preloaded values run as before: the
 * compiled query calls the same schema. Mutations and subscriptions run as usual, and so does
 * any query whose compiled answer has an error: Apollo then executes it the ordinary way (a
 * query has no side effects to repeat), so errors, their codes and HTTP statuses are exactly
 * graphql-js's.
 *
 * Nothing is compiled for a request that has not passed the gate: a document is compiled only
 * after graphql-js has answered it without an error (so its token was accepted, it was within
 * the rate limit and within the query limits, which all run before this hook), only when it
 * selects at most `maxFields` fields with its fragments written out (graphql-jit inlines every
 * fragment spread: a 6 KB document of nested fragments took over a second and more heap than
 * the server has), and the compiled documents kept are bounded in bytes.
 */
export function compiledQueriesPlugin(options: CompiledQueriesOptions, stats: CompiledQueryStats = emptyCompiledQueryStats()): ApolloServerPlugin {
  const compileAfter = options.compileAfter ?? 2;
  const maxDocuments = options.maxDocuments ?? 100;
  const maxFields = options.maxFields ?? 500;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const documents = new Map<string, Entry>();

  const forget = (key: string, entry: Entry) => {
    documents.delete(key);
    stats.bytes -= entry.bytes;
    if (entry.query) stats.evicted++;
  };

  /** The entry of a document, now the most recently used. */
  const entryOf = (key: string): Entry => {
    let entry = documents.get(key);
    if (entry) documents.delete(key);
    else entry = { seen: 0, passed: false, bytes: 0 };
    documents.set(key, entry);
    if (documents.size > maxDocuments) {
      const [oldest, old] = documents.entries().next().value!;
      forget(oldest, old);
    }
    return entry;
  };

  /** Compiled documents beyond the byte budget are forgotten, least recently used first (never `keep`). */
  const keepWithinBytes = (keep: Entry) => {
    for (const [key, entry] of documents) {
      if (stats.bytes <= maxBytes) break;
      if (entry !== keep && entry.bytes > 0) forget(key, entry);
    }
  };

  return {
    async requestDidStart() {
      if (!options.enabled) return;
      /** The entry of this request's document while graphql-js answers it. */
      let interpreted: Entry | undefined;
      return {
        async responseForOperation(ctx) {
          if (ctx.operation?.operation !== 'query' || !ctx.queryHash) return null;
          const entry = entryOf(`${ctx.queryHash}:${ctx.operationName ?? ''}`);
          entry.seen++;
          if (entry.query === undefined && entry.passed && entry.seen >= compileAfter) {
            const fragments = ctx.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
            if (expandedFieldCount(ctx.operation, fragments, maxFields) > maxFields) {
              entry.query = null;
              stats.tooLarge++;
            } else {
              const { compileQuery, isCompiledQuery } = graphqlJit();
              // debug keeps the generated source on the result: its length sizes the entry.
              const compiled = compileQuery(ctx.schema, ctx.document, ctx.operationName ?? undefined, { debug: true } as never);
              if (isCompiledQuery(compiled)) {
                const withSource = compiled as CompiledQuery & { __DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation?: string };
                const bytes = (withSource.__DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation?.length ?? 0) * BYTES_PER_SOURCE_CHAR;
                delete withSource.__DO_NOT_USE_THIS_OR_YOU_WILL_BE_FIRED_compilation;
                if (bytes > maxBytes) {
                  entry.query = null;
                  stats.tooLarge++;
                } else {
                  Object.assign(entry, { query: compiled, bytes });
                  stats.compiled++;
                  stats.bytes += bytes;
                  keepWithinBytes(entry);
                }
              } else entry.query = null;
            }
          }
          if (!entry.query) {
            interpreted = entry;
            return null;
          }
          const result = await entry.query.query(undefined, ctx.contextValue, ctx.request.variables ?? {});
          if (result.errors?.length) {
            stats.handedBack++;
            return null;
          }
          stats.answered++;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: result.data as Record<string, unknown> } } };
        },

        async willSendResponse({ response }) {
          if (interpreted && response.body.kind === 'single' && !response.body.singleResult.errors?.length) interpreted.passed = true;
        },
      };
    },
  };
}
