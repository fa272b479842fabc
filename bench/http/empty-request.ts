import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuMs, freePort, npmStartCommand } from './processes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

/**
 * The floor of the stack: CPU per request of `{ __typename }` (no resolver, no SQL) on the
 * production build with `npm start`'s Node options, 10 connections, 3 runs of 8 s after a 3 s warm-up.
 *   npm run build && npm run bench:floor
 */
async function main(): Promise<void> {
  const ROOT = join(__dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const port = await freePort();
  const env = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: String(port), DATABASE_URL: `sqlite:${join(dir, 'floor.sqlite')}`, DEMO_DATA: 'false', RATE_LIMIT: '0' };
  const token = execFileSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), 'token', 'create', '--role', 'analyst', '--name', 'floor'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const child = spawn(process.execPath, [...npmStartCommand(ROOT).options, npmStartCommand(ROOT).script], { env, stdio: 'ignore' });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const options = { url: `http://127.0.0.1:${port}/graphql`, method: 'POST', connections: 10, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ __typename }' }) };
    await autocannon({ ...options, duration: 3 });
    for (let i = 0; i < 3; i++) {
      const before = cpuMs(child.pid!);
      const run = await autocannon({ ...options, duration: 8 });
      const cpu = (cpuMs(child.pid!) - before) / run.requests.total;
      process.stdout.write(`{ __typename }: ${run.requests.average.toFixed(0)} req/s, p50 ${run.latency.p50} ms, CPU ${cpu.toFixed(3)} ms/req, non-2xx ${run.non2xx}\n`);
    }
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
