import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildSchema, GraphQLSchema } from 'graphql';
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { compileBomb } from '../test/utils/compile-bomb';
import { BENCH_DB } from './bench-db';
import { freePort, npmStartCommand, startServer, stopServer, watchPeakRss } from './http/processes';

/**
 * The hostile-load suite (issue 14): the production build (`npm start`'s Node options,
 * NODE_ENV=production) on a copy of the bench dataset (`npm run bench:data`), and each attack
 * in turn from 127.0.0.2 while a probe asks a simple query from 127.0.0.3 every 100 ms.
 *
 *   npm run bench:abuse [-- --only <attack,...> --skip-build --scale 1]
 *
 * Per attack: what the server answered, the probe's p50/p95 (a probe that gets no answer in
 * 5 s counts 5 s), peak RSS of the server, and whether it still answers afterwards (it is
 * restarted on a fresh copy if not). `--scale` multiplies the attack sizes (sockets, requests).
 */

const ROOT = join(__dirname, '..');
const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const ONLY = option('only', '').split(',').filter(Boolean);
const SCALE = Number(option('scale', '1'));
const ATTACKER = '127.0.0.2';
const PROBE = '127.0.0.3';
const PROBE_TIMEOUT_MS = 5_000;

const log = (line = '') => void process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

// ------------------------------------------------------------------ HTTP from a chosen address

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One HTTP request from `localAddress`, on a new connection, with a timeout. */
function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string; timeoutMs?: number }): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/graphql',
        localAddress: options.from ?? ATTACKER,
        agent: false,
        headers: { 'content-type': 'application/json', ...options.headers },
        timeout: options.timeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
        res.on('error', () => resolve({ status: -1, body: 'response error', headers: {} }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: -1, body: (error as NodeJS.ErrnoException).code ?? error.message, headers: {} }));
    req.end(options.body);
  });
}

const gql = (port: number, query: string, variables: object | undefined, token: string | null, from = ATTACKER, timeoutMs?: number) =>
  send(port, { body: JSON.stringify({ query, variables }), headers: token ? { authorization: `Bearer ${token}` } : {}, from, timeoutMs });

/** "200 x3, 400 BAD_USER_INPUT x2, ECONNRESET x1": what a batch of answers was. */
function summarise(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    let code = '';
    try {
      const parsed = JSON.parse(a.body) as { errors?: { extensions?: { code?: string; limit?: string } }[] };
      const first = parsed.errors?.[0]?.extensions;
      code = first ? ` ${first.code ?? ''}${first.limit ? `/${first.limit}` : ''}` : '';
    } catch {
      /* not JSON */
    }
    const key = a.status === -1 ? a.body : `${a.status}${code}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k} x${n}`).join(', ');
}

// ------------------------------------------------------------------ the server under attack

interface Target {
  port: number;
  pid: number;
  analyst: string;
  staff: string;
  /** The end of what the server printed, and how it ended if it did. */
  tail(): string;
  stop(): Promise<void>;
}

let schema: GraphQLSchema;

function build(): void {
  if (argv.includes('--skip-build')) return;
  const t0 = performance.now();
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed');
  log(`build: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** A copy of the bench dataset with an ANALYST and a STAFF token, and the production server on it. */
async function startTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-abuse-'));
  const file = join(dir, 'abuse.sqlite');
  const source = new Database(BENCH_DB, { readonly: true });
  await source.backup(file);
  source.close();
  const env = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: `sqlite:${file}`, DATABASE_SCHEMA: '', DEMO_DATA: 'false', REDIS_URL: '' };
  const cli = (args: string[]) => execFileSync(process.execPath, [join(ROOT, 'dist/src/cli/main.js'), ...args], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const analyst = cli(['token', 'create', '--role', 'analyst', '--name', 'abuse-analyst']);
  const staff = cli(['token', 'create', '--role', 'staff', '--name', 'abuse-staff']);
  const port = await freePort();
  const started = await startServer(process.execPath, [...npmStartCommand(ROOT).options, npmStartCommand(ROOT).script], { ...env, PORT: String(port) }, async () => {
    const res = await gql(port, '{ __typename }', undefined, analyst, PROBE, 2_000);
    return res.status === 200;
  });
  return {
    port,
    pid: started.child.pid!,
    analyst,
    staff,
    tail: () => `${started.child.exitCode !== null || started.child.signalCode ? `exited (${started.child.exitCode ?? started.child.signalCode}): ` : 'running: '}${started.output().slice(-1500)}`,
    async stop() {
      await stopServer(started.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ------------------------------------------------------------------ the probe

/** Asks `{ topics { slug } }` from 127.0.0.3 every 100 ms (one at a time) until stopped. */
function startProbe(target: Target): { stop(): Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await gql(target.port, '{ topics { slug } }', undefined, target.analyst, PROBE, PROBE_TIMEOUT_MS);
      latencies.push(res.status === 200 ? performance.now() - t0 : PROBE_TIMEOUT_MS);
      await sleep(Math.max(0, 100 - (performance.now() - t0)));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return latencies;
    },
  };
}

// ------------------------------------------------------------------ the attacks

type Attack = { name: string; what: string; run(target: Target): Promise<string> };

/** Open `n` sockets from the attacker that each send a request head and then dribble. */
async function slowSockets(port: number, n: number, head: (i: number) => string, seconds: number): Promise<string> {
  const sockets: Socket[] = [];
  let closedByServer = 0;
  let refused = 0;
  for (let i = 0; i < n; i++) {
    const socket = connect({ host: '127.0.0.1', port, localAddress: ATTACKER });
    socket.on('error', () => refused++);
    socket.on('close', () => closedByServer++);
    socket.on('connect', () => socket.write(head(i)));
    socket.on('data', () => {});
    sockets.push(socket);
    if (i % 200 === 199) await sleep(10);
  }
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    await sleep(2_000);
    for (const s of sockets) if (!s.destroyed) s.write('x');
  }
  const open = sockets.filter((s) => !s.destroyed).length;
  for (const s of sockets) s.destroy();
  return `${n} sockets: ${open} still open after ${seconds} s, ${closedByServer - refused} closed by the server, ${refused} errored`;
}

/** Drives `n` requests with at most `concurrency` in flight. */
async function flood(n: number, concurrency: number, one: (i: number) => Promise<Answer>): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) answers.push(await one(next++));
    }),
  );
  return answers;
}

const PREFIXES = 'a b c d e f g h i j k l m n o p q r s t u v w x y z co de mi se tr fe'.split(' ').map((p) => `${p}*`);

const ATTACKS: Attack[] = [
  {
    name: 'none',
    what: 'no attack: the probe alone for 10 s',
    async run() {
      await sleep(10_000);
      return '-';
    },
  },
  {
    name: 'compile-bomb',
    what: 'a 17 KB fragment-per-type-and-depth document (first: 0, no alias), 4 variants, each twice anonymous then twice with a token',
    async run(t) {
      const answers: Answer[] = [];
      for (const variant of [0, 1, 2, 3]) {
        const document = compileBomb(schema, { variant, roots: 8 });
        for (let i = 0; i < 2; i++) answers.push(await gql(t.port, document, undefined, null));
        for (let i = 0; i < 2; i++) {
          const t0 = performance.now();
          answers.push(await gql(t.port, document, undefined, t.analyst));
          if (process.env.ABUSE_DEBUG) process.stderr.write(`bomb ${variant}/${i}: ${(performance.now() - t0).toFixed(0)} ms ${answers[answers.length - 1].body.slice(0, 300)}\n`);
        }
      }
      return summarise(answers);
    },
  },
  {
    name: 'slow-loris',
    what: `${Math.round(2000 * SCALE)} anonymous POSTs declaring 3,000,000 bytes, one byte every 2 s, for 20 s`,
    run: (t) => slowSockets(t.port, Math.round(2000 * SCALE), () => 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\n\r\n{', 20),
  },
  {
    name: 'slow-headers',
    what: `${Math.round(2000 * SCALE)} anonymous connections sending a header line every 2 s, for 20 s`,
    run: (t) => slowSockets(t.port, Math.round(2000 * SCALE), () => 'GET /health HTTP/1.1\r\nX-A: ', 20),
  },
  {
    name: 'prefix-search',
    what: 'ANALYST: 4 aliases of statements(search: 32 prefix terms) with totalCount',
    async run(t) {
      const text = PREFIXES.join(' ');
      const query = `query($s: String!) { ${[1, 2, 3, 4].map((i) => `s${i}: statements(first: 20, filter: { search: $s }) { totalCount nodes { id } }`).join(' ')} }`;
      return summarise([await gql(t.port, query, { s: text }, t.analyst)]);
    },
  },
  {
    name: 'history-aliases',
    what: 'ANALYST: 24 aliases of topicProgress(asOf:)',
    async run(t) {
      const query = `{ ${Array.from({ length: 24 }, (_, i) => `p${i}: topicProgress(asOf: "20${17 + (i % 9)}-0${1 + (i % 9)}-15") { total overdue }`).join(' ')} }`;
      return summarise([await gql(t.port, query, undefined, t.analyst)]);
    },
  },
  {
    name: 'export-statements',
    what: 'ANALYST: the whole statements export (CSV), read as fast as it comes',
    async run(t) {
      const t0 = performance.now();
      const res = await send(t.port, { method: 'GET', path: '/export/statements.csv', headers: { authorization: `Bearer ${t.analyst}` }, timeoutMs: 300_000 });
      return `${res.status}, ${(res.body.length / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
    },
  },
  {
    name: 'stalled-exports',
    what: '40 statements exports whose readers stop reading, held 20 s',
    async run(t) {
      const sockets: Socket[] = [];
      for (let i = 0; i < 40; i++) {
        const socket = connect({ host: '127.0.0.1', port: t.port, localAddress: ATTACKER });
        socket.on('error', () => {});
        socket.on('connect', () => {
          socket.write(`GET /export/statements.csv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.analyst}\r\n\r\n`);
          // Read the first bytes, then stop reading: the server's writes back up.
          socket.once('data', () => socket.pause());
        });
        sockets.push(socket);
      }
      await sleep(20_000);
      const open = sockets.filter((s) => !s.destroyed).length;
      for (const s of sockets) s.destroy();
      return `40 readers: ${open} still open after 20 s`;
    },
  },
  {
    name: 'big-ingest',
    what: 'STAFF: a 2 MB briefing (the seed repeated with new speakers), dry run',
    async run(t) {
      const seed = readFileSync(join(ROOT, 'test/fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');
      const body = seed.slice(seed.indexOf('\n\n'));
      let text = 'Background Briefing on the Secretary\'s Travel\n\n';
      for (let i = 0; text.length < 2_000_000; i++) text += body.replace(/SENIOR STATE DEPARTMENT OFFICIAL/g, `SENIOR STATE DEPARTMENT OFFICIAL ${i % 50}`);
      const t0 = performance.now();
      const res = await gql(t.port, 'mutation($t: String!) { ingestBriefing(input: { text: $t, dryRun: true }) { dryRun created { statements } } }', { t: text }, t.staff, ATTACKER, 120_000);
      return `${summarise([res])} in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
    },
  },
  {
    name: 'subscription-flood',
    what: `ANALYST: ${Math.round(3000 * SCALE)} commitmentChanged subscriptions over 30 sockets, then 5 status changes by STAFF`,
    async run(t) {
      const n = Math.round(3000 * SCALE);
      const clients: Client[] = [];
      let accepted = 0;
      let refused = 0;
      let events = 0;
      for (let c = 0; c < 30; c++) {
        clients.push(
          createClient({
            url: `ws://127.0.0.1:${t.port}/graphql`,
            webSocketImpl: class extends WebSocket {
              constructor(address: string, protocols?: string | string[]) {
                super(address, protocols, { localAddress: ATTACKER });
              }
            },
            connectionParams: { authorization: `Bearer ${t.analyst}` },
            retryAttempts: 0,
            lazy: true,
            on: { error: () => {} },
          }),
        );
      }
      const subscriptions: (() => void)[] = [];
      for (let i = 0; i < n; i++) {
        const client = clients[i % clients.length];
        let settled = false;
        subscriptions.push(
          client.subscribe(
            { query: 'subscription { commitmentChanged { id toStatus } }' },
            {
              next: (value) => {
                if (value.errors) refused += settled ? 0 : 1;
                else events++;
                settled = true;
              },
              error: () => ((refused += settled ? 0 : 1), (settled = true)),
              complete: () => {},
            },
          ),
        );
      }
      await sleep(5_000);
      accepted = n - refused;
      const ids = JSON.parse((await gql(t.port, '{ commitments(first: 5) { nodes { id status } } }', undefined, t.analyst)).body).data?.commitments.nodes ?? [];
      const changes: Answer[] = [];
      for (const { id, status } of ids) {
        changes.push(await gql(t.port, 'mutation($id: ID!, $s: CommitmentStatus!) { setCommitmentStatus(input: { id: $id, status: $s, note: "abuse bench" }) { id } }', { id, s: status === 'STALLED' ? 'IN_PROGRESS' : 'STALLED' }, t.staff));
      }
      await sleep(5_000);
      for (const unsubscribe of subscriptions) unsubscribe();
      await Promise.all(clients.map((c) => c.dispose()));
      return `${n} asked: ${refused} refused or closed, ${accepted} not refused; ${events} events delivered; status changes ${summarise(changes)}`;
    },
  },
  {
    name: 'anonymous-bodies',
    what: `${Math.round(200 * SCALE)} anonymous 3 MB bodies, 20 at a time`,
    async run(t) {
      const body = JSON.stringify({ query: '{ __typename }', variables: { s: 'x'.repeat(3_000_000) } });
      return summarise(await flood(Math.round(200 * SCALE), 20, () => send(t.port, { body })));
    },
  },
  {
    name: 'anonymous-fragments',
    what: `${Math.round(300 * SCALE)} anonymous compile bombs, 10 at a time`,
    async run(t) {
      const document = compileBomb(schema, { roots: 8 });
      return summarise(await flood(Math.round(300 * SCALE), 10, () => gql(t.port, document, undefined, null)));
    },
  },
  {
    name: 'idle-websockets',
    what: `${Math.round(5000 * SCALE)} anonymous websockets that never send connection_init, held 20 s`,
    async run(t) {
      const n = Math.round(5000 * SCALE);
      const sockets: WebSocket[] = [];
      let opened = 0;
      let closed = 0;
      for (let i = 0; i < n; i++) {
        const ws = new WebSocket(`ws://127.0.0.1:${t.port}/graphql`, 'graphql-transport-ws', { localAddress: ATTACKER });
        ws.on('open', () => opened++);
        ws.on('close', () => closed++);
        ws.on('error', () => {});
        sockets.push(ws);
        if (i % 200 === 199) await sleep(20);
      }
      await sleep(20_000);
      const open = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
      for (const ws of sockets) ws.terminate();
      return `${n} sockets: ${opened} opened, ${closed} closed, ${open} still open after 20 s`;
    },
  },
  {
    name: 'ws-introspection',
    what: 'anonymous: introspection over graphql-ws',
    async run(t) {
      return new Promise((resolve) => {
        const client = createClient({
          url: `ws://127.0.0.1:${t.port}/graphql`,
          webSocketImpl: class extends WebSocket {
            constructor(address: string, protocols?: string | string[]) {
              super(address, protocols, { localAddress: ATTACKER });
            }
          },
          retryAttempts: 0,
          on: { error: () => {} },
        });
        let answer = '';
        client.subscribe(
          { query: '{ __schema { types { name } } }' },
          {
            next: (value) => (answer = value.errors ? `error ${JSON.stringify(value.errors[0]).slice(0, 120)}` : `schema with ${(value.data as { __schema: { types: unknown[] } }).__schema.types.length} types`),
            error: (e) => (answer = `closed: ${(e as { code?: number; reason?: string }).code ?? ''} ${(e as { reason?: string }).reason ?? String(e).slice(0, 80)}`),
            complete: () => {
              void client.dispose();
              resolve(answer);
            },
          },
        );
        setTimeout(() => {
          void client.dispose();
          resolve(answer || 'no answer in 10 s');
        }, 10_000);
      });
    },
  },
  {
    name: 'nested-variables',
    what: 'anonymous: 5,000 levels of nested unused variables',
    async run(t) {
      const nested = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
      return summarise([await send(t.port, { body: `{"query":"{ __typename }","variables":{"v":${nested}}}` })]);
    },
  },
];

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  if (!existsSync(BENCH_DB)) throw new Error(`${BENCH_DB} is missing: run npm run bench:data first`);
  build();
  schema = buildSchema(readFileSync(join(ROOT, 'schema.gql'), 'utf8'));
  const chosen = ATTACKS.filter((a) => !ONLY.length || ONLY.includes(a.name));
  log(`bench:abuse at ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()}, ${new Date().toISOString()}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  log('| attack | what | server answered | probe p50 / p95 ms | peak RSS MB | alive after | load |');
  log('|---|---|---|---|---|---|---|');
  let target = await startTarget();
  for (const attack of chosen) {
    const probe = startProbe(target);
    const peak = watchPeakRss(target.pid);
    let answered: string;
    try {
      answered = await attack.run(target);
    } catch (error) {
      answered = `attack failed: ${(error as Error).message.slice(0, 120)}`;
    }
    await sleep(1_000);
    const latencies = await probe.stop();
    let rss = NaN;
    try {
      rss = peak.stop();
    } catch {
      /* the process is gone */
    }
    const after = await gql(target.port, '{ topics { slug } }', undefined, target.analyst, PROBE, 10_000);
    const alive = after.status === 200;
    if (!alive) process.stderr.write(`probe after ${attack.name}: ${after.status} ${after.body.slice(0, 300)}\n`);
    log(`| ${attack.name} | ${attack.what} | ${answered} | ${percentile(latencies, 50).toFixed(0)} / ${percentile(latencies, 95).toFixed(0)} (${latencies.length}) | ${rss.toFixed(0)} | ${alive ? 'yes' : 'NO'} | ${loadavg()[0].toFixed(1)} |`);
    if (!alive) {
      process.stderr.write(`${attack.name}: the server ${target.tail()}\n`);
      await target.stop();
      target = await startTarget();
    }
  }
  await target.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
