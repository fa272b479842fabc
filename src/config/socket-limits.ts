/** The graphql-ws bounds (docs/operations.md, "Limits"); read by loadSecurityConfig. No imports: EventsService reads the defaults too. */
export interface SocketLimits {
  /** Open websocket connections in all (further upgrades: HTTP 503). */
  maxConnections: number;
  /** Open websocket connections per remote address (further upgrades: HTTP 429). */
  maxConnectionsPerAddress: number;
  /** Time a new socket has to send connection_init with a valid token (graphql-ws closes it with 4408 after). */
  connectionInitTimeoutMs: number;
  /** Live subscriptions of one token at once, over all its sockets on this instance. */
  maxSubscriptionsPerToken: number;
  /** Operations (subscribe messages) per token, else per address, in one window; 0: no limit. */
  operationRateLimit: number;
  operationRateWindowMs: number;
  /** Events waiting for one subscription; past it the consumer is too slow and its socket is closed (4413). */
  maxQueuedEvents: number;
  /** Bytes waiting to be written to one socket; past it the socket is closed (4413). */
  maxBufferedBytes: number;
  /** Subscribers handed one event before the fan-out yields to the event loop. */
  fanOutBatch: number;
  /** How often each socket's token is verified again (revoked or expired: closed, 4403); default the AUTH_CACHE_TTL_MS (else 30 s). */
  tokenRecheckMs: number;
}

export const DEFAULT_SOCKET_LIMITS = {
  maxConnections: 2_000,
  maxConnectionsPerAddress: 20,
  connectionInitTimeoutMs: 2_000,
  maxSubscriptionsPerToken: 50,
  operationRateLimit: 120,
  operationRateWindowMs: 60_000,
  maxQueuedEvents: 500,
  maxBufferedBytes: 4 * 1024 * 1024,
  fanOutBatch: 50,
} as const;
