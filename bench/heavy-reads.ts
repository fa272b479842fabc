import 'reflect-metadata';
// First, before the app's modules load: the dataset's own SQLite file.
import { BENCH_DB, numberArg as arg } from './use-bench-db';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { AddressInfo } from 'node:net';
import { AppModule } from '../src/app.module';
import { ApiTokensService } from '../src/auth/api-tokens.service';
import { Role } from '../src/common/security/role';

/**
 * Heavy reads beside a simple one (issue 14, point 4) on the scale dataset: while one heavy
 * request runs (a search with many prefix terms, history reads, an export), a probe client asks
 * `{ topics { slug } }` one after the other; prints the probe's p50/p95/max and what the heavy
 * request answered, and how long it took.
 *   npm run bench:data && npm run bench:heavy [-- --cap 20000] [-- --only export]
 */
const CAP_MS = arg('cap', 20_000);
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
};

async function main(): Promise<void> {
  if (!existsSync(BENCH_DB)) throw new Error(`${BENCH_DB} is missing: run npm run bench:data first`);
  const loadBefore = loadavg();
  const app = await NestFactory.create(AppModule, { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const { token } = await app.get(ApiTokensService).create({ name: 'bench:heavy', role: Role.ANALYST });
  const authorization = `Bearer ${token}`;
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string; limit?: string } }[] };
    return body.errors ? `error ${body.errors[0].extensions?.code}${body.errors[0].extensions?.limit ? ` (${body.errors[0].extensions.limit})` : ''}` : 'ok';
  };
  const download = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization } });
    if (!res.ok) return `HTTP ${res.status}`;
    let bytes = 0;
    const reader = res.body!.getReader();
    const stop = Date.now() + CAP_MS;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (Date.now() > stop) {
        await reader.cancel();
        return `stopped by the client after ${CAP_MS} ms, ${(bytes / 1e6).toFixed(1)} MB`;
      }
    }
    return `ok, ${(bytes / 1e6).toFixed(1)} MB`;
  };

  const probe = '{ topics { slug } }';
  await post(probe);
  async function beside(name: string, heavy: () => Promise<string>): Promise<void> {
    if (ONLY && !name.includes(ONLY)) return;
    const started = performance.now();
    let settled = false;
    let outcome = '';
    const running = heavy().then(
      (o) => ((outcome = o), (settled = true)),
      (e: Error) => ((outcome = `failed: ${e.message}`), (settled = true)),
    );
    const times: number[] = [];
    while (!settled && performance.now() - started < CAP_MS) {
      const t0 = performance.now();
      await post(probe);
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 20));
    }
    await running;
    const took = performance.now() - started;
    console.log(
      `${name}: probe p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(0)} ms (${times.length} probes); heavy: ${outcome} in ${(took / 1000).toFixed(1)} s`,
    );
  }

  const prefixes32 = 'th* an* co* se* pr* re* de* in* st* tr* ma* ca* pa* wi* fo* me* mi* go* ag* ec* po* na* bo* cr* fe* im* ex* su* ta* la* wo* ha*';
  const SEARCH = `query($q: String!) { a: search(text: $q, first: 20) { totalCount nodes { id snippet } } }`;
  await beside('nothing else running', async () => (await new Promise((r) => setTimeout(r, 3000)), 'idle 3 s'));
  await beside('search, 32 prefix terms, totalCount', () => post(SEARCH, { q: prefixes32 }));
  await beside('search, 4 prefix terms OR, totalCount', () => post(SEARCH, { q: 'co* OR se* OR pr* OR re*' }));
  await beside('search "fentanyl cooperation", totalCount', () => post(SEARCH, { q: 'fentanyl cooperation' }));
  const progress = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: topicProgress(asOf: "2021-06-${String(i + 1).padStart(2, '0')}") { total }`).join(' ')} }`;
  await beside('24 aliased topicProgress(asOf)', () => post(progress(24)));
  await beside('6 aliased topicProgress(asOf)', () => post(progress(6)));
  await beside('statements CSV export (fast reader)', () => download('/export/statements.csv'));
  console.log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} -> ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await app.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
