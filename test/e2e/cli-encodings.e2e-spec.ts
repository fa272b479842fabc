import Database from 'better-sqlite3';
import * as iconv from 'iconv-lite';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledBuild } from '../utils/compiled-build';

const ROOT = join(__dirname, '..', '..');
const { cli: CLI } = compiledBuild();
const SEED = readFileSync(join(ROOT, 'test/fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');
/** The seed with accented letters and Windows quotes. */
const ACCENTED = SEED.replace(/Pena Nieto/g, 'Peña Nieto').replace(/Soberon/g, 'Soberón').replace('Thanks, Dak', '“Thanks,” Dak');
/** A short transcript: read as UTF-8 it was refused as binary (its U+FFFD were over 5% of it). */
const SHORT = 'MODERATOR: Señor Videgaray está aquí. Gracias, ¿y qué más?\n\nSECRETARY KELLY: Merci, très bien, à côté du café.\n';

/** `npm run cli -- ingest ...` as a user runs it: a real process on a real SQLite file. */
function cli(args: string[], db: string) {
  const res = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `sqlite:${db}`, DATABASE_SCHEMA: '', LOG_LEVEL: 'error', NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

describe('CLI ingest of files not in UTF-8 (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-encodings-'));
  const folder = join(dir, 'in');
  const db = join(dir, 'tracker.sqlite');
  beforeAll(() => {
    mkdirSync(folder);
    writeFileSync(join(folder, 'a-long-1252.txt'), iconv.encode(ACCENTED, 'windows-1252'));
    writeFileSync(join(folder, 'b-short-1252.txt'), iconv.encode(SHORT, 'windows-1252'));
    writeFileSync(join(folder, 'c-utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(ACCENTED.replace('February 21, 2017', 'February 22, 2017'), 'utf-16le')]));
    writeFileSync(join(folder, 'd-binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0x7f, 0x14, 0x00, 0x06, 0x00]));
    writeFileSync(join(folder, 'e-unclear.txt'), Buffer.from('Q: caf\xe9?\n', 'latin1'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes Windows-1252 (long and short) and UTF-16 with a BOM, naming the encoding; refuses binary and unclear bytes', () => {
    const run = cli(['ingest', folder], db);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/a-long-1252\.txt\s+ok\s+1\s+69\s.*not UTF-8: decoded from windows-1252/);
    expect(run.out).toMatch(/b-short-1252\.txt\s+ok\s+2\s+2\s.*not UTF-8: decoded from windows-1252/);
    expect(run.out).toMatch(/c-utf16\.txt\s+ok\s+3\s+69\s.*decoded from UTF-16LE/);
    expect(run.out).toMatch(/d-binary\.txt\s+FAILED.*looks like binary data/);
    expect(run.out).toMatch(/e-unclear\.txt\s+FAILED.*is not UTF-8 and its encoding/);
    expect(run.out).toMatch(/^a-long-1252\.txt: not UTF-8: decoded from windows-1252 \(detected with \d+% confidence\)/m);
    expect(run.out).toContain('3 ingested, 2 failed');

    const conn = new Database(db, { readonly: true });
    try {
      const texts = (conn.prepare('SELECT text FROM briefing ORDER BY id').all() as Array<{ text: string }>).map((r) => r.text);
      expect(texts).toEqual([ACCENTED, SHORT, ACCENTED.replace('February 21, 2017', 'February 22, 2017')]);
      const names = (conn.prepare('SELECT name FROM participant').all() as Array<{ name: string }>).map((r) => r.name);
      expect(names).toContain('Enrique Peña Nieto');
      // the statements' offsets point into the decoded text
      const rows = conn.prepare('SELECT b.text AS briefing, s.text, s.text_start AS start, s.text_end AS end FROM statement s JOIN briefing b ON b.id = s.briefing_id').all() as Array<{ briefing: string; text: string; start: number; end: number }>;
      for (const r of rows) expect(r.briefing.slice(r.start, r.end)).toBe(r.text);
    } finally {
      conn.close();
    }
  });
});
