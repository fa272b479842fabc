import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledBuild } from '../utils/compiled-build';

const ROOT = join(__dirname, '..', '..');
const BUILD = compiledBuild();
const SEED = readFileSync(join(ROOT, 'test/fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');

/** `npm run cli -- ingest ...` as a user runs it: a real process of the compiled build on a real SQLite file. */
function cli(args: string[], db: string) {
  const res = spawnSync(process.execPath, [BUILD.cli, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite:${db}`, DATABASE_SCHEMA: '', LOG_LEVEL: 'error', NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function count(db: string, table: string): number {
  const conn = new Database(db, { readonly: true });
  try {
    return (conn.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    conn.close();
  }
}

/** Every table's rows (timestamps left out: they differ from run to run), sorted. */
function tableContents(db: string): Record<string, string[]> {
  const conn = new Database(db, { readonly: true });
  try {
    const tables = conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name <> 'migrations'`).all() as Array<{ name: string }>;
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        (conn.prepare(`SELECT * FROM "${name}"`).all() as Array<Record<string, unknown>>).map((row) => JSON.stringify(Object.entries(row).filter(([column]) => !column.endsWith('_at')))).sort(),
      ]),
    );
  } finally {
    conn.close();
  }
}

describe('CLI ingest (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-ingest-'));
  const folder = join(dir, 'in');
  const db = join(dir, 'tracker.sqlite');
  beforeAll(() => {
    mkdirSync(folder);
    writeFileSync(join(folder, 'a-seed.txt'), SEED);
    writeFileSync(join(folder, 'b-next-day.txt'), SEED.replace('February 21, 2017', 'February 22, 2017'));
    writeFileSync(join(folder, 'c-binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0x7f]));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--dry-run reports and writes nothing', () => {
    const run = cli(['ingest', join(folder, 'a-seed.txt'), '--dry-run'], db);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/a-seed\.txt\s+ok\s+-\s+69\s/);
    expect(run.out).toContain('dry run');
    expect(count(db, 'briefing')).toBe(0);
  });

  it('ingests a folder, each file atomically: good files go in, a bad one fails, exit code 1', () => {
    const run = cli(['ingest', folder, '--accept-all'], db);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/a-seed\.txt\s+ok\s+1\s+69\s+\d+\s+\d+/);
    expect(run.out).toMatch(/b-next-day\.txt\s+ok\s+2\s+69\s/);
    expect(run.out).toMatch(/c-binary\.txt\s+FAILED/);
    expect(run.out).toContain('2 ingested, 1 failed');
    expect(run.err).toContain('ingest ['); // the progress bar, on stderr
    expect(count(db, 'briefing')).toBe(2);
    expect(count(db, 'statement')).toBe(138);
    expect(count(db, 'commitment')).toBe(count(db, 'commitment_candidate'));
  });

  it('running again creates nothing: every text is already ingested', () => {
    const before = count(db, 'statement');
    const run = cli(['ingest', join(folder, 'a-seed.txt'), join(folder, 'b-next-day.txt')], db);
    expect(run.code).toBe(0);
    expect(run.out.match(/already ingested/g)).toHaveLength(2);
    expect(count(db, 'statement')).toBe(before);
  });

  it('parsing ahead in worker threads writes exactly what parsing file by file writes, a failed file in the middle included', () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'a-seed.txt'), SEED);
    writeFileSync(join(mixed, 'b-state-daily.txt'), readFileSync(join(ROOT, 'test/fixtures/ingest/variants/state-daily.txt')));
    writeFileSync(join(mixed, 'c-binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0x7f]));
    writeFileSync(join(mixed, 'd-next-day.txt'), SEED.replace('February 21, 2017', 'February 22, 2017'));
    writeFileSync(join(mixed, 'e-seed-again.txt'), SEED);
    writeFileSync(join(mixed, 'f-march.txt'), SEED.replace('February 21, 2017', 'March 3, 2017'));
    const runs = ['0', '2'].map((workers) => {
      const file = join(dir, `workers-${workers}.sqlite`);
      return { file, run: cli(['ingest', mixed, '--accept-all', '--workers', workers], file) };
    });
    // the threads did parse: every file but the refused one (the one already in is parsed in vain)
    expect(runs[1].run.out).toContain('5 parsed ahead in 2 worker threads');
    expect(runs[0].run.out).not.toContain('parsed ahead');
    for (const { run } of runs) {
      expect(run.code).toBe(1);
      expect(run.out).toContain('5 ingested, 1 failed');
      expect(run.out).toMatch(/c-binary\.txt\s+FAILED/);
      expect(run.out).toMatch(/e-seed-again\.txt\s+ok\s+1\s+0\s.*already ingested/);
      expect(run.out).toMatch(/f-march\.txt\s+ok\s+4\s+69\s/);
    }
    // the same summary (the ms column aside) and the same rows, ids included
    const rows = (out: string) =>
      out
        .split('\n')
        .filter((line) => /\s(ok|FAILED)\s/.test(line))
        .map((line) => line.trim().split(/\s{2,}/))
        .map((cells) => [...cells.slice(0, 6), ...cells.slice(7)]);
    expect(rows(runs[1].run.out)).toEqual(rows(runs[0].run.out));
    expect(rows(runs[0].run.out)).toHaveLength(6);
    const [sequential, pipelined] = runs.map(({ file }) => tableContents(file));
    expect(sequential.briefing).toHaveLength(4);
    expect(sequential.statement.length).toBeGreaterThan(69 * 3);
    expect(sequential.commitment.length).toBeGreaterThan(30 * 3);
    expect(sequential.meeting_participant.length).toBeGreaterThan(0);
    expect(pipelined).toEqual(sequential);
  });

  it('refuses a malformed --workers', () => {
    const run = cli(['ingest', folder, '--workers', 'many'], join(dir, 'unused.sqlite'));
    expect(run.code).toBe(1);
    expect(run.err).toContain('--workers must be a whole number');
  });

  it('explains its usage and refuses unknown commands', () => {
    const run = cli(['frobnicate'], db);
    expect(run.code).toBe(1);
    expect(run.err).toContain('npm run cli -- ingest');
  });
});
