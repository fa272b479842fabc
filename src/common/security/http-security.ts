import cors from 'cors';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { SecurityConfig } from '../../config/security.config';

/** An error answered in the shape of GraphQL's, with the codes of design/API.md. */
function sendError(res: Response, status: number, message: string, extensions: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', fields: [], ...extensions } }] });
}

/**
 * JSON bodies up to the body limit (which leaves room for a briefing of INGEST_MAX_BYTES in
 * a JSON string). Nothing else is parsed: the API takes JSON only. A body too large or not
 * JSON is answered here, coded, with no parser message or stack in it.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type, status } = error as { type?: string; status?: number };
      if (type === 'entity.too.large') {
        sendError(res, 413, `The request body is larger than ${limitBytes} bytes`, { limit: 'body', max: limitBytes });
      } else if (type === 'entity.parse.failed') {
        sendError(res, 400, 'The request body is not valid JSON');
      } else {
        sendError(res, status && status >= 400 && status < 500 ? status : 400, 'The request body could not be read');
      }
    });
  };
}

/**
 * Security headers on every response (helmet). The API answers JSON only, so its own
 * Content-Security-Policy forbids everything; the dashboard page at / replaces it with its
 * own, which allows this origin's scripts, styles, fonts and WebSocket (src/dashboard).
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    // The dashboard loads only same-origin files: the strictest cross-origin policies hold.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/**
 * CORS for the origins of CORS_ORIGINS only; with none configured (the default) no CORS
 * header is ever sent, so browsers keep other sites' pages from reading the API. Tokens
 * travel in the Authorization header, never in cookies: no credentials.
 */
export function corsFor(config: Pick<SecurityConfig, 'corsOrigins'>): RequestHandler | null {
  if (!config.corsOrigins.length) return null;
  const allowed = new Set(config.corsOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  });
}
