import { sqliteOnlyNote } from '../utils/sqlite-only';
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledBuild } from '../utils/compiled-build';
import { briefingVariant, briefingVariantDate } from '../utils/briefing-variants';
import { createTestApp, TestApp } from '../utils/create-test-app';

const ROOT = join(__dirname, '..', '..');
const BUILD = compiledBuild();
const BRIEFINGS = 16;
/** The ingest is killed once this many briefings are in (and before the last). */
const KILL_AFTER = 5;

/** `npm run cli -- ingest <folder> --accept-all` as a user runs it: a real process of the compiled build on a real SQLite file. */
function ingestProcess(folder: string, db: string): ChildProcess {
  return started(spawn(process.execPath, [BUILD.cli, 'ingest', folder, '--accept-all'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite:${db}`, DATABASE_SCHEMA: '', DEMO_DATA: 'false', LOG_LEVEL: 'error', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
}

/** The processes this file started, so a failed test leaves none running. */
const children: ChildProcess[] = [];
const started = (child: ChildProcess) => (children.push(child), child);
afterAll(() => children.filter((c) => c.exitCode === null && c.signalCode === null).forEach((c) => c.kill('SIGKILL')));

function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (out += chunk));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, out })));
}

/**
 * Every table's rows (the API tokens aside), timestamps left out (they say when, not what),
 * as a count and a hash per table: two databases with the same dump hold the same records,
 * with the same ids, and sqlite_sequence shows no id was used by a write that did not last.
 */
function dump(file: string): Record<string, { rows: number; sha256: string }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // Every table but the tokens and the query planner's statistics (gathered by PRAGMA optimize when the app closes, which a killed process never does).
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'api_token' AND name NOT LIKE 'sqlite_stat%' ORDER BY name`).all() as { name: string }[];
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const { name } of tables) {
      const columns = (db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(name) as { name: string; type: string }[]).filter((c) => c.type.toLowerCase() !== 'datetime');
      const list = columns.map((c) => `"${c.name}"`).join(', ');
      const rows = db.prepare(`SELECT ${list} FROM "${name}" ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`).raw().all();
      const text = JSON.stringify(rows, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'object' && v?.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v));
      out[name] = { rows: rows.length, sha256: createHash('sha256').update(text).digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}

/** Opens the file as the app would after the crash (so SQLite recovers from the WAL) and checks it. */
function checkAfterCrash(file: string): { integrity: string[]; foreignKeyProblems: unknown[]; briefingDates: string[] } {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = WAL');
    return {
      integrity: (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check),
      foreignKeyProblems: db.pragma('foreign_key_check') as unknown[],
      briefingDates: (db.prepare('SELECT date FROM briefing ORDER BY id').all() as { date: string }[]).map((r) => r.date),
    };
  } finally {
    db.close();
  }
}

function folderOf(dir: string, name: string, count: number): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  for (let i = 0; i < count; i++) writeFileSync(join(folder, `b${String(i).padStart(3, '0')}.txt`), briefingVariant(i));
  return folder;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`Crash safety (${sqliteOnlyNote})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'crash-safety-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe("the app's connection", () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.close();
      t = undefined;
      delete process.env.SQLITE_SYNCHRONOUS;
      delete process.env.SQLITE_BUSY_TIMEOUT_MS;
    });
    const pragmas = async (app: TestApp) => ({
      journal_mode: (await app.dataSource.query('PRAGMA journal_mode'))[0].journal_mode,
      synchronous: (await app.dataSource.query('PRAGMA synchronous'))[0].synchronous,
      busy_timeout: (await app.dataSource.query('PRAGMA busy_timeout'))[0].timeout,
    });

    it('runs in WAL mode with synchronous=FULL and a 5 s busy timeout by default', async () => {
      t = await createTestApp();
      expect(await pragmas(t)).toEqual({ journal_mode: 'wal', synchronous: 2, busy_timeout: 5000 });
    });

    it('takes SQLITE_SYNCHRONOUS and SQLITE_BUSY_TIMEOUT_MS from the environment', async () => {
      t = await createTestApp({ SQLITE_SYNCHRONOUS: 'normal', SQLITE_BUSY_TIMEOUT_MS: '1234' });
      expect(await pragmas(t)).toEqual({ journal_mode: 'wal', synchronous: 1, busy_timeout: 1234 });
    });

    it('refuses to start on a durability setting it does not know', async () => {
      await expect(createTestApp({ SQLITE_SYNCHRONOUS: 'SOMETIMES' })).rejects.toThrow('SQLITE_SYNCHRONOUS must be one of EXTRA, FULL, NORMAL, OFF; got "SOMETIMES"');
    });

    it('waits for another process holding the write lock instead of failing (the busy timeout at work)', async () => {
      t = await createTestApp();
      const file = String(t.dataSource.options.database);
      // Another process takes the write lock for 700 ms; the mutation, sent meanwhile, waits.
      const holder = started(spawn(process.execPath, ['-e', `const db = new (require('better-sqlite3'))(${JSON.stringify(file)}); db.exec('BEGIN IMMEDIATE'); console.log('locked'); setTimeout(() => { db.exec('COMMIT'); db.close(); }, 700);`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }));
      await new Promise((resolve) => holder.stdout!.once('data', resolve));
      const sent = Date.now();
      const res = await t.gql(`mutation { createTopic(input: { slug: "busy-wait", title: "Busy wait" }) { slug } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data.createTopic.slug).toBe('busy-wait');
      expect(Date.now() - sent).toBeGreaterThanOrEqual(300);
      await new Promise((resolve) => holder.on('exit', resolve));
    });
  });

  it('an ingest killed with SIGKILL part-way leaves a sound database where each briefing is wholly in or wholly absent; running it again completes it', async () => {
    const all = folderOf(dir, 'all', BRIEFINGS);
    const crashed = join(dir, 'crashed.sqlite');
    // The victim is a real process (a SIGKILL cannot be sent to part of this one).
    const victim = ingestProcess(all, crashed);
    const victimDone = finished(victim);
    // Meanwhile, the reference: the same command on the same files, uninterrupted, in a process
    // of its own (in this one it would hold up the watching below).
    const clean = join(dir, 'clean.sqlite');
    const reference = finished(ingestProcess(all, clean));

    // Watch the database read-only; kill once KILL_AFTER briefings are in, a little into the next.
    let seen = 0;
    let watcher: Database.Database | null = null;
    while (seen < KILL_AFTER && victim.exitCode === null) {
      await pause(10);
      if (!watcher && existsSync(`${crashed}-wal`)) watcher = new Database(crashed, { readonly: true });
      try {
        seen = watcher ? (watcher.prepare('SELECT COUNT(*) AS n FROM briefing').get() as { n: number }).n : 0;
      } catch {
        seen = 0; // the migrations have not made the table yet
      }
    }
    await pause(40);
    victim.kill('SIGKILL');
    watcher?.close();
    const killed = await victimDone;
    expect(killed.signal).toBe('SIGKILL');
    expect((await reference).code).toBe(0);

    const after = checkAfterCrash(crashed);
    expect(after.integrity).toEqual(['ok']);
    expect(after.foreignKeyProblems).toEqual([]);
    const present = after.briefingDates.length;
    expect(present).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(present).toBeLessThan(BRIEFINGS); // killed part-way, not after the end
    // The files go in in order: what is there is the first `present` of them.
    expect(after.briefingDates).toEqual(Array.from({ length: present }, (_, i) => briefingVariantDate(i)));

    const crashedRows = dump(crashed);
    // Two runs at once, each a process of its own: a clean ingest of exactly the first `present`
    // files, and the same command restarted on the crashed file (the app opens it again).
    const cleanFirst = join(dir, 'clean-first.sqlite');
    const [first, rerun] = await Promise.all([finished(ingestProcess(folderOf(dir, 'first', present), cleanFirst)), finished(ingestProcess(all, crashed))]);

    // Every briefing that survived the kill is whole (its statements, speakers, mentions, topic
    // tags, candidates, commitments, meetings, search index...), and nothing else is there:
    // the database equals, table by table, a clean ingest of exactly those first files.
    expect(first.code).toBe(0);
    expect(crashedRows).toEqual(dump(cleanFirst));

    // Restarted, the same command finishes the job and gives what an uninterrupted run gives.
    expect(rerun.code).toBe(0);
    expect(rerun.out.match(/already ingested/g)).toHaveLength(present);
    expect(checkAfterCrash(crashed).integrity).toEqual(['ok']);
    expect(dump(crashed)).toEqual(dump(clean));
  });
});
