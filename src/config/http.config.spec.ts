import { getHeapStatistics } from 'node:v8';
import { DEFAULT_HTTP, loadHttpConfig } from './http.config';

describe('loadHttpConfig', () => {
  it('has production defaults: timeouts in seconds, connection caps, the anonymous rate, load shedding at 90 % of the heap', () => {
    expect(loadHttpConfig({})).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 15_000,
      idleTimeoutMs: 60_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: DEFAULT_HTTP.maxConnections,
      maxConnectionsPerAddress: DEFAULT_HTTP.maxConnectionsPerAddress,
      anonymousRateLimit: 120,
      anonymousRateWindowMs: 60_000,
      anonymousBodyBytes: 65_536,
      overloadMaxEventLoopDelayMs: 1_000,
      overloadMaxHeapUsedBytes: Math.round(getHeapStatistics().heap_size_limit * 0.9),
      overloadSampleIntervalMs: 1_000,
      overloadRetryAfterS: 10,
    });
  });

  it('reads the environment (fractions of seconds allowed), keeps the headers within the request time, and refuses nonsense', () => {
    const config = loadHttpConfig({ HTTP_HEADERS_TIMEOUT_S: '20', HTTP_REQUEST_TIMEOUT_S: '2.5', ANONYMOUS_RATE_LIMIT: '0', OVERLOAD_MAX_HEAP_USED_MB: '64', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' });
    expect(config).toMatchObject({ headersTimeoutMs: 2_500, requestTimeoutMs: 2_500, anonymousRateLimit: 0, overloadMaxHeapUsedBytes: 64 * 1024 * 1024, overloadMaxEventLoopDelayMs: 0 });
    expect(() => loadHttpConfig({ HTTP_REQUEST_TIMEOUT_S: '0' })).toThrow('HTTP_REQUEST_TIMEOUT_S must be a positive number');
    expect(() => loadHttpConfig({ HTTP_MAX_CONNECTIONS: '1.5' })).toThrow('HTTP_MAX_CONNECTIONS must be a positive integer');
    expect(() => loadHttpConfig({ ANONYMOUS_RATE_LIMIT: 'lots' })).toThrow('ANONYMOUS_RATE_LIMIT');
  });
});
