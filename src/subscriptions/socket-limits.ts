import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { DocumentNode, execute, GraphQLError, parse } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Limits } from '../config/security.config';
import { sharedSubscribe } from './shared-execution';
import { costViolation, shapeViolation, variablesViolation } from '../common/limits/enforce-limits';

export type SocketLimitOptions = Pick<GraphQLWsSubscriptionsConfig, 'onSubscribe'> & Pick<ServerOptions, 'execute' | 'subscribe'>;

/** A further check of an operation that passed the shape limits (the socket's own limits): errors refuse it. */
export type AdmitOperation = (
  ctx: Parameters<NonNullable<ServerOptions['onSubscribe']>>[0],
  id: string,
  payload: Parameters<NonNullable<ServerOptions['onSubscribe']>>[2],
  document: DocumentNode,
) => readonly GraphQLError[] | undefined;

/**
 * The same limits for operations over graphql-ws, which Apollo's plugins never see:
 * tokens, depth and aliases when an operation arrives (graphql-ws then parses and validates
 * it as usual), page sizes and cost on the validated document with its variables before it
 * executes or subscribes (subscribers asking the same share each event's execution). Errors go out through the socket's formatting, like any other.
 */
export function socketLimitOptions(limits: Limits, admit?: AdmitOperation): SocketLimitOptions {
  return {
    onSubscribe: (ctx, id, payload) => {
      const nested = variablesViolation(payload.variables);
      if (nested) return [nested];
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: limits.tokens });
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('Syntax Error')];
      }
      const violation = shapeViolation(document, limits);
      if (violation) return [violation];
      const refused = admit?.(ctx, id, payload, document);
      return refused?.length ? [...refused] : undefined;
    },
    execute: (args) => {
      const violation = costViolation(args.schema, args.document, args.variableValues ?? undefined, args.operationName, limits);
      return violation ? { errors: [violation] } : execute(args);
    },
    subscribe: (args) => {
      const violation = costViolation(args.schema, args.document, args.variableValues ?? undefined, args.operationName, limits);
      return violation ? { errors: [violation] } : sharedSubscribe(args);
    },
  };
}
