import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, openSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MIGRATIONS } from './migrations';

/**
 * SQLite backup and restore, for `npm run cli -- backup|restore` (README, "Backup and restore").
 * No Nest and no TypeORM here: plain better-sqlite3 connections of their own, so a backup can
 * run beside a live server and a restore never starts the app on the file it is replacing.
 */

/** What a file holds, when it is a tracker database. */
export interface DatabaseReport {
  path: string;
  bytes: number;
  /** Migrations recorded in the file, in the order they ran. */
  migrations: string[];
  /** Recorded migrations this build does not know: the file was made by a newer version. */
  unknownMigrations: string[];
  /** Migrations of this build the file lacks: they run when the server next starts on it. */
  pendingMigrations: string[];
  briefings: number;
  statements: number;
  commitments: number;
}

export interface BackupResult extends DatabaseReport {
  pages: number;
  ms: number;
}

export interface RestoreResult extends DatabaseReport {
  /** Where the database that was replaced now is (a hard link or copy), if there was one. */
  replacedKeptAt: string | null;
}

/** A refusal the CLI prints as is (exit code 1): nothing was written. */
export class BackupRefused extends Error {}

const knownMigrations = (): string[] => MIGRATIONS.map((M) => new M().name ?? M.name);

/**
 * Everything checked before a file is trusted as a tracker database: SQLite can open it,
 * `PRAGMA integrity_check` says ok, it has TypeORM's migrations table, and no migration in it
 * is unknown to this build.
 */
export function inspectTrackerDatabase(path: string, options: { integrity?: boolean } = {}): DatabaseReport {
  if (!existsSync(path)) throw new BackupRefused(`${path}: no such file`);
  if (!statSync(path).isFile()) throw new BackupRefused(`${path}: not a file`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5000 });
  } catch (error) {
    throw new BackupRefused(`${path}: cannot be opened as an SQLite database (${messageOf(error)})`);
  }
  try {
    let problems = ['ok'];
    try {
      // Also what makes SQLite read the header: a file that is not a database fails here.
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
      if (options.integrity !== false) problems = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (error) {
      throw new BackupRefused(`${path}: not a valid SQLite database (${messageOf(error)})`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new BackupRefused(`${path}: integrity_check failed: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
    }
    const hasTable = (name: string) => Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name));
    if (!hasTable('migrations')) throw new BackupRefused(`${path}: an SQLite database, but not a tracker database (no migrations table)`);
    const migrations = (db.prepare('SELECT name FROM migrations ORDER BY id').all() as { name: string }[]).map((r) => r.name);
    const known = knownMigrations();
    const count = (table: string) => (hasTable(table) ? (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n : 0);
    return {
      path,
      bytes: statSync(path).size,
      migrations,
      unknownMigrations: migrations.filter((m) => !known.includes(m)),
      pendingMigrations: known.filter((m) => !migrations.includes(m)),
      briefings: count('briefing'),
      statements: count('statement'),
      commitments: count('commitment'),
    };
  } finally {
    db.close();
  }
}

/**
 * SQLite's online backup of the database at `source` into a new file `destination`.
 * The copy is made in one step, i.e. inside one read transaction: a consistent snapshot of the
 * last committed state, which in WAL mode never blocks the server's writes (they go on into the
 * WAL meanwhile). It is written beside the destination under a temporary name, checked, made
 * a standalone file (journal_mode=DELETE, no -wal beside it), fsynced and renamed into place,
 * so `destination` is either the complete, checked backup or untouched.
 */
export async function backupSqliteDatabase(source: string, destination: string, options: { overwrite?: boolean } = {}): Promise<BackupResult> {
  const started = performance.now();
  inspectSource(source);
  destination = resolve(destination);
  if (existsSync(destination) && !options.overwrite) throw new BackupRefused(`${destination} exists; choose a new file name or pass --force to replace it`);
  if (!existsSync(dirname(destination))) throw new BackupRefused(`${dirname(destination)}: no such folder`);
  if (existsSync(destination) && sameFile(source, destination)) throw new BackupRefused('the backup file cannot be the database itself');

  const temp = join(dirname(destination), `.${basename(destination)}.partial-${process.pid}`);
  try {
    const pages = await copyDatabase(source, temp);
    const report = finishCopy(temp);
    renameSync(temp, destination);
    fsyncFolder(dirname(destination));
    return { ...report, path: destination, pages, ms: performance.now() - started };
  } finally {
    removeDatabaseFiles(temp);
  }
}

/**
 * Replaces the database at `target` (the configured DATABASE_URL file) with a copy of the
 * backup at `source`, for a stopped server:
 * - the backup must pass inspectTrackerDatabase (else nothing is touched);
 * - an existing target is replaced only when `replace` is set (the CLI's --force); it must not be
 *   in use: SQLite refuses to leave WAL mode while another connection (a running server) has the
 *   file open, which is how a running server is detected. Leaving WAL mode also folds the
 *   target's -wal into it, so no stale WAL can be replayed onto the restored file. The replaced
 *   database is kept beside it as `<target>.replaced-<time>`;
 * - the copy is written beside the target under a temporary name, checked, fsynced and renamed
 *   over it in one step: at every moment the target is the old database or the restored one.
 */
export async function restoreSqliteDatabase(source: string, target: string, options: { replace?: boolean } = {}): Promise<RestoreResult> {
  if (target === ':memory:') throw new BackupRefused('DATABASE_URL names an in-memory database: there is nothing to restore into');
  source = resolve(source);
  target = resolve(target);
  const report = inspectTrackerDatabase(source);
  if (report.unknownMigrations.length) {
    throw new BackupRefused(`${source} was made by a newer version of the tracker (migrations unknown here: ${report.unknownMigrations.join(', ')}); upgrade before restoring it`);
  }
  if (existsSync(target) && sameFile(source, target)) throw new BackupRefused('the backup is the configured database itself');
  if (!existsSync(dirname(target))) throw new BackupRefused(`${dirname(target)}: no such folder`);

  let lock: Database.Database | null = null;
  let replacedKeptAt: string | null = null;
  const temp = join(dirname(target), `.${basename(target)}.restore-${process.pid}`);
  try {
    if (existsSync(target)) {
      if (!options.replace) {
        throw new BackupRefused(`${target} exists (${describeExisting(target)}); stop the server and pass --force to replace it (the current file is kept beside it)`);
      }
      lock = lockForReplacement(target);
    }
    await copyDatabase(source, temp);
    const restored = finishCopy(temp);
    if (existsSync(target)) {
      replacedKeptAt = `${target}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      keepCopy(target, replacedKeptAt);
    }
    renameSync(temp, target);
    fsyncFolder(dirname(target));
    return { ...restored, path: target, replacedKeptAt };
  } finally {
    lock?.close();
    removeDatabaseFiles(temp);
  }
}

/** The live database: a tracker database? (Its full check is made on the copy, not twice.) */
function inspectSource(source: string): void {
  if (!existsSync(source)) throw new BackupRefused(`${source}: no database there (check DATABASE_URL)`);
  inspectTrackerDatabase(source, { integrity: false });
}

/** The whole database in one backup step (one read transaction): see backupSqliteDatabase. */
async function copyDatabase(source: string, destination: string): Promise<number> {
  removeDatabaseFiles(destination);
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    // better-sqlite3 steps 0 pages first (to learn the total), then as many as the callback says.
    const progress = await db.backup(destination, { progress: () => 0x7fffffff });
    return progress.totalPages;
  } finally {
    db.close();
  }
}

/** The copy checked again where it landed, made a standalone file and flushed to disk. */
function finishCopy(path: string): DatabaseReport {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  const report = inspectTrackerDatabase(path);
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return report;
}

/**
 * A connection that holds the target exclusively until closed, or a refusal if anything else
 * has it open. A file SQLite cannot read at all (the corrupt database a restore is meant to
 * replace) cannot be checked for other users: the README says to stop the server first.
 */
function lockForReplacement(target: string): Database.Database | null {
  let db: Database.Database;
  try {
    db = new Database(target, { fileMustExist: true, timeout: 1000 });
  } catch {
    return null;
  }
  try {
    // Fails with SQLITE_BUSY while another connection has the file open in WAL mode.
    db.pragma('journal_mode = DELETE');
    // EXCLUSIVE mode keeps the shared lock of this read until close: nobody can write to the
    // old file (or take it back to WAL mode) meanwhile. A read writes no journal file either.
    db.pragma('locking_mode = EXCLUSIVE');
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    if (/SQLITE_BUSY|locked/i.test(`${(error as { code?: string }).code} ${messageOf(error)}`)) {
      throw new BackupRefused(`${target} is in use (is the server running?): stop it before restoring`);
    }
    // Unreadable (corrupt): nothing to fold in, nothing to check; it is replaced as a file.
    return null;
  }
}

function describeExisting(path: string): string {
  try {
    const report = inspectTrackerDatabase(path);
    return `${report.briefings} briefings, ${report.commitments} commitments`;
  } catch (error) {
    return error instanceof BackupRefused ? error.message.replace(`${path}: `, '') : 'unreadable';
  }
}

/** The replaced database, and any -wal/-shm still beside it, kept under a new name. */
function keepCopy(path: string, keptAt: string): void {
  try {
    linkSync(path, keptAt);
  } catch {
    copyFileSync(path, keptAt); // no hard links here: a copy, so the target never goes missing
  }
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, keptAt + suffix);
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

function fsyncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
