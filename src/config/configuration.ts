import { join } from 'node:path';

export type DatabaseDriver = 'better-sqlite3' | 'postgres';

/** SQLite's `synchronous` levels a deployment may choose (https://sqlite.org/pragma.html#pragma_synchronous). */
export const SQLITE_SYNCHRONOUS_LEVELS = ['EXTRA', 'FULL', 'NORMAL', 'OFF'] as const;
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS_LEVELS)[number];

export interface AppConfig {
  port: number;
  logLevel: string;
  databaseUrl: string | null;
  /** PostgreSQL schema (default: the server's search_path, normally public). */
  databaseSchema: string | null;
  driver: DatabaseDriver;
  sqlitePath: string;
  /** FULL by default: a commit is on disk (the WAL fsynced) before it is reported done. */
  sqliteSynchronous: SqliteSynchronous;
  /** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
  sqliteBusyTimeoutMs: number;
  demoData: boolean;
  nodeEnv: string;
  /** Worker threads that run the heavy reads on SQLite (search, history reads); 0: they run on the main connection. */
  readPoolSize: number;
  /** An export whose reader takes nothing for this long is dropped (its socket closed); 0: never. */
  exportIdleTimeoutMs: number;
  /** Exports one token may have running at once; one more is refused (FORBIDDEN, limit 'exports'). */
  exportMaxConcurrentPerToken: number;
}

/** Everything the service reads from its environment, in one place (documented in the README). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  return {
    port: Number(env.PORT ?? 3000),
    logLevel: env.LOG_LEVEL ?? 'info',
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA?.trim() || null,
    driver: databaseDriverOf(databaseUrl),
    sqlitePath: sqlitePathOf(databaseUrl),
    sqliteSynchronous: sqliteSynchronousOf(env.SQLITE_SYNCHRONOUS),
    sqliteBusyTimeoutMs: busyTimeoutOf(env.SQLITE_BUSY_TIMEOUT_MS),
    demoData: (env.DEMO_DATA ?? 'true').toLowerCase() !== 'false',
    nodeEnv: env.NODE_ENV ?? 'development',
    readPoolSize: readPoolSizeOf(env.READ_POOL_SIZE),
    exportIdleTimeoutMs: exportIdleTimeoutOf(env.EXPORT_IDLE_TIMEOUT_MS),
    exportMaxConcurrentPerToken: exportsPerTokenOf(env.EXPORT_MAX_CONCURRENT_PER_TOKEN),
  };
}

export function databaseDriverOf(databaseUrl: string | null): DatabaseDriver {
  return databaseUrl && /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgres' : 'better-sqlite3';
}

/** `sqlite:<path>` / `file:<path>` / a bare path select a SQLite file; absent: ./data/tracker.sqlite. */
function sqlitePathOf(databaseUrl: string | null): string {
  if (!databaseUrl || databaseDriverOf(databaseUrl) === 'postgres') {
    return join(process.cwd(), 'data', 'tracker.sqlite');
  }
  return databaseUrl.replace(/^(sqlite|file):(\/\/)?/i, '');
}

/** A durability setting is not guessed: an unknown value stops the start with a clear message. */
function sqliteSynchronousOf(value: string | undefined): SqliteSynchronous {
  const level = (value?.trim() || 'FULL').toUpperCase();
  if (!(SQLITE_SYNCHRONOUS_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`SQLITE_SYNCHRONOUS must be one of ${SQLITE_SYNCHRONOUS_LEVELS.join(', ')}; got "${value}"`);
  }
  return level as SqliteSynchronous;
}

function busyTimeoutOf(value: string | undefined): number {
  if (!value?.trim()) return 5000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 2_147_483_647) {
    throw new Error(`SQLITE_BUSY_TIMEOUT_MS must be a whole number of milliseconds (0 or more); got "${value}"`);
  }
  return ms;
}

/** Two by default (this machine's cores); 0 turns the pool off. */
function readPoolSizeOf(value: string | undefined): number {
  if (!value?.trim()) return 2;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`READ_POOL_SIZE must be a whole number from 0 to 64; got "${value}"`);
  return n;
}

/** 30 s by default. */
function exportsPerTokenOf(value: string | undefined): number {
  if (!value?.trim()) return 2;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`EXPORT_MAX_CONCURRENT_PER_TOKEN must be a whole number, 1 or more; got "${value}"`);
  return n;
}

function exportIdleTimeoutOf(value: string | undefined): number {
  if (!value?.trim()) return 30_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > 2_147_483_647) throw new Error(`EXPORT_IDLE_TIMEOUT_MS must be a whole number of milliseconds (0 or more); got "${value}"`);
  return ms;
}
