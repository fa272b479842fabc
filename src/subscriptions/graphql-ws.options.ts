import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import { ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { formatGraphQLError } from '../common/errors/format-error';
import { socketLimitOptions } from './socket-limits';
import type { SecurityConfig } from '../config/security.config';
import type { SocketGovernor } from './socket-governor';

/**
 * Errors on the socket get the treatment Apollo's formatError gives them over HTTP (the codes
 * of docs/api-contract.md, unknown failures logged and masked): graphql-ws sends graphql-js errors
 * as they are, SQL and all.
 */
export function formatSocketResult(result: ExecutionResult): FormattedExecutionResult | undefined {
  if (!result.errors?.length) return undefined;
  const { errors, ...rest } = result;
  return { ...rest, errors: errors.map((error) => formatGraphQLError(error.toJSON(), error)) };
}

/**
 * Errors that end an operation before or instead of its results: the document failed
 * validation (the request is malformed: BAD_USER_INPUT, as over HTTP), or the event stream
 * failed (an original error behind it: masked).
 */
export function formatSocketErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((error) => {
    const formatted = error.toJSON();
    const requestError = !error.originalError && !formatted.extensions?.code;
    return formatGraphQLError(requestError ? { ...formatted, extensions: { ...formatted.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } } : formatted, error);
  });
}

/**
 * graphql-ws on POST /graphql's path. @nestjs/graphql passes these options to graphql-ws's
 * useServer after its own (schema, execute, subscribe and the module's context function); its
 * type leaves out onError, validate and onComplete, which useServer honours all the same. The
 * operations get the HTTP limits (socketLimitOptions) and the socket's own bounds
 * (SocketGovernor: connections, tokens, subscriptions per token, slow consumers, validation).
 */
export function graphqlWsOptions(security: SecurityConfig, governor: SocketGovernor): GraphQLWsSubscriptionsConfig {
  const limits = socketLimitOptions(security.limits, governor.admit);
  return {
    ...limits,
    ...governor.serverOptions({
      path: '/graphql',
      onSubscribe: limits.onSubscribe,
      onNext: (_ctx, _id, _payload, _args, result) => formatSocketResult(result),
      onError: formatSocketErrors,
    }),
  } as GraphQLWsSubscriptionsConfig;
}
