import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { DocumentNode, execute, GraphQLError, parse, subscribe } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Limits } from '../../config/security.config';
import { costViolation, shapeViolation, variablesViolation } from './enforce-limits';

export type SocketLimitOptions = Pick<GraphQLWsSubscriptionsConfig, 'onSubscribe'> & Pick<ServerOptions, 'execute' | 'subscribe'>;

/**
 * The same limits for operations over graphql-ws, which Apollo's plugins never see:
 * tokens, depth and aliases when an operation arrives (graphql-ws then parses and validates
 * it as usual), page sizes and cost on the validated document with its variables before it
 * executes or subscribes. Errors go out through the socket's formatting, like any other.
 */
export function socketLimitOptions(limits: Limits): SocketLimitOptions {
  return {
    onSubscribe: (_ctx, _id, payload) => {
      const nested = variablesViolation(payload.variables);
      if (nested) return [nested];
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: limits.tokens });
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('Syntax Error')];
      }
      const violation = shapeViolation(document, limits);
      return violation ? [violation] : undefined;
    },
    execute: (args) => {
      const violation = costViolation(args.schema, args.document, args.variableValues ?? undefined, args.operationName, limits);
      return violation ? { errors: [violation] } : execute(args);
    },
    subscribe: (args) => {
      const violation = costViolation(args.schema, args.document, args.variableValues ?? undefined, args.operationName, limits);
      return violation ? { errors: [violation] } : subscribe(args);
    },
  };
}
