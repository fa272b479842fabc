import { DEFAULT_LIMITS, DEFAULT_SOCKET_LIMITS, defaultBodyBytes, loadSecurityConfig } from './security.config';

describe('loadSecurityConfig', () => {
  it('has the documented defaults', () => {
    const config = loadSecurityConfig({});
    expect(config).toEqual({
      production: false,
      introspection: true,
      corsOrigins: [],
      limits: { ...DEFAULT_LIMITS, bodyBytes: defaultBodyBytes(2 * 1024 * 1024) },
      sockets: { ...DEFAULT_SOCKET_LIMITS, tokenRecheckMs: 30_000 },
    });
    expect(config.limits.bodyBytes).toBe(3_211_264);
  });

  it('turns introspection off in production unless GRAPHQL_INTROSPECTION=true', () => {
    expect(loadSecurityConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadSecurityConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadSecurityConfig({ GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe(false);
  });

  it('reads the CORS allow-list and every limit from the environment', () => {
    const config = loadSecurityConfig({
      CORS_ORIGINS: ' https://a.example.org, https://b.example.org/ ,',
      GRAPHQL_MAX_DEPTH: '5',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_COST: '100',
      GRAPHQL_MAX_TOKENS: '50',
      INGEST_MAX_BYTES: '1000',
      OPERATION_TIMEOUT_MS: '0',
      RATE_LIMIT: '10',
      RATE_LIMIT_WINDOW_MS: '1000',
    });
    expect(config.corsOrigins).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.limits).toEqual({ depth: 5, aliases: 0, cost: 100, tokens: 50, bodyBytes: 1500 + 65536, operationTimeoutMs: 0, rateLimit: 10, rateWindowMs: 1000 });
    expect(loadSecurityConfig({ BODY_LIMIT_BYTES: '4096' }).limits.bodyBytes).toBe(4096);
  });

  it('reads the websocket limits, the token re-check following AUTH_CACHE_TTL_MS', () => {
    const config = loadSecurityConfig({
      WS_MAX_CONNECTIONS: '10',
      WS_MAX_CONNECTIONS_PER_ADDRESS: '2',
      WS_CONNECTION_INIT_TIMEOUT_MS: '500',
      WS_MAX_SUBSCRIPTIONS_PER_TOKEN: '3',
      WS_OPERATION_RATE_LIMIT: '0',
      WS_OPERATION_RATE_WINDOW_MS: '1000',
      WS_MAX_QUEUED_EVENTS: '4',
      WS_MAX_BUFFERED_BYTES: '1024',
      WS_FANOUT_BATCH: '5',
    });
    expect(config.sockets).toEqual({
      maxConnections: 10,
      maxConnectionsPerAddress: 2,
      connectionInitTimeoutMs: 500,
      maxSubscriptionsPerToken: 3,
      operationRateLimit: 0,
      operationRateWindowMs: 1000,
      maxQueuedEvents: 4,
      maxBufferedBytes: 1024,
      fanOutBatch: 5,
      tokenRecheckMs: 30_000,
    });
    expect(loadSecurityConfig({ AUTH_CACHE_TTL_MS: '5000' }).sockets.tokenRecheckMs).toBe(5000);
    expect(loadSecurityConfig({ AUTH_CACHE_TTL_MS: '200' }).sockets.tokenRecheckMs).toBe(1000);
    expect(loadSecurityConfig({ AUTH_CACHE_TTL_MS: '0' }).sockets.tokenRecheckMs).toBe(30_000);
    expect(loadSecurityConfig({ AUTH_CACHE_TTL_MS: '0', WS_TOKEN_RECHECK_MS: '2000' }).sockets.tokenRecheckMs).toBe(2000);
    expect(() => loadSecurityConfig({ WS_MAX_CONNECTIONS: '0' })).toThrow('WS_MAX_CONNECTIONS must be a positive integer');
  });

  it('refuses a limit that is not a number', () => {
    expect(() => loadSecurityConfig({ GRAPHQL_MAX_DEPTH: 'deep' })).toThrow('GRAPHQL_MAX_DEPTH must be a positive integer');
    expect(() => loadSecurityConfig({ GRAPHQL_MAX_COST: '0' })).toThrow('GRAPHQL_MAX_COST');
  });
});
