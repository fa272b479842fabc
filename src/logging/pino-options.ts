import type { LoggerService } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger, LoggerOptions } from 'pino';

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

/** Fastify's genReqId: the request's id, also sent back as X-Request-Id (see logRequests). */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The pino options of Fastify's logger: JSON lines for each request and for everything the
 * application logs. The redaction paths are a second line of defence: no line is ever given
 * headers (the Authorization token), bodies or variables (briefing texts), nor graphql-ws
 * connection parameters.
 */
export function pinoOptions(logLevel: string): LoggerOptions {
  return {
    level: pinoLevel(logLevel),
    // The request line's own `req` and `res` (logRequests), not Fastify's serializers of the objects.
    serializers: { req: (req: unknown) => req, res: (res: unknown) => res },
    redact: {
      paths: ['req.headers', 'req.query', 'req.body', 'req.raw', 'res.headers', 'res.raw', 'connectionParams', 'variables'],
      remove: true,
    },
  };
}

/** A request's log line is an error only when the server failed (5xx); a refused request (4xx) is a warning. */
export const requestLogLevel = (status: number): 'error' | 'warn' | 'info' => (status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info');

/**
 * One JSON line per request, written as its response finishes (Fastify's own request logging
 * is off, and no child logger is made per request). What a line may hold is a list, not a
 * guess: the id, method, path (no query string: GET /graphql carries variables there), status,
 * time, the GraphQL operation's name. /health is not logged: probes every few seconds would
 * drown the log.
 */
export function logRequests(fastify: FastifyInstance): void {
  const log = fastify.log as unknown as Logger;
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const path = request.url.split('?')[0];
    if (path !== '/health') {
      const status = reply.statusCode;
      const level = requestLogLevel(status);
      if (log.isLevelEnabled(level)) {
        const name = (request.body as { operationName?: unknown } | undefined)?.operationName;
        const line: Record<string, unknown> = {
          reqId: request.id,
          req: { id: request.id, method: request.method, path },
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime * 1000) / 1000,
        };
        if (typeof name === 'string' && OPERATION_NAME.test(name)) line.operationName = name;
        log[level](line, 'request completed');
      }
    }
    done();
  });
}

/** Nest's logger on the same pino instance: the application's lines are JSON too, with their context. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const stack = level === 'error' || level === 'fatal' ? params.find((p, i) => typeof p === 'string' && i < params.length - 1) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stack) fields.stack = stack;
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...fields, ...(message as object) });
    else this.pino[level](fields, String(message));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }
}
