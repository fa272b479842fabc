import type Database from 'better-sqlite3';
import { AppConfig } from '../config/configuration';

export type BetterSqlite3Database = Database.Database;

/**
 * The per-connection durability settings, applied to every connection the app, the CLI and
 * the backup/restore commands open. (journal_mode=WAL is set by TypeORM's enableWAL, and is
 * stored in the file itself.)
 */
export function applySqlitePragmas(db: BetterSqlite3Database, config: Pick<AppConfig, 'sqliteSynchronous' | 'sqliteBusyTimeoutMs'>): void {
  db.pragma(`busy_timeout = ${config.sqliteBusyTimeoutMs}`);
  db.pragma(`synchronous = ${config.sqliteSynchronous}`);
}

/** What a connection is actually running with, as SQLite reports it. */
export function sqlitePragmasOf(db: BetterSqlite3Database): { journalMode: string; synchronous: number; busyTimeoutMs: number } {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
  };
}
