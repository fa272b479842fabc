import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import type { Limits } from '../../config/security.config';
import { costViolation, shapeViolation, variablesViolation } from './enforce-limits';
import { limitOf } from './limit-errors';
import { startDeadline } from './operation-deadline';

/**
 * The abuse limits of GraphQL over HTTP, all before any resolver (and so any SQL) runs:
 * - the nesting depth of the variables, first, before anything walks them recursively;
 * - depth, aliases, page sizes and cost once the operation is parsed, validated and known,
 *   with its variables (an error thrown here is answered as a coded 400; Apollo would answer
 *   one thrown earlier, before validation, as a 500);
 * - a query's time budget from the start of execution: past it no further field resolver runs.
 * The token limit is graphql-js's own (`parseOptions.maxTokens`): it bounds the work of
 * parsing and validating a document before these checks. Batching is Apollo's
 * (`allowBatchedHttpRequests: false`), the body size the body parser's.
 */
export function limitsPlugin(limits: Limits): ApolloServerPlugin<BaseContext> {
  const allowed = new AllowedOperations();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, operation }) {
          const nested = variablesViolation(request.variables);
          if (nested) throw nested;
          const key = operation?.operation === 'query' ? allowed.keyOf(operationName, request.variables) : null;
          if (allowed.has(document, key)) return;
          const violation = shapeViolation(document, limits) ?? costViolation(schema, document, request.variables, operationName, limits);
          if (violation) throw violation;
          allowed.add(document, key);
        },

        async executionDidStart({ operation, contextValue }) {
          // No operation when operationName matches none: execution then refuses the request itself.
          if (operation?.operation !== 'query' || limits.operationTimeoutMs <= 0) return;
          // Checked before each field resolver by answerPreloadedFields (app.module): a plugin's
          // willResolveField would make Apollo wrap every field of every row in its instrumentation.
          startDeadline(contextValue, limits.operationTimeoutMs);
        },

        /** A query out of time, or a rate-limited operation, answers that one error rather than one per field. */
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const stop = result.errors?.find((error) => limitOf(error) === 'timeout') ?? result.errors?.find((error) => limitOf(error) === 'rate');
          if (stop) response.body.singleResult = { data: null, errors: [stop] };
        },
      };
    },
  };
}

/**
 * Operations already found within the limits: Apollo keeps one parsed document per query text,
 * so a client repeating a query with the same variables is not measured again. Only queries
 * with small variable sets are remembered (a mutation's briefing text is not worth a key).
 */
class AllowedOperations {
  private readonly byDocument = new WeakMap<DocumentNode, Set<string>>();

  keyOf(operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string | null {
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
    return key.length <= 2048 ? key : null;
  }

  has(document: DocumentNode, key: string | null): boolean {
    return key !== null && (this.byDocument.get(document)?.has(key) ?? false);
  }

  add(document: DocumentNode, key: string | null): void {
    if (key === null) return;
    let keys = this.byDocument.get(document);
    if (!keys || keys.size >= 256) this.byDocument.set(document, (keys = new Set()));
    keys.add(key);
  }
}
