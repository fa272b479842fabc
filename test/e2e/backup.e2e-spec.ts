import { postgresRunUrl, sqliteOnlyNote } from '../utils/sqlite-only';
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import backupCommand from '../../src/cli/commands/backup.command';
import restoreCommand from '../../src/cli/commands/restore.command';
import { BackupRefused, backupSqliteDatabase, inspectTrackerDatabase, restoreSqliteDatabase } from '../../src/database/backup';
import { briefingVariant } from '../utils/briefing-variants';
import { createTestApp, TestApp } from '../utils/create-test-app';

const ROOT = join(__dirname, '..', '..');

/** What the test compares between the original server and the one on the restored backup. */
const ANSWERS = `{
  briefings(first: 100) {
    totalCount
    nodes { id title date textSha256 createdBy speakers { id name } mentionedParticipants { id name } statements(first: 1) { nodes { id } } candidates { id state commitment { id } } }
  }
  statements(first: 1) { totalCount }
  commitments(first: 100) { totalCount nodes { id title status version kind dueDate } }
  commitmentFacets { total byStatus { status count } }
  participants(first: 100) { totalCount nodes { id name } }
  search(text: "border security", first: 20) { totalCount nodes { id } }
}`;

async function answers(t: TestApp): Promise<unknown> {
  const res = await t.gql(ANSWERS);
  expect(res.errors).toBeUndefined();
  return res.data;
}

/**
 * A backup from another process, as `npm run cli -- backup` takes it: the function the command
 * calls, without the seconds a process spends compiling the whole CLI (the command itself is
 * run below). In another process, the server's writes really go on while the copy is made.
 */
function backupProcess(db: string, file: string): Promise<{ code: number | null; out: string }> {
  const script = `require('./src/database/backup').backupSqliteDatabase(${JSON.stringify(db)}, ${JSON.stringify(file)})
    .then((r) => console.log('Backed up', r.pages, 'pages; integrity_check ok'), (e) => { console.error(e.message); process.exit(1); })`;
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}
const children: ChildProcess[] = [];
afterAll(() => children.filter((c) => c.exitCode === null && c.signalCode === null).forEach((c) => c.kill('SIGKILL')));

/** A command's run() in this process, as main.ts calls it, with DATABASE_URL set for it; its output. */
async function runCommand(command: typeof backupCommand, databaseUrl: string, args: string[], flags: Record<string, boolean> = {}) {
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  let out = '';
  const capture = (...a: unknown[]) => void (out += `${a.join(' ')}\n`);
  const log = jest.spyOn(console, 'log').mockImplementation(capture);
  const error = jest.spyOn(console, 'error').mockImplementation(capture);
  try {
    return { code: await command.run(args, { force: false, ...flags }), out };
  } finally {
    log.mockRestore();
    error.mockRestore();
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const integrity = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return { check: db.pragma('integrity_check', { simple: true }), journalMode: db.pragma('journal_mode', { simple: true }), foreignKeyProblems: db.pragma('foreign_key_check') };
  } finally {
    db.close();
  }
};

describe(`Backup and restore (${sqliteOnlyNote})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'backup-e2e-'));
  let t: TestApp;
  let source: string;
  const backup = join(dir, 'tracker-backup.sqlite');
  beforeAll(async () => {
    t = await createTestApp();
    source = String(t.dataSource.options.database);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a backup taken from another process while the server ingests and edits is sound, and a server on its restored copy answers as the original did at one moment of the load', async () => {
    const states: unknown[] = [await answers(t)];
    const commitmentIds: string[] = [];
    let next = 0;
    const write = async () => {
      // Two kinds of writes: a whole briefing (statements, candidates, commitments) and a status change.
      if (next % 2 === 0 || !commitmentIds.length) {
        const res = await t.gql(`mutation($text: String!) { ingestBriefing(input: { text: $text, acceptAll: true }) { candidates { commitment { id } } } }`, { text: briefingVariant(next) });
        expect(res.errors).toBeUndefined();
        commitmentIds.push(...res.data.ingestBriefing.candidates.map((c: { commitment: { id: string } }) => c.commitment.id));
      } else {
        const res = await t.gql(`mutation($id: ID!) { setCommitmentStatus(input: { id: $id, status: IN_PROGRESS, note: "under way" }) { id } }`, { id: commitmentIds.shift() });
        expect(res.errors).toBeUndefined();
      }
      next++;
      states.push(await answers(t));
    };
    await write();

    let backupDone = false;
    const backingUp = backupProcess(source, backup).finally(() => (backupDone = true));
    let writesDuringBackup = 0;
    while (!backupDone) {
      await write();
      writesDuringBackup++;
    }
    await write(); // one more after it: the snapshot can only be an earlier state
    const done = await backingUp;
    expect(done.out).toMatch(/Backed up \d+ pages; integrity_check ok/);
    expect(done.code).toBe(0);
    expect(writesDuringBackup).toBeGreaterThan(0);

    // The backup on its own: sound, a single file (no -wal beside it), a tracker database.
    expect(integrity(backup)).toEqual({ check: 'ok', journalMode: 'delete', foreignKeyProblems: [] });
    expect(readdirSync(dir)).toEqual(['tracker-backup.sqlite']);
    expect(inspectTrackerDatabase(backup).unknownMigrations).toEqual([]);

    // Restored into a fresh database, served by a fresh app.
    const restored = join(dir, 'restored.sqlite');
    const restore = await runCommand(restoreCommand, `sqlite:${restored}`, [backup]);
    expect(restore.out).toContain(`Restored ${backup} into ${restored}`);
    expect(restore.code).toBe(0);
    const fresh = await createTestApp({ DATABASE_URL: `sqlite:${restored}` });
    try {
      const got = await answers(fresh);
      // A consistent snapshot: exactly the answers the original gave between two writes, after
      // some of the load and before the end of it.
      const at = states.findIndex((state) => JSON.stringify(state) === JSON.stringify(got));
      expect(at).toBeGreaterThanOrEqual(1);
      expect(at).toBeLessThan(states.length - 1);
      expect(got).toEqual(states[at]);
      // The restored server works on as usual.
      const more = await fresh.gql(`mutation($text: String!) { ingestBriefing(input: { text: $text }) { briefing { id } } }`, { text: briefingVariant(500) });
      expect(more.errors).toBeUndefined();
    } finally {
      await fresh.app.close();
    }
  });

  it('the backup command reports what it copied, refuses to overwrite a file unless told to, and leaves no partial file behind', async () => {
    const briefings = Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM briefing'))[0].n);
    const second = join(dir, 'second.sqlite');
    const made = await runCommand(backupCommand, `sqlite:${source}`, [second]);
    expect(made.code).toBe(0);
    expect(made.out).toMatch(new RegExp(`^Backed up ${source} to ${second}: \\d+ pages, [\\d.]+ MB, ${briefings} briefings, \\d+ statements, \\d+ commitments; integrity_check ok`));
    const before = sha(second);
    const again = await runCommand(backupCommand, `sqlite:${source}`, [second]);
    expect(again.code).toBe(1);
    expect(again.out).toContain(`Backup refused: ${second} exists; choose a new file name or pass --force to replace it`);
    expect(sha(second)).toBe(before);
    expect((await runCommand(backupCommand, `sqlite:${source}`, [second], { force: true })).code).toBe(0);
    expect(inspectTrackerDatabase(second).briefings).toBe(briefings);
    rmSync(second);
    await expect(backupSqliteDatabase(join(dir, 'nothing-here.sqlite'), join(dir, 'b.sqlite'))).rejects.toThrow(/no database there/);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('restore refuses what is not a sound tracker database, and touches nothing then', async () => {
    const target = join(dir, 'target.sqlite');
    const refused = async (file: string, message: RegExp) => {
      await expect(restoreSqliteDatabase(file, target)).rejects.toThrow(BackupRefused);
      await expect(restoreSqliteDatabase(file, target)).rejects.toThrow(message);
      expect(existsSync(target)).toBe(false);
    };
    const text = join(dir, 'notes.txt');
    writeFileSync(text, briefingVariant(1));
    await refused(text, /not a valid SQLite database|cannot be opened/);

    const foreign = join(dir, 'foreign.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
    db.close();
    await refused(foreign, /not a tracker database \(no migrations table\)/);

    const newer = join(dir, 'newer.sqlite');
    copyFileSync(backup, newer);
    const n = new Database(newer);
    n.prepare('INSERT INTO migrations (timestamp, name) VALUES (?, ?)').run(1999999999999, 'FromTheFuture1999999999999');
    n.close();
    await refused(newer, /made by a newer version of the tracker \(migrations unknown here: FromTheFuture1999999999999\)/);

    // Garbage over the pages in the middle of the file.
    const corrupt = join(dir, 'corrupt.sqlite');
    copyFileSync(backup, corrupt);
    const fd = openSync(corrupt, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 8, 0xa5), 0, 4096 * 8, 4096 * 10);
    closeSync(fd);
    await refused(corrupt, /integrity_check failed|not a valid SQLite database/);
    await refused(join(dir, 'missing.sqlite'), /no such file/);
  });

  it("restore does not replace an existing database without --force, nor one a running server has open; with --force it swaps in the backup and keeps the old file", async () => {
    // A running server's database: refused even with --force, and the server is unharmed.
    const live = await runCommand(restoreCommand, `sqlite:${source}`, [backup], { force: true });
    expect(live.code).toBe(1);
    expect(live.out).toContain(`Restore refused: ${source} is in use (is the server running?): stop it before restoring`);
    expect((await t.gql('{ briefings(first: 1) { totalCount } }')).errors).toBeUndefined();

    // The database of a server that stopped hard: its last write is still only in the -wal.
    const stopped = join(dir, 'stopped.sqlite');
    const crashed = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(stopped)});
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec("CREATE TABLE migrations (id INTEGER PRIMARY KEY, timestamp INTEGER, name TEXT); CREATE TABLE briefing (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO briefing (title) VALUES ('only in the old file')");
      console.log('written'); setInterval(() => {}, 1000);`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(crashed);
    await new Promise((resolve) => crashed.stdout!.once('data', resolve));
    crashed.kill('SIGKILL');
    await new Promise((resolve) => crashed.on('exit', resolve));
    expect(existsSync(`${stopped}-wal`)).toBe(true);

    const without = await runCommand(restoreCommand, `sqlite:${stopped}`, [backup]);
    expect(without.code).toBe(1);
    expect(without.out).toContain(`Restore refused: ${stopped} exists (1 briefings, 0 commitments); stop the server and pass --force to replace it`);

    const forced = await runCommand(restoreCommand, `sqlite:${stopped}`, [backup], { force: true });
    expect(forced.code).toBe(0);
    const kept = /kept at (\S+)/.exec(forced.out)![1];
    expect(integrity(stopped)).toEqual({ check: 'ok', journalMode: 'delete', foreignKeyProblems: [] });
    expect(inspectTrackerDatabase(stopped).briefings).toBe(inspectTrackerDatabase(backup).briefings);
    // Nothing of the old file is left beside the new one to be replayed onto it.
    expect(readdirSync(dir).filter((f) => f.startsWith('stopped.sqlite'))).toEqual(['stopped.sqlite', kept.slice(dir.length + 1)].sort());
    const keptDb = new Database(kept, { readonly: true });
    expect(keptDb.prepare('SELECT title FROM briefing').all()).toEqual([{ title: 'only in the old file' }]);
    keptDb.close();
  });

  it('on PostgreSQL, backup and restore send the user to pg_dump and pg_restore', async () => {
    const url = postgresRunUrl ?? 'postgres://postgres@127.0.0.1:5432/tracker';
    const out = join(dir, 'pg.dump');
    const b = await runCommand(backupCommand, url, [out]);
    expect(b.code).toBe(1);
    expect(b.out).toContain('pg_dump --format=custom --file=tracker.dump "$DATABASE_URL"');
    const r = await runCommand(restoreCommand, url, [backup]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" tracker.dump');
    expect(existsSync(out)).toBe(false);
  });
});
