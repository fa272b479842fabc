import { DomainError, FieldError } from '../errors/domain-errors';

/** Which abuse limit refused a request: `extensions.limit`. */
export type LimitName = 'depth' | 'aliases' | 'cost' | 'tokens' | 'first' | 'body' | 'batch' | 'timeout' | 'rate' | 'variablesDepth' | 'subscriptions' | 'queue' | 'exports';

/**
 * A request over a shape limit (depth, aliases, cost, tokens, `first`, body size) or past its
 * time budget: BAD_USER_INPUT, as docs/api-contract.md allows nothing else for a request the client
 * must change, with `extensions.limit`, `max` and `actual`. Over HTTP, refused before
 * execution with status 400 (`http` is read and removed by Apollo).
 */
export class LimitExceededError extends DomainError {
  constructor(
    message: string,
    readonly limit: LimitName,
    max: number,
    actual?: number,
    fields: FieldError[] = [],
    httpStatus: number | null = 400,
  ) {
    super(message, 'BAD_USER_INPUT', {
      fields,
      limit,
      max,
      ...(actual === undefined ? {} : { actual }),
      ...(httpStatus ? { http: { status: httpStatus } } : {}),
    });
  }
}

/**
 * Too many requests for one token (or address): FORBIDDEN, the nearest code docs/api-contract.md
 * has, with `extensions.limit: 'rate'` and `retryAfter` in seconds; over HTTP also status 429
 * and a Retry-After header.
 */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    max: number,
    windowMs: number,
    withHttp: boolean,
  ) {
    super(`Too many requests: at most ${max} every ${windowMs / 1000} s; retry after ${retryAfterSeconds} s`, 'FORBIDDEN', {
      limit: 'rate',
      max,
      windowMs,
      retryAfter: retryAfterSeconds,
      ...(withHttp ? { http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } } : {}),
    });
  }
}

/**
 * A token already holds WS_MAX_SUBSCRIPTIONS_PER_TOKEN live subscriptions on this instance:
 * FORBIDDEN with `extensions.limit: 'subscriptions'` and `max`.
 */
export class SubscriptionLimitError extends DomainError {
  constructor(max: number) {
    super(`Too many live subscriptions for this token: at most ${max} at once; complete one before starting another`, 'FORBIDDEN', { limit: 'subscriptions', max });
  }
}

/**
 * A token already has EXPORT_MAX_CONCURRENT_PER_TOKEN exports running on this instance:
 * FORBIDDEN with `extensions.limit: 'exports'` and `max` (each export holds a batch and a read).
 */
export class ConcurrentExportsError extends DomainError {
  constructor(max: number) {
    super(`Too many exports running for this token: at most ${max} at once; finish one before starting another`, 'FORBIDDEN', { limit: 'exports', max });
  }
}

/** The time budget of a query ran out: no further field is resolved. */
export class OperationTimeoutError extends LimitExceededError {
  constructor(timeoutMs: number) {
    super(`The operation ran past its time budget of ${timeoutMs} ms and was stopped; ask for less at once (smaller pages, fewer fields)`, 'timeout', timeoutMs, undefined, [], null);
  }
}

/** The limit of an error sent to a client, if it came from one of these. */
export function limitOf(error: { extensions?: Record<string, unknown> } | undefined): LimitName | undefined {
  const limit = error?.extensions?.limit;
  return typeof limit === 'string' ? (limit as LimitName) : undefined;
}
