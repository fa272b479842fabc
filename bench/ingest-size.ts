import 'reflect-metadata';
// Before the entities load: a throwaway SQLite file for --service.
import './bench-env';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../src/cli/cli.module';
import { DEFAULT_TOPICS, parseBriefing } from '../src/ingest';
import { BriefingImportService } from '../src/briefing-import/briefing-import.service';
import { longBriefing } from '../test/utils/briefing-variants';

/**
 * How parse time grows with the size of one briefing (issue 14): the seed's header once, then its
 * body repeated (each copy with its own numbers) up to 0.5, 1 and 2 MB; the parse alone, median of
 * a few runs. Time should grow about linearly with size.
 *   npm run bench:ingest-size [-- --sizes 0.5,1,2] [-- --runs 3] [-- --distinct-people] [-- --service]
 * --service also runs BriefingImportService.ingest (a dry run: parse, match, no writes) on each text, as
 * ingestBriefing does, with the parse in a worker thread (the default for these sizes) and on the
 * event loop (INGEST_WORKER_MIN_BYTES=0), and prints the longest the event loop was held meanwhile.
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** The longest the event loop went without running a 5 ms timer (ms) while `work` ran. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  await work();
  // the tick that follows a stall at the very end
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(tick);
  return longest;
}

async function service(sizes: number[], distinctPeople: boolean): Promise<void> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    await serviceRows(app.get(BriefingImportService), sizes, distinctPeople);
  } finally {
    await app.close();
  }
}

async function serviceRows(ingest: BriefingImportService, sizes: number[], distinctPeople: boolean): Promise<void> {
  // the worker started and warm, as in a server that has ingested before
  await ingest.ingest({ text: longBriefing(100 * 1024, distinctPeople), dryRun: true }, 'bench');
  for (const mb of sizes) {
    const text = longBriefing(mb * 1024 * 1024, distinctPeople);
    const row: string[] = [];
    for (const [name, min] of [['worker', ''], ['event loop', '0']] as const) {
      process.env.INGEST_WORKER_MIN_BYTES = min;
      const t0 = performance.now();
      const stall = await longestStall(() => ingest.ingest({ text, dryRun: true }, 'bench'));
      row.push(`${name}: ${((performance.now() - t0) / 1000).toFixed(2)} s, longest stall ${Math.round(stall)} ms`);
    }
    delete process.env.INGEST_WORKER_MIN_BYTES;
    console.log(`${mb.toFixed(2).padStart(5)} MB  ingest dry run  ${row.join('  |  ')}`);
  }
}

async function main(): Promise<void> {
  const sizes = arg('sizes', '0.5,1,2').split(',').map(Number);
  const runs = Number(arg('runs', '3'));
  const distinctPeople = process.argv.includes('--distinct-people');
  const rows: string[] = [];
  for (const mb of sizes) {
    const text = longBriefing(mb * 1024 * 1024, distinctPeople);
    const times: number[] = [];
    const cpu: number[] = [];
    let statements = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      statements = parseBriefing(text, { topics: DEFAULT_TOPICS }).statements.length;
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      times.push(performance.now() - t0);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [wall, used] = [median(times) / 1000, median(cpu) / 1000];
    // CPU time as well as wall time: on a busy machine the wall clock includes waiting for a core
    rows.push(`${mb.toFixed(2).padStart(5)} MB  ${String(text.length).padStart(8)} chars  ${String(statements).padStart(6)} statements  parse wall ${wall.toFixed(2)} s  cpu ${used.toFixed(2)} s  (${(used / mb).toFixed(2)} cpu s/MB, median of ${runs})`);
    console.log(rows[rows.length - 1]);
  }
}

if (require.main === module) {
  main()
    .then(() => (process.argv.includes('--service') ? service(arg('sizes', '0.5,1,2').split(',').map(Number), process.argv.includes('--distinct-people')) : undefined))
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
