/**
 * One status change with many subscribers: how long the server's event loop is held while
 * the event fans out, and how long until every subscriber has it.
 *
 *   npm run bench:fanout -- [subscribers=2000] [perSocket=50]
 *   BENCH_APP_ROOT=/path/to/other/checkout npm run bench:fanout   (the same on another build, say before a change)
 *
 * The server runs in this process (its event-loop delay measured with monitorEventLoopDelay);
 * the subscribers in a child process (so their work is not counted), each socket with a token
 * of its own, all from 127.0.0.1. Fresh SQLite database (bench-env), DEMO_DATA off.
 */
import './bench-env';
import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

Object.assign(process.env, { RATE_LIMIT: '0', WS_OPERATION_RATE_LIMIT: '0', WS_MAX_CONNECTIONS_PER_ADDRESS: '100000', WS_MAX_CONNECTIONS: '100000', WS_CONNECTION_INIT_TIMEOUT_MS: '60000', AUTH_CACHE_TTL_MS: '600000' });
// A bound on the whole run: a subscriber that never gets its events fails it rather than hanging.
setTimeout(() => {
  console.error('fan-out bench: timed out');
  process.exit(1);
}, Number(process.env.BENCH_TIMEOUT_MS ?? 240_000)).unref();

const root = resolve(process.env.BENCH_APP_ROOT ?? join(__dirname, '..'));
const subscribers = Number(process.argv[2] ?? 2000);
const perSocket = Number(process.argv[3] ?? 50);
const QUERY = 'subscription { commitmentChanged { id fromStatus toStatus validFrom actor note party { id status country { code } } commitment { id title status } evidence { url } } }';

/** The subscribers: opens the sockets, subscribes, says "ready", then "got <n>" once n events arrived in all. */
const CLIENT = `
const WebSocket = require(${JSON.stringify(join(root, 'node_modules', 'ws'))});
const [url, query, expected, ...tokens] = process.argv.slice(1);
const perSocket = Math.ceil(Number(expected) / tokens.length);
let subscribed = 0, got = 0, want = Number(expected);
const sockets = tokens.map((token, s) => {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer ' + token } })));
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type === 'connection_ack') {
      for (let i = 0; i < perSocket && s * perSocket + i < want; i++) ws.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query } }));
      subscribed += Math.min(perSocket, want - s * perSocket);
      if (subscribed >= want) process.stdout.write('ready\\n');
    } else if (m.type === 'next') {
      got++;
      if (got % want === 0) process.stdout.write('got ' + got + '\\n');
    } else if (m.type === 'error') process.stdout.write('error ' + JSON.stringify(m.payload) + '\\n');
  });
  ws.on('close', (code) => code !== 1000 && process.stdout.write('closed ' + code + '\\n'));
  return ws;
});
process.on('message', () => { for (const ws of sockets) ws.close(1000); setTimeout(() => process.exit(0), 200); });
`;

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += String(chunk);
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      onLine(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
    }
  });
}

async function main(): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { AppModule } = require(join(root, 'src', 'app.module'));
  const { ApiTokensService } = require(join(root, 'src', 'auth', 'api-tokens.service'));
  const { EventsService } = require(join(root, 'src', 'events', 'events.service'));
  // Nest from the build measured (one copy of @nestjs/core for its modules and the factory).
  const { NestFactory } = require(join(root, 'node_modules', '@nestjs', 'core'));
  const app = await NestFactory.create(AppModule, { logger: ['error'], bodyParser: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const tokens = app.get(ApiTokensService);
  const admin = (await tokens.create({ name: 'bench-admin', role: 'ADMIN' })).token;
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const created = (
    await gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id parties { id } } }', {
      input: { title: 'Fan-out', text: 'x', kind: 'ACTION', parties: [{ country: 'US' }, { country: 'MX' }] },
    })
  ).createCommitment;
  const sockets = Math.ceil(subscribers / perSocket);
  const socketTokens: string[] = [];
  for (let i = 0; i < sockets; i++) socketTokens.push((await tokens.create({ name: `bench-${i}`, role: 'ANALYST' })).token);

  const client = spawn(process.execPath, ['-e', CLIENT, `ws://127.0.0.1:${port}/graphql`, QUERY, String(subscribers), ...socketTokens], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const waiting: { text: string; resolve: () => void }[] = [];
  lines(client, (line) => {
    if (line.startsWith('error') || line.startsWith('closed')) console.log(`client: ${line.slice(0, 200)}`);
    for (const w of waiting.splice(0)) {
      if (line.startsWith(w.text)) w.resolve();
      else waiting.push(w);
    }
  });
  const when = (text: string) => new Promise<void>((r) => waiting.push({ text, resolve: r }));
  await when('ready');
  const events = app.get(EventsService);
  while (events.subscriberCount('commitmentChanged') < subscribers) await new Promise((r) => setTimeout(r, 20));

  const delay = monitorEventLoopDelay({ resolution: 5 });
  // A probe beside it: a timer every 10 ms, how late it fires.
  let lateMax = 0;
  let expectedAt = performance.now() + 10;
  const probe = setInterval(() => {
    const now = performance.now();
    lateMax = Math.max(lateMax, now - expectedAt);
    expectedAt = now + 10;
  }, 10);
  delay.enable();
  const started = performance.now();
  const delivered = when(`got ${subscribers * 2}`);
  await gql('mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { id } }', { input: { id: created.id, party: created.parties[0].id, status: 'IN_PROGRESS' } });
  const answered = performance.now() - started;
  await delivered;
  const all = performance.now() - started;
  delay.disable();
  clearInterval(probe);
  console.log(
    JSON.stringify({
      build: root,
      subscribers,
      sockets,
      events: 2,
      mutationAnsweredMs: Math.round(answered),
      allDeliveredMs: Math.round(all),
      loopDelayMaxMs: Math.round(delay.max / 1e6),
      loopDelayP99Ms: Math.round(delay.percentile(99) / 1e6),
      timerLateMaxMs: Math.round(lateMax),
      rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
    }),
  );
  client.send('bye');
  await new Promise((r) => client.once('exit', r));
  await app.close();
  process.exit(0);
}

void main();
