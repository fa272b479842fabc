import 'reflect-metadata';
// First, before the app's modules load: the dataset's own SQLite file.
import { BENCH_DB, numberArg as arg } from './use-bench-db';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../src/app.module';
import { createHttpApp, HTTP_APP_OPTIONS } from '../src/http/http-app';
import { ApiTokensService } from '../src/auth/api-tokens.service';
import { Role } from '../src/common/security/role';

/**
 * Read benchmark (issue 5) on the scale dataset: the real app (Nest, Apollo, HTTP on loopback),
 * timed from the client's side, p50/p95 over --runs runs (default 50) after --warmup (5).
 *   npm run bench:data && npm run bench:read [-- --runs 100] [-- --only topicTimeline]
 */
const RUNS = arg('runs', 50);
const WARMUP = arg('warmup', 5);
/** --only <text>: run only the measures whose name contains it. */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function main(): Promise<void> {
  if (!existsSync(BENCH_DB)) throw new Error(`${BENCH_DB} is missing: run npm run bench:data first`);
  const loadBefore = loadavg();
  const app = await createHttpApp((adapter) => NestFactory.create<NestFastifyApplication>(AppModule, adapter, { ...HTTP_APP_OPTIONS, logger: ['error'] }));
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  // Reading needs a token, as for any client: an ANALYST one, made for this run.
  const { token } = await app.get(ApiTokensService).create({ name: 'bench:read', role: Role.ANALYST });
  const authorization = `Bearer ${token}`;

  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization } });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return (await res.text()).length;
  };

  const rows: { name: string; p50: number; p95: number; runs: number; aim?: number; note: string }[] = [];
  async function measure(name: string, run: () => Promise<string>, options: { aim?: number; runs?: number; warmup?: number } = {}) {
    if (ONLY && !name.includes(ONLY)) return;
    let note = '';
    for (let i = 0; i < (options.warmup ?? WARMUP); i++) note = await run();
    const times: number[] = [];
    for (let i = 0; i < (options.runs ?? RUNS); i++) {
      const t0 = performance.now();
      note = await run();
      times.push(performance.now() - t0);
    }
    const row = { name, p50: percentile(times, 50), p95: percentile(times, 95), runs: times.length, aim: options.aim, note };
    rows.push(row);
    console.log(`${name}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms (${row.runs} runs) ${note}`);
  }

  const { topics } = await gql('{ topics(filter: { root: true }) { id slug } }');
  const security = topics[0].id;
  const PROGRESS = 'topic { slug } total byStatus { status count } fulfilledShare complianceScore overdue lastActivityAt';

  await measure('topicProgress', async () => {
    const { topicProgress } = await gql(`{ topicProgress { ${PROGRESS} } }`);
    return `(${topicProgress.length} roots, ${topicProgress.reduce((s: number, r: any) => s + r.total, 0)} counted)`;
  }, { aim: 20 });
  const { dialogues } = await gql('{ dialogues { id } }');
  await measure('topicProgress(dialogue)', async () => {
    const { topicProgress } = await gql(`query($d: ID) { topicProgress(dialogue: $d) { ${PROGRESS} } }`, { d: dialogues[0].id });
    return `(${topicProgress.reduce((s: number, r: any) => s + r.total, 0)} counted)`;
  }, { aim: 20 });
  await measure('topicProgress(asOf: 2021-06-30)', async () => {
    const { topicProgress } = await gql(`{ topicProgress(asOf: "2021-06-30") { ${PROGRESS} } }`);
    return `(${topicProgress.reduce((s: number, r: any) => s + r.total, 0)} counted)`;
  });
  await measure('topicTimeline(MONTH, 2017-2026)', async () => {
    const { topicTimeline } = await gql(`query($t: ID!) { topicTimeline(topic: $t, from: "2017-01-01", to: "2026-06-30", bucket: MONTH) { asOf total } }`, { t: security });
    return `(${topicTimeline.length} points)`;
  }, { runs: Math.min(RUNS, 10), warmup: 1 });

  const SEARCH = `query($q: String!) { search(text: $q, first: 20) { totalCount nodes { id type rank snippet briefing { id date } speaker { name } } } }`;
  let totalCount = true;
  await measure('search "fentanyl cooperation"', async () => {
    const { search } = await gql(SEARCH.replace(totalCount ? '' : 'totalCount ', ''), { q: 'fentanyl cooperation' });
    return `(${search.nodes.length} hits${search.totalCount != null ? ` of ${search.totalCount}` : ''})`;
  }, { aim: 50 });
  totalCount = false;
  await measure('search "fentanyl cooperation" (page only)', async () => {
    const { search } = await gql(`query($q: String!) { search(text: $q, first: 20) { nodes { id type rank snippet briefing { id date } speaker { name } } } }`, { q: 'fentanyl cooperation' });
    return `(${search.nodes.length} hits)`;
  }, { aim: 50 });

  const PAGE = `query($topic: ID!) {
    commitments(first: 50, filter: { topic: $topic, status: [IN_PROGRESS, STALLED], overdue: true }, orderBy: { field: DUE_DATE, direction: ASC }) {
      pageInfo { hasNextPage endCursor }
      nodes { id title status dueDate topics { slug } sources { quote statement { id briefing { date } } } }
    } }`;
  await measure('commitments page of 50 (topic, status, overdue; by due date; topics and sources)', async () => {
    const { commitments } = await gql(PAGE, { topic: security });
    return `(${commitments.nodes.length} nodes)`;
  }, { aim: 15 });
  await measure('commitments page of 50 (topic; by due date, undated last; topics and sources)', async () => {
    const { commitments } = await gql(PAGE.replace(', status: [IN_PROGRESS, STALLED], overdue: true', ''), { topic: security });
    return `(${commitments.nodes.length} nodes)`;
  }, { aim: 15 });
  await measure('commitments page of 50 (first page, no filter)', async () => {
    const { commitments } = await gql('{ commitments(first: 50) { nodes { id title status dueDate topics { slug } sources { quote } } } }');
    return `(${commitments.nodes.length} nodes)`;
  }, { aim: 15 });

  await measure('CSV export, commitments ?status=FULFILLED', async () => `(${await get('/export/commitments.csv?status=FULFILLED')} chars)`, { runs: Math.min(RUNS, 5), warmup: 1 });
  await measure('CSV export, all commitments', async () => `(${await get('/export/commitments.csv')} chars)`, { runs: 3, warmup: 1 });

  // The machine may be shared: say how busy it was.
  console.log(`\nload average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('\n| measure | p50 (ms) | p95 (ms) | runs | aim |\n|---|---:|---:|---:|---|');
  for (const r of rows) console.log(`| ${r.name} ${r.note} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.runs} | ${r.aim ? `<= ${r.aim} ms ${r.p50 <= r.aim ? 'met' : 'NOT met'}` : ''} |`);
  await app.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
