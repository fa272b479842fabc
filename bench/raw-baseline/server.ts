import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { COMMITMENTS_PAGE, SEARCH_STATEMENTS, TOPIC_PROGRESS } from '../http/operations';
import { CommitmentsPageArgs, SearchArgs, STATUSES, Store } from './store';

/**
 * The raw baseline (issue 7): the physical reference for the read path, not a product. A plain
 * node:http server that answers the three operations of bench/http/operations.ts (recognised by
 * their exact query text, POST /graphql as for the API) with the same bytes as the GraphQL API,
 * straight from prepared statements. Like the API it needs `Authorization: Bearer <token>`:
 * one indexed lookup, then the token is kept in memory for 30 s (the hash is still compared on
 * every request, as the API does).
 *
 *   DATABASE_URL=sqlite:<file>|postgres://... PORT=0 node raw-baseline/server.js
 * prints `listening on <port>` once it answers.
 */

const TOKEN = /^bt_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 30_000;

type Handler = (variables: Record<string, unknown>) => Promise<unknown | null>;

/** A request the baseline does not serve exactly like the API: it says so instead of guessing. */
class Refused extends Error {}

const optionalString = (v: unknown, name: string): string | null => {
  if (v == null) return null;
  if (typeof v !== 'string') throw new Refused(`${name} must be a string`);
  return v;
};
const id = (v: unknown, name: string): number => {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || !/^\d{1,15}$/.test(s)) throw new Refused(`${name} must be an id`);
  return Number(s);
};
const first = (v: unknown, fallback: number): number => {
  if (v == null) return fallback;
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 100) throw new Refused('first must be 0..100');
  return v as number;
};
/** The API's keyset cursors: base64url JSON arrays of strings and numbers. */
function cursor(v: unknown, arity: number): (string | number)[] | null {
  const text = optionalString(v, 'after');
  if (text === null || text === '') return null;
  try {
    const values = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every((x) => typeof x === 'string' || typeof x === 'number')) return values;
  } catch {
    /* refused below */
  }
  throw new Refused('after is not a cursor');
}

function handlers(store: Store): Map<string, Handler> {
  return new Map<string, Handler>([
    [
      COMMITMENTS_PAGE,
      (v) => {
        let status: string[] | null = null;
        if (v.status != null) {
          const list = Array.isArray(v.status) ? v.status : [v.status];
          if (list.length > 8 || !list.every((s) => STATUSES.includes(s))) throw new Refused('status');
          status = list.length ? [...list] : null;
        }
        const after = cursor(v.after, 2);
        if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'number')) throw new Refused('after');
        const args: CommitmentsPageArgs = { topic: id(v.topic, 'topic'), status, first: first(v.first, 50), after: after as [string, number] | null };
        return store.commitmentsPage(args);
      },
    ],
    [TOPIC_PROGRESS, (v) => store.topicProgress(id(v.id, 'id'))],
    [
      SEARCH_STATEMENTS,
      (v) => {
        if (typeof v.text !== 'string') throw new Refused('text');
        const after = cursor(v.after, 3);
        if (after && !(Number.isSafeInteger(after[0]) && Number.isSafeInteger(after[1]) && ['STATEMENT', 'COMMITMENT'].includes(after[2] as string))) {
          throw new Refused('after');
        }
        const args: SearchArgs = { text: v.text, first: 20, after: after as [number, number, string] | null };
        return store.searchStatements(args);
      },
    ],
  ]);
}

interface CachedToken {
  hash: Buffer;
  expiresAt: number | null;
  cachedAt: number;
}

export function createRawBaseline(store: Store): Server {
  const operations = handlers(store);
  const tokens = new Map<string, CachedToken>();

  async function authorised(header: string | undefined): Promise<boolean> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    const prefix = bearer ? TOKEN.exec(bearer)?.[1] : undefined;
    if (!bearer || !prefix) return false;
    const now = Date.now();
    let cached = tokens.get(prefix);
    if (!cached || now - cached.cachedAt >= CACHE_MS) {
      tokens.delete(prefix);
      const row = await store.token(prefix);
      if (!row || row.revoked) return false;
      cached = { hash: Buffer.from(row.hash, 'hex'), expiresAt: row.expiresAt, cachedAt: now };
      tokens.set(prefix, cached);
    }
    const presented = createHash('sha256').update(bearer).digest();
    if (presented.length !== cached.hash.length || !timingSafeEqual(presented, cached.hash)) return false;
    return cached.expiresAt === null || cached.expiresAt > now;
  }

  const send = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const fail = (res: ServerResponse, status: number, message: string) => send(res, status, `${JSON.stringify({ errors: [{ message }] })}\n`);

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    if (!(await authorised(req.headers.authorization))) return fail(res, 401, 'UNAUTHENTICATED');
    let request: { query?: unknown; variables?: unknown };
    try {
      request = JSON.parse(raw);
    } catch {
      return fail(res, 400, 'not JSON');
    }
    const operation = typeof request.query === 'string' ? operations.get(request.query) : undefined;
    if (!operation) return fail(res, 400, 'not one of the operations of bench/http/operations.ts');
    try {
      const data = await operation((request.variables as Record<string, unknown>) ?? {});
      if (data === null) return fail(res, 400, 'BAD_USER_INPUT');
      // Apollo's bytes: compact JSON and a newline.
      send(res, 200, `${JSON.stringify({ data })}\n`);
    } catch (error) {
      if (error instanceof Refused) return fail(res, 400, error.message);
      throw error;
    }
  }

  return createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/graphql') return fail(res, 404, 'POST /graphql');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error) => {
        console.error(error);
        if (!res.headersSent) fail(res, 500, 'INTERNAL_SERVER_ERROR');
      });
    });
  });
}

/** The store for a DATABASE_URL: sqlite:<file> (or a path), or postgres://... (DATABASE_SCHEMA as for the API). */
export async function openStore(databaseUrl: string, schema = process.env.DATABASE_SCHEMA): Promise<Store> {
  // Loaded on demand: a SQLite run needs no pg, a PostgreSQL one no better-sqlite3.
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return (require('./postgres') as typeof import('./postgres')).postgresStore(databaseUrl, schema || undefined);
  return (require('./sqlite') as typeof import('./sqlite')).sqliteStore(databaseUrl.replace(/^(sqlite|file):(\/\/)?/i, ''));
}

/** Starts on 127.0.0.1 (PORT, default any free one); resolves with the server and its port. */
export async function startRawBaseline(databaseUrl: string, port = 0): Promise<{ server: Server; port: number; store: Store }> {
  const store = await openStore(databaseUrl);
  const server = createRawBaseline(store);
  server.on('close', () => void store.close());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, store };
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL=sqlite:<file> or postgres://... is required');
    process.exit(2);
  }
  startRawBaseline(url, Number(process.env.PORT ?? 0)).then(
    ({ port }) => console.log(`listening on ${port}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
