import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SEED = readFileSync(join(ROOT, 'test/fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');

/** `npm run cli -- ingest ...` as a user runs it: a real process on a real SQLite file. */
function cli(args: string[], db: string) {
  const res = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/cli/main.ts'), ...args], {
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

  it('explains its usage and refuses unknown commands', () => {
    const run = cli(['frobnicate'], db);
    expect(run.code).toBe(1);
    expect(run.err).toContain('npm run cli -- ingest');
  });
});
