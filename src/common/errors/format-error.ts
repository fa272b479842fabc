import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './domain-errors';

const CLIENT_CODES = new Set<ErrorCode>(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN']);
/** Errors graphql-js / Apollo raise before any resolver runs: the request itself is malformed. */
const REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

const TOO_MANY_VARIABLE_ERRORS = /^Too many errors processing variables/;

const logger = new Logger('GraphQL');

/**
 * The one place that decides what a client sees of an error: the codes of design/API.md,
 * never a stack trace, never SQL. Unknown failures are logged here and masked.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (CLIENT_CODES.has(code as ErrorCode)) {
    return { ...formatted, extensions: code === 'BAD_USER_INPUT' ? { fields: [], ...extensions } : extensions };
  }
  if (REQUEST_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', fields: [], reason: code } };
  }
  // Apollo refuses a few malformed requests (a persisted query's hash or version) with HTTP 400 and no
  // code; graphql-js gives up on variables after 50 errors with an error of its own, also without one.
  const http = error instanceof GraphQLError ? (error.extensions?.http as { status?: number } | undefined) : undefined;
  const refusedRequest = (http?.status && http.status >= 400 && http.status < 500) || TOO_MANY_VARIABLE_ERRORS.test(formatted.message);
  if (!(error as GraphQLError).extensions?.code && refusedRequest) {
    return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT', fields: [], reason: 'BAD_REQUEST' } };
  }
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
