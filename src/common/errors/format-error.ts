import { Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './domain-errors';

const CLIENT_CODES = new Set<ErrorCode>(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN']);
/** Errors graphql-js / Apollo raise before any resolver runs: the request itself is malformed. */
const REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

const TOO_MANY_VARIABLE_ERRORS = /^Too many errors processing variables/;

const logger = new Logger('GraphQL');

/** Never sent: stacks, Apollo's HTTP instructions, Nest's wrapped exception bodies. */
const PRIVATE_EXTENSIONS = ['stacktrace', 'http', 'exception', 'originalError'];

/**
 * Requests refused by graphql-js or Apollo themselves for one of the abuse limits: the
 * document's token count (parseOptions.maxTokens) and batching (allowBatchedHttpRequests).
 */
function requestLimitOf(message: string): Record<string, unknown> {
  // graphql 16 says "more that N tokens".
  const tokens = /contains more tha[nt] (\d+) tokens/.exec(message);
  if (tokens) return { limit: 'tokens', max: Number(tokens[1]) };
  if (/batching disabled/i.test(message)) return { limit: 'batch', max: 1 };
  return {};
}

/**
 * The one place that decides what a client sees of an error: the codes of docs/api-contract.md,
 * never a stack trace, never SQL. Unknown failures are logged here and masked.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? '');
  const extensions = { ...(formatted.extensions ?? {}) } as Record<string, unknown>;
  for (const key of PRIVATE_EXTENSIONS) delete extensions[key];
  if (CLIENT_CODES.has(code as ErrorCode)) {
    return { ...formatted, extensions: code === 'BAD_USER_INPUT' ? { fields: [], ...extensions } : extensions };
  }
  if (REQUEST_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', fields: [], reason: code, ...requestLimitOf(formatted.message) } };
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
