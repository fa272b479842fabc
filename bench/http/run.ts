import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { BENCH_DB } from '../bench-db';
import { DEFAULT_SEARCH, Operation, operations } from './operations';
import { cpuMs, freePort, npmStartCommand, npmStartNodeOptions, rssMb, startServer, stopServer, watchPeakRss } from './processes';
import { closeMonitor, copySqliteToPostgres, dropDatabase, postgresBackendsCpuMs } from './postgres-copy';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

/**
 * The read-path HTTP benchmark (issue 7): the production build of the API against the raw
 * baseline (bench/raw-baseline), each on its own copy of the same database (the bench dataset
 * plus the seed briefing), loaded in turn with autocannon on loopback.
 *
 *   npm run bench:data            # once: bench/data/bench.sqlite
 *   npm run bench:http [-- --duration 10 --pairs 3 --warmup 3 --connections 10 --only search --pg --profile dir]
 *
 * Every response of every run is checked against the baseline's answer (same bytes, no
 * `errors`); the two servers' answers are compared byte for byte before loading. Per run:
 * req/s, p50/p99, server CPU per request (from /proc), peak RSS, and how busy the rest of the
 * machine was (all CPU time not spent by the server under test or this process).
 */

const ROOT = join(__dirname, '..', '..');
/** Where the API (and the baseline) are built and run from: this working tree, or a --ref's files. */
let APP = ROOT;
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const DURATION = Number(option('duration', '10'));
const PAIRS = Number(option('pairs', '3'));
const WARMUP = Number(option('warmup', '3'));
const CONNECTIONS = Number(option('connections', '10'));
const ONLY = option('only', '');
const TOPIC = option('topic', 'security');
const SEARCH = option('search', DEFAULT_SEARCH);
const PG = flag('pg');
const PG_URL = option('pg-url', 'postgres://postgres@127.0.0.1:5432');
/** A folder for a V8 CPU profile of the GraphQL server (written when it stops), to see where its time goes. */
const PROFILE_DIR = option('profile', '');
/**
 * Node options of the GraphQL server: those `npm start` runs it with (package.json), unless
 * --server-flags gives others to try (e.g. --server-flags "--max-semi-space-size=4").
 */
/** --server-env "K=V K2=V2": environment of the GraphQL server on top of the deployed one (e.g. GRAPHQL_JIT=false), to measure a setting. */
const SERVER_ENV: Record<string, string> = Object.fromEntries(
  option('server-env', '')
    .split(' ')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
function serverFlags(): string[] {
  const given = argv.includes('--server-flags') ? option('server-flags', '') : null;
  if (given !== null) return given.split(' ').filter(Boolean);
  return npmStartNodeOptions(APP);
}

type Side = 'GraphQL' | 'raw';

interface Server {
  side: Side;
  port: number;
  pid: number;
  coldStartMs: number;
  idleRssMb: number;
  /** Extra CPU the database spends for this server (PostgreSQL backends), in ms. */
  dbCpuMs: () => Promise<number>;
  stop: () => Promise<void>;
}

interface Run {
  operation: string;
  side: Side;
  pair: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  cpuMsPerReq: number;
  dbCpuMsPerReq: number | null;
  peakRssMb: number;
  /** Responses that were not 2xx, errored, timed out, or differed from the baseline's bytes. */
  bad: number;
  /** Mean cores used by everything else on the machine during the run. */
  otherCores: number;
  load1: number;
}

const log = (line = '') => void process.stdout.write(`${line}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

// ------------------------------------------------------------------ builds

/**
 * `npm run build` here, or with --ref <commit> in a copy of that commit's files (git archive,
 * this checkout's node_modules): the working tree may hold other people's unfinished changes.
 */
function build(): string | null {
  const ref = option('ref', '');
  const t0 = performance.now();
  let tree: string | null = null;
  if (ref) {
    const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
    tree = mkdtempSync(join(tmpdir(), 'bench-http-tree-'));
    execFileSync('sh', ['-c', `git archive --format=tar ${sha} | tar -x -C "${tree}"`], { cwd: ROOT });
    symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
    APP = tree;
    log(`build: commit ${sha.slice(0, 12)} (${execFileSync('git', ['log', '-1', '--format=%s', sha], { cwd: ROOT, encoding: 'utf8' }).trim().slice(0, 100)}) in ${tree}`);
  } else if (flag('skip-build')) {
    log('build: skipped (--skip-build)');
    return null;
  } else {
    const dirty = execFileSync('git', ['status', '--porcelain', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim();
    log(`build: this working tree at ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()}${dirty ? `, with uncommitted changes in src/ (${dirty.split('\n').length} files)` : ''}`);
  }
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(APP, 'tsconfig.build.json')], { cwd: APP, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error('the build failed');
  // the bundle npm start runs (commits before it had none)
  const bundler = join(APP, 'scripts', 'bundle-server.js');
  if (existsSync(bundler)) {
    rmSync(join(APP, 'dist', 'server.js.cache'), { force: true });
    const bundled = spawnSync(process.execPath, [bundler], { cwd: APP, stdio: ['ignore', 'inherit', 'inherit'] });
    if (bundled.status !== 0) throw new Error('the bundle failed');
  }
  log(`build: npm run build (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return tree;
}

/** The baseline as plain JavaScript under dist/bench-http/ (no TypeScript at run time, as for the API). */
function buildBaseline(): string {
  const out = join(APP, 'dist', 'bench-http');
  const sources = [
    ...readdirSync(join(APP, 'bench', 'raw-baseline')).filter((f) => f.endsWith('.ts')).map((f) => join(APP, 'bench', 'raw-baseline', f)),
    join(APP, 'bench', 'http', 'operations.ts'),
  ];
  for (const file of sources) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    const target = join(out, relative(join(APP, 'bench'), file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return join(out, 'raw-baseline', 'server.js');
}

// ------------------------------------------------------------------ data

/**
 * The API as deployed (NODE_ENV=production), except: request logs off (LOG_LEVEL=warn; the
 * baseline writes none either; --log-level info puts them back) and a rate limit no load can
 * reach (the throttler still counts every request, it just never refuses one: 3,000 a minute
 * per token would refuse most of the run).
 */
const APP_ENV = { NODE_ENV: 'production', DEMO_DATA: 'false', LOG_LEVEL: option('log-level', 'warn'), RATE_LIMIT: '1000000000' };
const baseEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...APP_ENV });

/** The production CLI (dist/src/cli/main.js) on a database. */
function cli(databaseUrl: string, args: string[]): string {
  const result = spawnSync(process.execPath, [join(APP, 'dist', 'src', 'cli', 'main.js'), ...args], {
    cwd: APP,
    env: { ...baseEnv(), LOG_LEVEL: 'error', DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cli ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function copySqlite(from: string, to: string): void {
  copyFileSync(from, to);
  for (const suffix of ['-wal', '-shm']) rmSync(`${to}${suffix}`, { force: true });
}

interface Prepared {
  work: string;
  /** The SQLite file every copy comes from: the dataset, the seed briefing, the token. */
  base: string;
  token: string;
  topicId: number;
}

/** A copy of the dataset (never written to), the seed briefing ingested into it, an ANALYST token for the run. */
async function prepareBase(): Promise<Prepared> {
  if (!existsSync(BENCH_DB)) throw new Error(`${BENCH_DB} is missing: run npm run bench:data first`);
  const work = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const base = join(work, 'base.sqlite');
  const t0 = performance.now();
  // SQLite's online backup from a read-only connection: a consistent snapshot even while
  // another process (bench:read, say) has the file open.
  const source = new Database(BENCH_DB, { readonly: true, fileMustExist: true });
  try {
    await source.backup(base);
  } finally {
    source.close();
  }
  const url = `sqlite:${base}`;
  cli(url, ['ingest', join(APP, 'demo'), '--accept-all', '--actor', 'seed']);
  const token = cli(url, ['token', 'create', '--role', 'analyst', '--name', 'bench:http']).trim();
  const db = new Database(base);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const topic = db.prepare('SELECT id FROM topic WHERE slug = ?').get(TOPIC) as { id: number } | undefined;
  const counts = db.prepare('SELECT (SELECT COUNT(*) FROM statement) AS statements, (SELECT COUNT(*) FROM commitment) AS commitments, (SELECT COUNT(*) FROM briefing) AS briefings').get();
  db.close();
  if (!topic) throw new Error(`no topic with slug ${TOPIC}`);
  log(`data: ${BENCH_DB} copied to ${work}, seed briefing ingested, ANALYST token made (${((performance.now() - t0) / 1000).toFixed(1)} s): ${JSON.stringify(counts)}`);
  return { work, base, token, topicId: topic.id };
}

// ------------------------------------------------------------------ HTTP

/** One POST with exact bytes back (node:http, no client-side decoding surprises). */
function post(port: number, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A valid answer: 200, JSON with data and no errors. */
function isAnswer(response: { status: number; text: string }): boolean {
  if (response.status !== 200) return false;
  try {
    const parsed = JSON.parse(response.text);
    return parsed.errors === undefined && parsed.data != null;
  } catch {
    return false;
  }
}

/**
 * Whether a body autocannon collected is the expected one. autocannon decodes each chunk to a
 * string on its own, so a character split across two chunks arrives as U+FFFD marks: such a body
 * still matches when every other byte does and each run of marks stands for one non-ASCII
 * character of the expected body.
 */
function matcher(expected: string, sample: { body?: string }): (body: string) => boolean {
  return (body) => {
    if (body === expected) return true;
    sample.body ??= body;
    if (!body.includes('\uFFFD') || expected.includes('\uFFFD')) return false;
    const pieces = body.split(/\uFFFD+/);
    let at = 0;
    for (let i = 0; i < pieces.length; i++) {
      if (!expected.startsWith(pieces[i], at)) return false;
      at += pieces[i].length;
      if (i < pieces.length - 1) {
        const code = expected.codePointAt(at);
        if (code === undefined || code < 0x80) return false;
        at += code > 0xffff ? 2 : 1;
      }
    }
    return at === expected.length;
  };
}

/** Machine-wide busy CPU time so far, in ms (all cores), from /proc/stat. */
function machineBusyMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = ticks;
  return ((user + nice + system + irq + softirq + steal) * 1000) / 100;
}
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Waits until the server (and its database backends) finished what was in flight: their CPU time stops moving. */
async function settle(server: Server): Promise<void> {
  const used = async () => cpuMs(server.pid) + (await server.dbCpuMs());
  let last = await used();
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await used();
    if (now === last) return;
    last = now;
  }
}

async function load(server: Server, token: string, op: Operation, seconds: number, expected: string | null, pair: number): Promise<Run> {
  await settle(server);
  const cpu0 = cpuMs(server.pid);
  const db0 = await server.dbCpuMs();
  const busy0 = machineBusyMs();
  const own0 = ownCpuMs();
  const rss = watchPeakRss(server.pid);
  const t0 = performance.now();
  const sample: { body?: string } = {};
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: op.body,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    // A slow answer is measured, not dropped as a timeout (autocannon's default is 10 s).
    timeout: 120,
    ...(expected !== null ? { verifyBody: matcher(expected, sample) } : {}),
  });
  const bad = result.non2xx + result.errors + result.timeouts + result.mismatches;
  if (bad && expected !== null) {
    log(`  ${op.name} ${server.side}: ${bad} bad answers: status codes ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts; a body: ${sample.body?.slice(0, 300)}`);
  }
  const wall = performance.now() - t0;
  const peakRssMb = rss.stop();
  // Requests cut off at the end are still served: count their CPU against the requests sent.
  await settle(server);
  const cpu = cpuMs(server.pid) - cpu0;
  const dbCpu = (await server.dbCpuMs()) - db0;
  const others = machineBusyMs() - busy0 - (ownCpuMs() - own0) - cpu - dbCpu;
  const sent = Math.max(result.requests.sent, result.requests.total, 1);
  return {
    operation: op.name,
    side: server.side,
    pair,
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerReq: cpu / sent,
    dbCpuMsPerReq: PG ? dbCpu / sent : null,
    peakRssMb,
    bad,
    otherCores: Math.max(0, others) / wall,
    load1: loadavg()[0],
  };
}

// ------------------------------------------------------------------ servers

async function startSide(side: Side, script: string, databaseUrl: string, token: string, probe: Operation, dbCpuMs: () => Promise<number>): Promise<Server> {
  const port = await freePort();
  const env = { ...baseEnv(), ...(side === 'GraphQL' ? SERVER_ENV : {}), DATABASE_URL: databaseUrl, PORT: String(port) };
  const profile = side === 'GraphQL' ? [...serverFlags(), ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])] : [];
  const started = await startServer(process.execPath, [...profile, script], env, async () => isAnswer(await post(port, token, probe.body)));
  const pid = started.child.pid!;
  await new Promise((r) => setTimeout(r, 500));
  const server: Server = { side, port, pid, coldStartMs: started.coldStartMs, idleRssMb: rssMb(pid), dbCpuMs, stop: () => stopServer(started.child) };
  log(`${side}: pid ${pid}, port ${port}${side === 'GraphQL' ? ` (node ${serverFlags().join(' ')}${Object.keys(SERVER_ENV).length ? `, env ${JSON.stringify(SERVER_ENV)}` : ''})` : ''}, cold start to first answer ${server.coldStartMs.toFixed(0)} ms, RSS after start ${server.idleRssMb.toFixed(0)} MB`);
  return server;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function printRun(r: Run): void {
  log(
    `  ${r.operation.padEnd(17)} pair ${r.pair} ${r.side.padEnd(7)} ${fmt(r.rps).padStart(8)} req/s  p50 ${fmt(r.p50, 0).padStart(5)} ms  p99 ${fmt(r.p99, 0).padStart(5)} ms  ` +
      `CPU ${fmt(r.cpuMsPerReq, 2)} ms/req${r.dbCpuMsPerReq !== null ? ` (+ db ${fmt(r.dbCpuMsPerReq, 2)})` : ''}  RSS ${fmt(r.peakRssMb, 0)} MB  ` +
      `${r.requests} answers, ${r.bad} bad  (others ${fmt(r.otherCores, 2)} cores, load ${fmt(r.load1, 2)})`,
  );
}

function summary(runs: Run[], servers: Server[], header: string): string {
  const lines: string[] = [header, ''];
  lines.push('| operation | pair | GraphQL req/s | raw req/s | ratio | GraphQL p50 / p99 ms | raw p50 / p99 ms | CPU ms/req GraphQL / raw | peak RSS MB GraphQL / raw | bad | others (cores) |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const names = [...new Set(runs.map((r) => r.operation))];
  const cpu = (r: Run) => (r.dbCpuMsPerReq !== null ? `${fmt(r.cpuMsPerReq, 2)}+${fmt(r.dbCpuMsPerReq, 2)}db` : fmt(r.cpuMsPerReq, 2));
  for (const name of names) {
    const ratios: number[] = [];
    for (let pair = 1; pair <= PAIRS; pair++) {
      const g = runs.find((r) => r.operation === name && r.pair === pair && r.side === 'GraphQL');
      const w = runs.find((r) => r.operation === name && r.pair === pair && r.side === 'raw');
      if (!g || !w) continue;
      const ratio = g.rps / w.rps;
      ratios.push(ratio);
      lines.push(
        `| ${name} | ${pair} | ${fmt(g.rps)} | ${fmt(w.rps)} | ${fmt(ratio, 2)} | ${fmt(g.p50, 0)} / ${fmt(g.p99, 0)} | ${fmt(w.p50, 0)} / ${fmt(w.p99, 0)} | ` +
          `${cpu(g)} / ${cpu(w)} | ${fmt(g.peakRssMb, 0)} / ${fmt(w.peakRssMb, 0)} | ${g.bad + w.bad} | ${fmt((g.otherCores + w.otherCores) / 2, 2)} |`,
      );
    }
    const of = (side: Side) => runs.filter((r) => r.operation === name && r.side === side);
    const med = (side: Side, f: (r: Run) => number) => median(of(side).map(f));
    lines.push(
      `| **${name}** | median | ${fmt(med('GraphQL', (r) => r.rps))} | ${fmt(med('raw', (r) => r.rps))} | **${fmt(median(ratios), 2)}** | ` +
        `${fmt(med('GraphQL', (r) => r.p50), 0)} / ${fmt(med('GraphQL', (r) => r.p99), 0)} | ${fmt(med('raw', (r) => r.p50), 0)} / ${fmt(med('raw', (r) => r.p99), 0)} | ` +
        `${fmt(med('GraphQL', (r) => r.cpuMsPerReq + (r.dbCpuMsPerReq ?? 0)), 2)} / ${fmt(med('raw', (r) => r.cpuMsPerReq + (r.dbCpuMsPerReq ?? 0)), 2)} | ${fmt(Math.max(...of('GraphQL').map((r) => r.peakRssMb)), 0)} / ${fmt(Math.max(...of('raw').map((r) => r.peakRssMb)), 0)} | ` +
        `${of('GraphQL').concat(of('raw')).reduce((n, r) => n + r.bad, 0)} | |`,
    );
  }
  lines.push('');
  lines.push('| server | cold start to first answer | RSS after start |');
  lines.push('|---|---:|---:|');
  for (const s of servers) lines.push(`| ${s.side} | ${fmt(s.coldStartMs, 0)} ms | ${fmt(s.idleRssMb, 0)} MB |`);
  return lines.join('\n');
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const started = new Date();
  log(`bench:http ${PG ? 'PostgreSQL' : 'SQLite'}, ${started.toISOString()}; ${DURATION} s runs, ${PAIRS} pairs, ${WARMUP} s warm-up, ${CONNECTIONS} connections, no pipelining`);
  const before = uptime();
  log(`machine before: ${before}`);
  const tree = build();
  // The copied tree goes even when the run stops before its own cleanup.
  if (tree && !flag('keep')) process.once('exit', () => rmSync(tree, { recursive: true, force: true }));
  const rawScript = buildBaseline();
  const prepared = await prepareBase();
  const ops = operations({ topicId: prepared.topicId, searchText: SEARCH }).filter((op) => !ONLY || op.name.includes(ONLY));
  if (!ops.length) throw new Error(`--only ${ONLY}: no such operation`);

  // Each server on its own copy of the same database.
  let urls: Record<Side, string>;
  let dbCpu: Record<Side, () => Promise<number>> = { GraphQL: async () => 0, raw: async () => 0 };
  const cleanups: (() => Promise<void>)[] = [];
  if (PG) {
    const suffix = `${process.pid}`;
    const names = { GraphQL: `bench_http_gql_${suffix}`, raw: `bench_http_raw_${suffix}` };
    const t0 = performance.now();
    const rows = await copySqliteToPostgres(prepared.base, PG_URL, names.GraphQL, (databaseUrl) => cli(databaseUrl, ['token', 'list']));
    cleanups.push(() => dropDatabase(PG_URL, names.GraphQL));
    await copyDatabase(PG_URL, names.GraphQL, names.raw);
    cleanups.push(() => dropDatabase(PG_URL, names.raw));
    log(`data: PostgreSQL databases ${names.GraphQL} and ${names.raw} loaded from the SQLite copy (${rows} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    urls = { GraphQL: `${PG_URL}/${names.GraphQL}`, raw: `${PG_URL}/${names.raw}` };
    dbCpu = { GraphQL: () => postgresBackendsCpuMs(PG_URL, names.GraphQL), raw: () => postgresBackendsCpuMs(PG_URL, names.raw) };
  } else {
    const gql = join(prepared.work, 'graphql.sqlite');
    const raw = join(prepared.work, 'raw.sqlite');
    copySqlite(prepared.base, gql);
    copySqlite(prepared.base, raw);
    urls = { GraphQL: `sqlite:${gql}`, raw: `sqlite:${raw}` };
  }

  const servers: Server[] = [];
  try {
    const graphql = await startSide('GraphQL', npmStartCommand(APP).script, urls.GraphQL, prepared.token, ops[0], dbCpu.GraphQL);
    servers.push(graphql);
    const raw = await startSide('raw', rawScript, urls.raw, prepared.token, ops[0], dbCpu.raw);
    servers.push(raw);

    // The same bytes from both, and a real answer, before any load.
    const expected = new Map<string, string>();
    for (const op of ops) {
      const [g, w] = [await post(graphql.port, prepared.token, op.body), await post(raw.port, prepared.token, op.body)];
      if (!isAnswer(g)) throw new Error(`${op.name}: the API did not answer: ${g.status} ${g.text.slice(0, 500)}`);
      if (g.text !== w.text) {
        let i = 0;
        while (g.text[i] === w.text[i]) i++;
        throw new Error(`${op.name}: the baseline's bytes differ from the API's at ${i}:\n  API: ${g.text.slice(Math.max(0, i - 120), i + 120)}\n  raw: ${w.text.slice(Math.max(0, i - 120), i + 120)}`);
      }
      expected.set(op.name, w.text);
      log(`${op.name}: identical answers (${Buffer.byteLength(w.text)} bytes)`);
    }

    const runs: Run[] = [];
    for (const op of ops) {
      log(`\n${op.name}: warm-up ${WARMUP} s each, then ${PAIRS} pairs of ${DURATION} s (GraphQL, raw, GraphQL, raw, ...)`);
      for (const server of [graphql, raw]) await load(server, prepared.token, op, WARMUP, null, 0);
      for (let pair = 1; pair <= PAIRS; pair++) {
        for (const server of [graphql, raw]) {
          const run = await load(server, prepared.token, op, DURATION, expected.get(op.name)!, pair);
          runs.push(run);
          printRun(run);
        }
      }
      // The answer after the runs is still the one compared before them.
      for (const server of [graphql, raw]) {
        const after = await post(server.port, prepared.token, op.body);
        if (after.text !== expected.get(op.name)) throw new Error(`${op.name}: ${server.side} answers differently after the runs`);
      }
    }

    const header =
      `Read-path benchmark, ${PG ? 'PostgreSQL' : 'SQLite'}, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${DURATION} s runs, ${PAIRS} pairs, ` +
      `${CONNECTIONS} connections, topic "${TOPIC}", search "${SEARCH}". machine before: \`${before}\`, after: \`${uptime()}\``;
    const table = summary(runs, servers, header);
    log(`\n${table}`);
    const bad = runs.reduce((n, r) => n + r.bad, 0);
    writeFileSync(join(prepared.work, 'results.json'), JSON.stringify({ started, flags: argv, servers, runs }, null, 2));
    log(`results: ${join(prepared.work, 'results.json')}`);
    if (bad) throw new Error(`${bad} responses were not the expected answer`);
  } finally {
    for (const s of servers) await s.stop();
    await closeMonitor();
    for (const c of cleanups.reverse()) await c();
    if (!flag('keep')) {
      for (const f of readdirSync(prepared.work)) if (f.endsWith('.sqlite') || f.includes('.sqlite-')) rmSync(join(prepared.work, f), { force: true });
    }
  }
}

async function copyDatabase(url: string, from: string, to: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: `${url}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${to} TEMPLATE ${from}`);
  } finally {
    await client.end();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
