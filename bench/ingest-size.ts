import { DEFAULT_TOPICS, parseBriefing } from '../src/ingest';
import { longBriefing } from '../test/utils/briefing-variants';

/**
 * How parse time grows with the size of one briefing (issue 14): the seed's header once, then its
 * body repeated (each copy with its own numbers) up to 0.5, 1 and 2 MB; the parse alone, median of
 * a few runs. Time should grow about linearly with size.
 *   npm run bench:ingest-size [-- --sizes 0.5,1,2] [-- --runs 3] [-- --distinct-people]
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function main(): void {
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

if (require.main === module) main();
