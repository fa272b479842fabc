import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMITMENTS_PAGE } from './http/operations';
import { freePort, npmStartCommand, startServer, stopServer } from './http/processes';

/**
 * Cold start of the built server: spawn to the first answer of the commitments page, for the
 * three ways of running it - tsc's output (dist/src/main.js), the bundle without its code cache,
 * and the bundle as npm start runs it (scripts/start-server.js, code cache kept) - in turns.
 *
 *   npm run build && npm run bench:start [-- --runs 5]
 *
 * On the scale dataset (bench/data/bench.sqlite, copied) when there is one, else on a database
 * with the demo briefing.
 */
const ROOT = join(__dirname, '..');
const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-start-'));
  const database = join(dir, 'start.sqlite');
  const scale = join(ROOT, 'bench', 'data', 'bench.sqlite');
  if (existsSync(scale)) copyFileSync(scale, database);
  const env = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: `sqlite:${database}` };
  const cli = (args: string[]) => execFileSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const token = cli(['token', 'create', '--role', 'analyst', '--name', 'cold-start']);
  const { options, script } = npmStartCommand(ROOT);
  const cache = join(ROOT, 'dist', 'server.js.cache');
  const ways: Array<{ name: string; args: string[]; before?: () => void }> = [
    { name: 'tsc output (dist/src/main.js)', args: [...options, join(ROOT, 'dist/src/main.js')] },
    { name: 'bundle, no code cache', args: [...options, script], before: () => rmSync(cache, { force: true }) },
    { name: 'bundle with code cache (npm start)', args: [...options, script] },
  ];
  const times = new Map<string, number[]>(ways.map((w) => [w.name, []]));
  const body = JSON.stringify({ query: COMMITMENTS_PAGE, variables: { topic: '1' } });
  // one start that writes the code cache (kept after CODE_CACHE_AFTER_MS)
  const warm = await start([...options, script], env, token, body, { CODE_CACHE_AFTER_MS: '500' });
  await new Promise((r) => setTimeout(r, 1500));
  await stopServer(warm.child);
  for (let run = 0; run < RUNS; run++) {
    for (const way of ways) {
      way.before?.();
      const started = await start(way.args, env, token, body, way.before ? { CODE_CACHE_AFTER_MS: '3600000' } : {});
      times.get(way.name)!.push(started.coldStartMs);
      await stopServer(started.child);
      if (way.before) {
        // the cache back for the next way
        const again = await start([...options, script], env, token, body, { CODE_CACHE_AFTER_MS: '500' });
        await new Promise((r) => setTimeout(r, 1500));
        await stopServer(again.child);
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`cold start to the first answer (${existsSync(scale) ? 'scale dataset' : 'demo database'}), ${RUNS} runs each, load average ${loadavg()[0].toFixed(1)}\n`);
  for (const [name, ms] of times) {
    const sorted = [...ms].sort((a, b) => a - b);
    process.stdout.write(`${name.padEnd(36)} median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms (min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)})\n`);
  }
}

async function start(args: string[], env: NodeJS.ProcessEnv, token: string, body: string, more: Record<string, string>) {
  const port = await freePort();
  return startServer(process.execPath, args, { ...env, ...more, PORT: String(port) }, async () => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    return res.ok && !(await res.text()).includes('"errors"');
  });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
