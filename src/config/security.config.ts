import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket-limits';

export { DEFAULT_SOCKET_LIMITS, type SocketLimits };

/** The largest briefing text accepted (INGEST_MAX_BYTES): 2 MB. */
export const DEFAULT_INGEST_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Abuse limits and production settings, read from the environment when the application
 * module is built (not when it is imported), so each test app can set its own. Documented in
 * docs/operations.md ("Limits", "Production settings").
 */
export interface SecurityConfig {
  production: boolean;
  /** Schema introspection: on outside production; in production only with GRAPHQL_INTROSPECTION=true. */
  introspection: boolean;
  /** Origins a browser may call the API from (CORS); empty: same origin only. */
  corsOrigins: string[];
  limits: Limits;
  /** graphql-ws connections, subscriptions and their fan-out (docs/operations.md, "Limits"). */
  sockets: SocketLimits;
}

export interface Limits {
  /** Deepest field nesting in an operation (the root field is 1). */
  depth: number;
  /** Most aliased fields in one document. */
  aliases: number;
  /** Largest estimated cost: every field 1, a connection's `first` multiplies what is under it. */
  cost: number;
  /** Most lexical tokens in a document (graphql-js stops parsing past it). */
  tokens: number;
  /** Largest request body. */
  bodyBytes: number;
  /** A query's time budget; 0: none. */
  operationTimeoutMs: number;
  /** Requests per token (else per client address) in one window; 0: no rate limit. */
  rateLimit: number;
  rateWindowMs: number;
}

export const DEFAULT_LIMITS = {
  // What the existing clients need, with headroom (docs/operations.md, "Limits"): the dashboard's board
  // query nests 8 deep, costs 3,173 and has 303 tokens; its timeline has one alias per topic.
  depth: 12,
  aliases: 30,
  cost: 25_000,
  tokens: 3_000,
  // The dashboard's timeline takes about 10 s on the 100k-commitment benchmark data.
  operationTimeoutMs: 30_000,
  rateLimit: 3_000,
  rateWindowMs: 60_000,
} as const;

/** The token re-check follows the verify cache (AUTH_CACHE_TTL_MS, default 30 s): a revocation made elsewhere is seen then anyway. */
export function defaultTokenRecheckMs(env: NodeJS.ProcessEnv): number {
  const ttl = Number(env.AUTH_CACHE_TTL_MS ?? 30_000);
  return Number.isFinite(ttl) && ttl >= 1_000 ? ttl : ttl > 0 ? 1_000 : 30_000;
}

function positiveInt(value: string | undefined, fallback: number, name: string, allowZero = false): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || (n === 0 && !allowZero)) {
    throw new Error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}"`);
  }
  return n;
}

/**
 * The body limit follows the ingest limit: a briefing of INGEST_MAX_BYTES travels as a JSON
 * string, where each newline and quote takes two bytes, plus the rest of the operation.
 */
export function defaultBodyBytes(ingestMaxBytes: number): number {
  return Math.ceil(ingestMaxBytes * 1.5) + 64 * 1024;
}

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const production = env.NODE_ENV === 'production';
  const introspectionSetting = env.GRAPHQL_INTROSPECTION?.trim().toLowerCase();
  // Read as BriefingImportService reads it: anything but a positive number means the default.
  const configuredIngest = Number(env.INGEST_MAX_BYTES);
  const ingestMaxBytes = Number.isFinite(configuredIngest) && configuredIngest > 0 ? configuredIngest : DEFAULT_INGEST_MAX_BYTES;
  return {
    production,
    introspection: production ? introspectionSetting === 'true' : introspectionSetting !== 'false',
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    limits: {
      depth: positiveInt(env.GRAPHQL_MAX_DEPTH, DEFAULT_LIMITS.depth, 'GRAPHQL_MAX_DEPTH'),
      aliases: positiveInt(env.GRAPHQL_MAX_ALIASES, DEFAULT_LIMITS.aliases, 'GRAPHQL_MAX_ALIASES', true),
      cost: positiveInt(env.GRAPHQL_MAX_COST, DEFAULT_LIMITS.cost, 'GRAPHQL_MAX_COST'),
      tokens: positiveInt(env.GRAPHQL_MAX_TOKENS, DEFAULT_LIMITS.tokens, 'GRAPHQL_MAX_TOKENS'),
      bodyBytes: positiveInt(env.BODY_LIMIT_BYTES, defaultBodyBytes(ingestMaxBytes), 'BODY_LIMIT_BYTES'),
      operationTimeoutMs: positiveInt(env.OPERATION_TIMEOUT_MS, DEFAULT_LIMITS.operationTimeoutMs, 'OPERATION_TIMEOUT_MS', true),
      rateLimit: positiveInt(env.RATE_LIMIT, DEFAULT_LIMITS.rateLimit, 'RATE_LIMIT', true),
      rateWindowMs: positiveInt(env.RATE_LIMIT_WINDOW_MS, DEFAULT_LIMITS.rateWindowMs, 'RATE_LIMIT_WINDOW_MS'),
    },
    sockets: {
      maxConnections: positiveInt(env.WS_MAX_CONNECTIONS, DEFAULT_SOCKET_LIMITS.maxConnections, 'WS_MAX_CONNECTIONS'),
      maxConnectionsPerAddress: positiveInt(env.WS_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_SOCKET_LIMITS.maxConnectionsPerAddress, 'WS_MAX_CONNECTIONS_PER_ADDRESS'),
      connectionInitTimeoutMs: positiveInt(env.WS_CONNECTION_INIT_TIMEOUT_MS, DEFAULT_SOCKET_LIMITS.connectionInitTimeoutMs, 'WS_CONNECTION_INIT_TIMEOUT_MS'),
      maxSubscriptionsPerToken: positiveInt(env.WS_MAX_SUBSCRIPTIONS_PER_TOKEN, DEFAULT_SOCKET_LIMITS.maxSubscriptionsPerToken, 'WS_MAX_SUBSCRIPTIONS_PER_TOKEN'),
      operationRateLimit: positiveInt(env.WS_OPERATION_RATE_LIMIT, DEFAULT_SOCKET_LIMITS.operationRateLimit, 'WS_OPERATION_RATE_LIMIT', true),
      operationRateWindowMs: positiveInt(env.WS_OPERATION_RATE_WINDOW_MS, DEFAULT_SOCKET_LIMITS.operationRateWindowMs, 'WS_OPERATION_RATE_WINDOW_MS'),
      maxQueuedEvents: positiveInt(env.WS_MAX_QUEUED_EVENTS, DEFAULT_SOCKET_LIMITS.maxQueuedEvents, 'WS_MAX_QUEUED_EVENTS'),
      maxBufferedBytes: positiveInt(env.WS_MAX_BUFFERED_BYTES, DEFAULT_SOCKET_LIMITS.maxBufferedBytes, 'WS_MAX_BUFFERED_BYTES'),
      fanOutBatch: positiveInt(env.WS_FANOUT_BATCH, DEFAULT_SOCKET_LIMITS.fanOutBatch, 'WS_FANOUT_BATCH'),
      tokenRecheckMs: positiveInt(env.WS_TOKEN_RECHECK_MS, defaultTokenRecheckMs(env), 'WS_TOKEN_RECHECK_MS'),
    },
  };
}
