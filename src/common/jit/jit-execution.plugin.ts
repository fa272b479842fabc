import type { ApolloServerPlugin } from '@apollo/server';
import { compileQuery, isCompiledQuery } from 'graphql-jit';

/** EXPERIMENT: queries executed by graphql-jit's compiled form. */
export function jitExecutionPlugin(): ApolloServerPlugin {
  const compiled = new Map<string, any>();
  return {
    async requestDidStart() {
      return {
        async responseForOperation(ctx) {
          if (ctx.operation?.operation !== 'query' || !ctx.source) return null;
          const key = `${ctx.operationName ?? ''}\n${ctx.source}`;
          let query = compiled.get(key);
          if (!query) {
            query = compileQuery(ctx.schema, ctx.document, ctx.operationName ?? undefined);
            if (!isCompiledQuery(query)) return null;
            compiled.set(key, query);
          }
          const result = await query.query(undefined, ctx.contextValue, ctx.request.variables ?? {});
          if (result.errors?.length) return null;
          return { http: ctx.response.http, body: { kind: 'single', singleResult: { data: result.data } } };
        },
      };
    },
  };
}
