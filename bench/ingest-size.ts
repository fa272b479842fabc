import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TOPICS, parseBriefing } from '../src/ingest';

/**
 * How parse time grows with the size of one briefing (issue 14): the seed's header once, then its
 * body repeated (each copy with its own numbers) up to 0.5, 1 and 2 MB; the parse alone, median of
 * a few runs. Time should grow about linearly with size.
 *   npm run bench:ingest-size [-- --sizes 0.5,1,2] [-- --runs 3] [-- --distinct-people]
 */
const SEED = readFileSync(join(__dirname, '..', 'demo', '2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');

/** Surnames of the people the seed names: renamed in each copy with `distinctPeople`. */
const SURNAMES = ['Tillerson', 'Kelly', 'Videgaray', 'Nieto', 'Trump', 'Osorio', 'Cienfuegos', 'Soberon', 'Guajardo', 'Meade', 'Obama', 'Kushner'];

/** A letter tag for copy i ("b", "c", ... "ba", ...), so that renamed people stay names. */
const tag = (i: number): string => (i < 25 ? String.fromCharCode(98 + i) : tag(Math.floor(i / 25) - 1) + String.fromCharCode(98 + (i % 25)));

/**
 * A briefing of about `bytes` bytes: the seed's header and its body again and again, each copy
 * with its own numbers and, with `distinctPeople`, its own people (so the people found grow
 * with the size, as in a long real transcript).
 */
export function bigBriefing(bytes: number, distinctPeople = false): string {
  const bodyAt = SEED.indexOf('MODERATOR:');
  const end = SEED.lastIndexOf('Join the GlobalSecurity');
  const header = SEED.slice(0, bodyAt);
  const body = SEED.slice(bodyAt, end > bodyAt ? end : SEED.length).trimEnd();
  let text = header;
  const people = new RegExp(`\\b(${SURNAMES.join('|')})\\b`, 'g');
  for (let i = 0; Buffer.byteLength(text, 'utf8') < bytes; i++) {
    let copy = body.replace(/\b(\d+)\b/g, (n) => String(Number(n) + i));
    if (distinctPeople && i > 0) copy = copy.replace(people, (name) => `${name}${tag(i)}`);
    text += copy + '\n\n';
  }
  return text;
}

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
    const text = bigBriefing(mb * 1024 * 1024, distinctPeople);
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
