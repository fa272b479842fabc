import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { tokenPrefix, bearerToken } from '../common/security/token-format';
import { loadConfig } from '../config/configuration';
import { HttpConfig, loadHttpConfig } from '../config/http.config';
import { loadSecurityConfig, SecurityConfig } from '../config/security.config';
import { logRequests, pinoOptions, requestId } from '../logging/pino-options';

/** The options every application is created with: Nest's body parser stays off (configureHttpApp parses JSON). */
export const HTTP_APP_OPTIONS = { bodyParser: false } as const;

export interface HttpAppOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * The HTTP server of the application, in one place for `npm start` (src/main.ts), the tests
 * (test/utils/create-test-app.ts) and the scripts: NestJS on Fastify, with the hardening in
 * front of every route and of GraphQL:
 * - timeouts for a request's headers and body, an idle timeout, and open connections capped
 *   in all and per remote address;
 * - overload answered at once with 503 and Retry-After (@fastify/under-pressure);
 * - security headers (@fastify/helmet) and CORS from the allow-list (@fastify/cors);
 * - requests without a well-formed bearer token rate limited per address before anything
 *   else runs (@fastify/rate-limit); requests with one are counted per token later, by the
 *   throttler guard (src/common/limits), once the token is verified;
 * - JSON bodies only, up to BODY_LIMIT_BYTES; too large or not JSON: answered here, coded;
 * - one log line per request, with its id (src/logging).
 * Creates the application on the adapter it is given (NestFactory.create or a testing module),
 * then initialises and readies it (supertest can use app.getHttpServer() without listening).
 */
export async function createHttpApp(
  create: (adapter: FastifyAdapter) => NestFastifyApplication | Promise<NestFastifyApplication>,
  { env = process.env }: HttpAppOptions = {},
): Promise<NestFastifyApplication> {
  const http = loadHttpConfig(env);
  const security = loadSecurityConfig(env);
  const app = await create(createHttpAdapter(http, security, env));
  await configureHttpApp(app, http, security);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export function createHttpAdapter(http: HttpConfig, security: SecurityConfig, env: NodeJS.ProcessEnv = process.env): FastifyAdapter {
  const options: FastifyServerOptions = {
    logger: pinoOptions(loadConfig(env).logLevel),
    // Fastify's own request lines are off: logRequests writes one line per request instead.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request: the request line carries the id itself (logRequests).
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    genReqId: requestId,
    requestIdHeader: false,
    bodyLimit: security.limits.bodyBytes,
    // The server with every timeout of src/config/http.config.ts. Node checks the header and
    // request timeouts of open connections every connectionsCheckingInterval (30 s by default).
    serverFactory: (handler) => {
      const server = createServer(
        {
          headersTimeout: http.headersTimeoutMs,
          requestTimeout: http.requestTimeoutMs,
          connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(http.headersTimeoutMs / 2))),
        },
        handler,
      );
      server.keepAliveTimeout = http.keepAliveTimeoutMs;
      server.setTimeout(http.idleTimeoutMs);
      return server;
    },
  };
  return new FastifyAdapter(options);
}

/** An error in the shape of GraphQL's, with the codes of docs/api-contract.md. */
function errorBody(message: string, extensions: Record<string, unknown>) {
  return { errors: [{ message, extensions }] };
}

/** What the JSON parser hands on when a body is not JSON: answered before any route runs. */
const NOT_JSON = Symbol('not JSON');

export async function configureHttpApp(app: NestFastifyApplication, http: HttpConfig, security: SecurityConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  limitConnections(app.getHttpServer() as Server, http);
  logRequests(fastify);

  await app.register(helmet, {
    // The API answers JSON only, so its own Content-Security-Policy forbids everything; the
    // dashboard page at / replaces it with its own (src/dashboard).
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    // The dashboard loads only same-origin files: the strictest cross-origin policies hold.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });

  // CORS for the origins of CORS_ORIGINS only; with none configured (the default) no CORS header
  // is ever sent. Tokens travel in the Authorization header, never in cookies: no credentials.
  if (security.corsOrigins.length) {
    const allowed = new Set(security.corsOrigins);
    await app.register(cors, {
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after'],
      credentials: false,
      maxAge: 600,
    });
  }

  // Overload: 503 with Retry-After before any work, while the event loop lags or the heap is
  // nearly full. /health still answers (it reports the instance, not the load).
  if (http.overloadMaxEventLoopDelayMs > 0 || http.overloadMaxHeapUsedBytes > 0) {
    // The start itself blocks the event loop (the schema is built): the delay measured over the
    // first two samples after the server is ready is not load.
    let started = false;
    fastify.addHook('onReady', (done) => {
      setTimeout(() => (started = true), 2 * http.overloadSampleIntervalMs).unref();
      done();
    });
    await app.register(underPressure, {
      maxEventLoopDelay: http.overloadMaxEventLoopDelayMs,
      maxHeapUsedBytes: http.overloadMaxHeapUsedBytes,
      sampleInterval: http.overloadSampleIntervalMs,
      retryAfter: http.overloadRetryAfterS,
      // What it returns is sent; nothing (for /health) lets the request through.
      pressureHandler: ((request: FastifyRequest, reply: FastifyReply, type: string) => {
        if (pathOf(request) === '/health' || (type === 'eventLoopDelay' && !started)) return undefined;
        void reply.code(503).header('retry-after', String(http.overloadRetryAfterS));
        return errorBody(`The server is overloaded; retry after ${http.overloadRetryAfterS} s`, {
          code: 'INTERNAL_SERVER_ERROR',
          limit: 'overload',
          reason: type,
          retryAfter: http.overloadRetryAfterS,
        });
      }) as unknown as (request: FastifyRequest, reply: FastifyReply, type: string) => void,
    });
  }

  if (http.anonymousRateLimit > 0) {
    await app.register(rateLimit, { global: false });
    const check = (fastify as unknown as { createRateLimit(options: object): (req: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }> }).createRateLimit({
      max: http.anonymousRateLimit,
      timeWindow: http.anonymousRateWindowMs,
      keyGenerator: (request: FastifyRequest) => request.ip,
    });
    const windowS = http.anonymousRateWindowMs / 1000;
    fastify.addHook('onRequest', async (request, reply) => {
      if (hasWellFormedToken(request) || pathOf(request) === '/health') return;
      const verdict = await check(request);
      if (!verdict.isExceeded) return;
      const retryAfter = Math.max(1, verdict.ttlInSeconds ?? 1);
      return reply
        .code(429)
        .header('retry-after', String(retryAfter))
        .send(
          errorBody(`Too many requests without a valid token: at most ${http.anonymousRateLimit} every ${windowS} s from one address; retry after ${retryAfter} s`, {
            code: 'FORBIDDEN',
            limit: 'rate',
            max: http.anonymousRateLimit,
            windowMs: http.anonymousRateWindowMs,
            retryAfter,
          }),
        );
    });
  }

  // A body announced larger than the limit is refused before it is read; without a well-formed
  // token the limit is far smaller (a briefing's text needs a token; floods of 3 MB anonymous
  // bodies, each parsed on the event loop, slowed everyone).
  const bodyLimit = security.limits.bodyBytes;
  const tooLarge = (max: number) => errorBody(`The request body is larger than ${max} bytes`, { code: 'BAD_USER_INPUT', fields: [], limit: 'body', max });
  fastify.addHook('onRequest', (request, reply, done) => {
    const length = request.headers['content-length'];
    const max = hasWellFormedToken(request) ? bodyLimit : Math.min(bodyLimit, http.anonymousBodyBytes);
    if (length !== undefined && Number(length) > max) {
      void reply.code(413).send(tooLarge(max));
      return;
    }
    done();
  });

  // JSON only. Any other type is not read at all: Apollo refuses it (CSRF prevention, or no query).
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = (body as string).trimStart();
    // As strict as Express's parser was: an object or an array.
    if (text[0] !== '{' && text[0] !== '[') return done(null, NOT_JSON);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, NOT_JSON);
    }
  });
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  fastify.addHook('preValidation', (request, reply, done) => {
    if (request.body === NOT_JSON) {
      void reply.code(400).send(errorBody('The request body is not valid JSON', { code: 'BAD_USER_INPUT', fields: [] }));
      return;
    }
    done();
  });
}

function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function hasWellFormedToken(request: FastifyRequest): boolean {
  const token = bearerToken(request.headers.authorization);
  return token !== null && tokenPrefix(token) !== null;
}

/**
 * Open connections capped in all (server.maxConnections: Node closes the extra ones before any
 * byte is read) and per remote address (counted here; the extra ones are destroyed at once).
 */
export function limitConnections(server: Server, http: Pick<HttpConfig, 'maxConnections' | 'maxConnectionsPerAddress'>): void {
  server.maxConnections = http.maxConnections;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > http.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
