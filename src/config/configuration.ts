import { join } from 'node:path';

export type DatabaseDriver = 'better-sqlite3' | 'postgres';

export interface AppConfig {
  port: number;
  logLevel: string;
  databaseUrl: string | null;
  /** PostgreSQL schema (default: the server's search_path, normally public). */
  databaseSchema: string | null;
  driver: DatabaseDriver;
  sqlitePath: string;
  demoData: boolean;
  nodeEnv: string;
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
    demoData: (env.DEMO_DATA ?? 'true').toLowerCase() !== 'false',
    nodeEnv: env.NODE_ENV ?? 'development',
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
