import 'reflect-metadata';
// Before the entities load: a throwaway SQLite file for the run.
import './bench-env';
import { NestFactory } from '@nestjs/core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliModule } from '../src/cli/cli.module';
import { SqlStatementCounter } from '../src/database/sql-statement-counter';
import { parseBriefing } from '../src/ingest';
import { BriefingImportService } from '../src/briefing-import/briefing-import.service';

/**
 * Ingest benchmark (issue 3): the seed end to end (parse + match + one transaction), its parse
 * alone, and bulk throughput of the CLI over a folder of briefings. Figures go to docs/benchmarks.md.
 *   npm run bench:ingest [-- --files 300] [-- --compare]
 * --compare also runs the CLI without parse workers (--workers 0) and with a flush to disk per
 * file (--sync-each), to show what each buys.
 */
const SEED = readFileSync(join(__dirname, '..', 'demo', '2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');

/** A distinct but equally realistic briefing: another date, so another hash and relative dates. */
function variant(i: number): string {
  const day = new Date(Date.UTC(2017, 1, 21) + i * 86_400_000);
  const month = day.toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  return SEED.replace('February 21, 2017', `${month} ${day.getUTCDate()}, ${day.getUTCFullYear()}`).replace('good morning to everyone', `good morning to everyone (${i})`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const files = Number(process.argv[process.argv.indexOf('--files') + 1]) || 300;
  const compare = process.argv.includes('--compare');
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  const ingest = app.get(BriefingImportService);
  const sql = app.get(SqlStatementCounter);
  const lexicon = await ingest.lexicon();

  const parseTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    parseBriefing(variant(i), { topics: lexicon });
    parseTimes.push(performance.now() - t0);
  }
  const endToEnd: number[] = [];
  const withAccept: number[] = [];
  const statements: number[] = [];
  for (let i = 0; i < 30; i++) {
    let t0 = performance.now();
    const before = sql.count;
    await ingest.ingest({ text: variant(1000 + i) }, 'bench');
    endToEnd.push(performance.now() - t0);
    statements.push(sql.count - before);
    t0 = performance.now();
    await ingest.ingest({ text: variant(2000 + i), acceptAll: true }, 'bench');
    withAccept.push(performance.now() - t0);
  }
  await app.close();

  const dir = mkdtempSync(join(tmpdir(), 'ingest-bench-'));
  mkdirSync(join(dir, 'in'));
  for (let i = 0; i < files; i++) writeFileSync(join(dir, 'in', `briefing-${String(i).padStart(4, '0')}.txt`), variant(5000 + i));
  /** The CLI on the folder, into a new database: its summary line and the wall clock with process start. */
  const cli = (name: string, flags: string[] = []) => {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '..', 'src', 'cli', 'main.ts'), 'ingest', join(dir, 'in'), ...flags], {
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, `${name}.sqlite`)}`, LOG_LEVEL: 'error' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { summary: out.trim().split('\n').pop(), wall: (performance.now() - t0) / 1000 };
  };
  const bulk = cli('cli');
  const others = compare ? [['--workers 0', cli('sequential', ['--workers', '0'])], ['--sync-each', cli('sync-each', ['--sync-each'])], ['both', cli('both', ['--workers', '0', '--sync-each'])]] as const : [];
  rmSync(dir, { recursive: true, force: true });

  console.log(`seed parse only        median ${median(parseTimes).toFixed(1)} ms (50 runs)`);
  console.log(`seed end to end        median ${median(endToEnd).toFixed(1)} ms (30 runs: parse, match, write; candidates pending; ${median(statements)} SQL statements)`);
  console.log(`  ... and accept all   median ${median(withAccept).toFixed(1)} ms (30 runs: also every candidate accepted as a commitment)`);
  console.log(`CLI bulk, ${files} files  ${bulk.summary}`);
  console.log(`CLI bulk wall clock    ${bulk.wall.toFixed(1)} s including process start and migrations (${(files / bulk.wall).toFixed(1)} files/s)`);
  for (const [flags, run] of others) console.log(`  ${`with ${flags}`.padEnd(20)} ${run.summary}`);
}

void main();
