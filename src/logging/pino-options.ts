import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Options } from 'pino-http';

/** LOG_LEVEL (error, warn, info, debug, verbose) as pino names it. */
export function pinoLevel(logLevel: string): string {
  const level = logLevel.trim().toLowerCase();
  if (level === 'verbose') return 'trace';
  if (level === 'log') return 'info';
  return ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level) ? level : 'info';
}

/** A client's own X-Request-Id is kept when it looks like an id; anything else gets a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

type Req = IncomingMessage & { id?: string | number; body?: { operationName?: unknown } };

/**
 * One JSON line per request (pino-http) and JSON lines for everything the application logs,
 * each request's carrying its id (also sent back as X-Request-Id). What a line may hold is a
 * list, not a guess: method, path (no query string: GET /graphql carries variables there),
 * status, time, the GraphQL operation's name. Never headers (the Authorization token),
 * bodies or variables (briefing texts), nor graphql-ws connection parameters (never reach
 * the HTTP log at all). The redaction paths are a second line of defence.
 */
export function pinoHttpOptions(logLevel: string): Options<Req, ServerResponse> {
  return {
    level: pinoLevel(logLevel),
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    quietReqLogger: true,
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: (req.url ?? '').split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: {
      paths: ['req.headers', 'req.query', 'req.body', 'req.raw', 'res.headers', 'res.raw', 'connectionParams', 'variables'],
      remove: true,
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessObject: (req, _res, value) => {
      const name = req.body?.operationName;
      return typeof name === 'string' && OPERATION_NAME.test(name) ? { ...value, operationName: name } : value;
    },
    // Probes every few seconds would drown the log.
    autoLogging: { ignore: (req) => (req.url ?? '').split('?')[0] === '/health' },
  };
}
