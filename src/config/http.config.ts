import { getHeapStatistics } from 'node:v8';

/**
 * Bounds on connections and traffic at the HTTP layer (Fastify), read from the environment
 * when the server is built. Documented in docs/operations.md ("Connections and traffic").
 */
export interface HttpConfig {
  /** Time for a client to send a request's headers (Node's headersTimeout). */
  headersTimeoutMs: number;
  /** Time for a client to send the whole request, body included (requestTimeout). */
  requestTimeoutMs: number;
  /** A socket with nothing read or written for this long is closed (Fastify's connectionTimeout). */
  idleTimeoutMs: number;
  /** How long an idle keep-alive connection waits for its next request. */
  keepAliveTimeoutMs: number;
  /** Open connections in all (server.maxConnections); further ones are closed at once. */
  maxConnections: number;
  /** Open connections from one remote address; further ones are closed at once. */
  maxConnectionsPerAddress: number;
  /** Requests without a well-formed bearer token, per address and window; 0: not limited. */
  anonymousRateLimit: number;
  anonymousRateWindowMs: number;
  /** Largest body a request without a well-formed token may send (nothing anonymous needs more). */
  anonymousBodyBytes: number;
  /** Answer 503 while the event loop's mean delay is above this; 0: not checked. */
  overloadMaxEventLoopDelayMs: number;
  /** Answer 503 while the heap in use is above this; 0: not checked. */
  overloadMaxHeapUsedBytes: number;
  /** How often the load is sampled. */
  overloadSampleIntervalMs: number;
  /** The Retry-After of a 503. */
  overloadRetryAfterS: number;
}

export const DEFAULT_HTTP = {
  headersTimeoutS: 10,
  requestTimeoutS: 15,
  // Longer than a query's time budget (OPERATION_TIMEOUT_MS, 30 s): a query that writes nothing until it is done is not cut.
  idleTimeoutS: 60,
  keepAliveTimeoutS: 5,
  maxConnections: 2_048,
  maxConnectionsPerAddress: 128,
  anonymousRateLimit: 120,
  anonymousRateWindowMs: 60_000,
  anonymousBodyBytes: 64 * 1024,
  overloadMaxEventLoopDelayMs: 1_000,
  // Share of the heap limit (--max-old-space-size) in use before load is shed.
  overloadHeapShare: 0.9,
  overloadRetryAfterS: 10,
} as const;

function number(value: string | undefined, fallback: number, name: string, { integer = false, allowZero = true } = {}): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero) || (integer && !Number.isInteger(n))) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}, got "${value}"`);
  }
  return n;
}

export function loadHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpConfig {
  const seconds = (name: string, fallback: number) => Math.round(number(env[name], fallback, name, { allowZero: false }) * 1000);
  const heapMb = number(env.OVERLOAD_MAX_HEAP_USED_MB, -1, 'OVERLOAD_MAX_HEAP_USED_MB');
  const requestTimeoutMs = seconds('HTTP_REQUEST_TIMEOUT_S', DEFAULT_HTTP.requestTimeoutS);
  return {
    // Node requires the headers' time to be within the request's.
    headersTimeoutMs: Math.min(seconds('HTTP_HEADERS_TIMEOUT_S', DEFAULT_HTTP.headersTimeoutS), requestTimeoutMs),
    requestTimeoutMs,
    idleTimeoutMs: seconds('HTTP_IDLE_TIMEOUT_S', DEFAULT_HTTP.idleTimeoutS),
    keepAliveTimeoutMs: seconds('HTTP_KEEP_ALIVE_TIMEOUT_S', DEFAULT_HTTP.keepAliveTimeoutS),
    maxConnections: number(env.HTTP_MAX_CONNECTIONS, DEFAULT_HTTP.maxConnections, 'HTTP_MAX_CONNECTIONS', { integer: true, allowZero: false }),
    maxConnectionsPerAddress: number(env.HTTP_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_HTTP.maxConnectionsPerAddress, 'HTTP_MAX_CONNECTIONS_PER_ADDRESS', { integer: true, allowZero: false }),
    anonymousRateLimit: number(env.ANONYMOUS_RATE_LIMIT, DEFAULT_HTTP.anonymousRateLimit, 'ANONYMOUS_RATE_LIMIT', { integer: true }),
    anonymousRateWindowMs: number(env.ANONYMOUS_RATE_LIMIT_WINDOW_MS, DEFAULT_HTTP.anonymousRateWindowMs, 'ANONYMOUS_RATE_LIMIT_WINDOW_MS', { integer: true, allowZero: false }),
    anonymousBodyBytes: number(env.ANONYMOUS_BODY_LIMIT_BYTES, DEFAULT_HTTP.anonymousBodyBytes, 'ANONYMOUS_BODY_LIMIT_BYTES', { integer: true, allowZero: false }),
    overloadMaxEventLoopDelayMs: number(env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS, DEFAULT_HTTP.overloadMaxEventLoopDelayMs, 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS'),
    overloadMaxHeapUsedBytes: heapMb >= 0 ? Math.round(heapMb * 1024 * 1024) : Math.round(getHeapStatistics().heap_size_limit * DEFAULT_HTTP.overloadHeapShare),
    overloadSampleIntervalMs: number(env.OVERLOAD_SAMPLE_INTERVAL_MS, 1_000, 'OVERLOAD_SAMPLE_INTERVAL_MS', { integer: true, allowZero: false }),
    overloadRetryAfterS: number(env.OVERLOAD_RETRY_AFTER_S, DEFAULT_HTTP.overloadRetryAfterS, 'OVERLOAD_RETRY_AFTER_S', { integer: true, allowZero: false }),
  };
}
