import { PG_SEARCH_DOCUMENT, pgSearchBackfillSql, SearchTable } from '../../src/database/migrations/1764360000000-PostgresSearchDocuments';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { cpuMs } from './processes';

/**
 * The SQLite benchmark database, row for row (same ids), into a new PostgreSQL database whose
 * schema comes from the app's own migrations (run by `migrate`, e.g. the production CLI). The
 * migrated reference rows are replaced by the copied ones; secondary indexes (the full-text GIN
 * indexes among them) are dropped during the load and built again after, then ANALYZE.
 * Returns the number of rows copied.
 */
export async function copySqliteToPostgres(sqlitePath: string, serverUrl: string, database: string, migrate: (databaseUrl: string) => void): Promise<number> {
  const admin = new Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  migrate(`${serverUrl}/${database}`);

  const sqlite = new Database(sqlitePath, { readonly: true });
  const pg = new Client({ connectionString: `${serverUrl}/${database}` });
  await pg.connect();
  let copied = 0;
  try {
    await pg.query(`SET TIME ZONE 'UTC'`);
    const tables = (
      await pg.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations'`)
    ).rows.map((r) => r.table_name);
    const indexes = (
      await pg.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
      )
    ).rows;
    await pg.query(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
    for (const index of indexes) await pg.query(`DROP INDEX "${index.indexname}"`);
    // Rows go in table by table, foreign keys unchecked while loading (the source already satisfies them).
    await pg.query(`SET session_replication_role = replica`);
    for (const table of tables) {
      const pgColumns = new Map(
        (
          await pg.query<{ column_name: string; data_type: string }>(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`, [table])
        ).rows.map((r) => [r.column_name, r.data_type]),
      );
      const columns = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name).filter((c) => pgColumns.has(c));
      if (!columns.length) continue;
      const convert = columns.map((c) => {
        const type = pgColumns.get(c)!;
        if (type === 'boolean') return (v: unknown) => (v === null ? null : Boolean(v));
        // SQLite keeps instants as UTC text without a zone.
        if (type.startsWith('timestamp')) return (v: unknown) => (v === null ? null : `${v}+00`);
        return (v: unknown) => v;
      });
      const batch = Math.max(1, Math.min(2000, Math.floor(60_000 / columns.length)));
      const insert = (rows: unknown[][]) => {
        const values: unknown[] = [];
        const tuples = rows.map((row) => `(${row.map((v, i) => (values.push(convert[i](v)), `$${values.length}`)).join(', ')})`);
        return pg.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, values);
      };
      let rows: unknown[][] = [];
      for (const row of sqlite.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).raw().iterate() as Iterable<unknown[]>) {
        rows.push(row);
        if (rows.length === batch) {
          await insert(rows);
          copied += rows.length;
          rows = [];
        }
      }
      if (rows.length) {
        await insert(rows);
        copied += rows.length;
      }
      if (pgColumns.get('id') === 'integer') {
        await pg.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST(1, (SELECT COALESCE(MAX(id), 0) FROM "${table}")))`).catch(() => undefined);
      }
    }
    // PostgreSQL-only tables that triggers fill (the search documents): made from the copied rows.
    for (const table of Object.keys(PG_SEARCH_DOCUMENT) as SearchTable[]) await pg.query(pgSearchBackfillSql(table));
    await pg.query(`SET session_replication_role = origin`);
    for (const index of indexes) await pg.query(index.indexdef);
    await pg.query('ANALYZE');
  } finally {
    sqlite.close();
    await pg.end();
  }
  return copied;
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

let monitor: Client | null = null;

/** CPU time (ms) of the PostgreSQL backends serving a database, read from /proc (the server runs on this machine). */
export async function postgresBackendsCpuMs(serverUrl: string, database: string): Promise<number> {
  if (!monitor) {
    monitor = new Client({ connectionString: `${serverUrl}/postgres` });
    await monitor.connect();
  }
  const { rows } = await monitor.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
  let total = 0;
  for (const { pid } of rows) {
    try {
      total += cpuMs(pid);
    } catch {
      /* ended meanwhile */
    }
  }
  return total;
}

export async function closeMonitor(): Promise<void> {
  await monitor?.end();
  monitor = null;
}
