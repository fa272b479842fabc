import { createClient } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { Role } from '../../src/common/security/role';
import { DEFAULT_LIMITS, defaultBodyBytes } from '../../src/config/security.config';
import { Dialogue } from '../../src/dialogues/dialogue.entity';
import { DialoguesService } from '../../src/dialogues/dialogues.service';
import { DEFAULT_INGEST_MAX_BYTES } from '../../src/briefing-import/briefing-import.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/** `depth` levels of fields: commitments > nodes > sources > statement > commitments > ... > id. */
function deepQuery(depth: number): string {
  const path = ['commitments(first: 1)', 'nodes'];
  const cycle = ['sources', 'statement', 'commitments'];
  while (path.length < depth - 1) path.push(cycle[(path.length - 2) % 3]);
  return `{ ${path.join(' { ')} { id }${' }'.repeat(path.length - 1)} }`;
}

const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `d${i}: dialogues { id }`).join(' ')} }`;

/** briefings(first: n) { nodes { statements(first: 100) { nodes { id text } } } }: cost 1 + n * (1 + 1 + 100 * 3). */
const PAGES = `query($n: Int) { briefings(first: $n) { nodes { statements(first: 100) { nodes { id text } } } } }`;

/**
 * Every abuse limit refuses its request with a coded error before any SQL runs (the token
 * is verified once first: its first use is one lookup, cached after), and the legitimate
 * request just inside each limit goes through.
 */
describe('Abuse limits (e2e)', () => {
  let t: TestApp;

  /** The request refused with BAD_USER_INPUT for that limit, with status 400 and no SQL. */
  async function refused(send: () => Promise<{ status: number; errors?: any[] }>, limit: string, status = 400) {
    t.sql.reset();
    const res = await send();
    expect(t.sql.count).toBe(0);
    expect(res.status).toBe(status);
    expect(res.errors).toHaveLength(1);
    const [error] = res.errors!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit });
    expect(JSON.stringify(error)).not.toMatch(/stack|SELECT|at \//);
    return error;
  }

  const post = (body: unknown) =>
    request(t.app.getHttpServer())
      .post('/graphql')
      .set({ authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' })
      .send(typeof body === 'string' ? body : JSON.stringify(body))
      .then((res) => ({ status: res.status, errors: res.body.errors, body: res.body, headers: res.headers }));

  beforeAll(async () => {
    t = await createTestApp();
    ok(await t.gql('{ dialogues { id } }'));
  });
  afterAll(() => t.close());

  it('refuses an operation nested deeper than GRAPHQL_MAX_DEPTH (12), fragments expanded, and takes one at the limit', async () => {
    expect(ok(await t.gql(deepQuery(DEFAULT_LIMITS.depth))).commitments.nodes).toEqual([]);
    const tooDeep = await refused(() => t.gql(deepQuery(13)), 'depth');
    expect(tooDeep.extensions).toMatchObject({ max: 12, actual: 13 });
    // The same depth hidden in fragments counts the same.
    const hidden = `{ commitments(first: 1) { nodes { ...A } } }
      fragment A on Commitment { sources { statement { commitments { ...B } } } }
      fragment B on Commitment { sources { statement { commitments { sources { statement { commitments { sources { id } } } } } } } }`;
    expect((await refused(() => t.gql(hidden), 'depth')).extensions).toMatchObject({ max: 12, actual: 13 });
  });

  it('refuses more than GRAPHQL_MAX_ALIASES (30) aliased fields', async () => {
    expect(Object.keys(ok(await t.gql(aliased(30))))).toHaveLength(30);
    expect((await refused(() => t.gql(aliased(31)), 'aliases')).extensions).toMatchObject({ max: 30, actual: 31 });
  });

  it('refuses an operation whose estimated cost passes GRAPHQL_MAX_COST (25,000): pages multiply, variables and defaults included', async () => {
    // 1 + 80 * 302 = 24,161: just inside.
    expect(ok(await t.gql(PAGES, { n: 80 })).briefings.nodes).toEqual([]);
    const costly = await refused(() => t.gql(PAGES, { n: 100 }), 'cost');
    expect(costly.extensions).toMatchObject({ max: 25_000, actual: 30_201 });
    // The same document is measured again for each new set of variables, refused as often as asked, and still allowed within the limit.
    expect((await refused(() => t.gql(PAGES, { n: 100 }), 'cost')).extensions).toMatchObject({ actual: 30_201 });
    expect(ok(await t.gql(PAGES, { n: 80 })).briefings.nodes).toEqual([]);
    // Without `first`, a connection counts its default page of 20: 1 + 20 * (1 + 1 + 20 * (1 + 1 + 20 * (1 + 1 + 1 + 20 * 3))).
    const defaults = '{ topics { commitments { nodes { sources { statement { commitments { id } } } topics { statements { nodes { id briefing { statements { nodes { id text kind } } } } } } } } } }';
    expect((await refused(() => t.gql(defaults), 'cost')).extensions.actual).toBeGreaterThan(25_000);
  });

  it('costs the event-history reads by what they read: a timeline 3,000 plus its points, as-of progress 3,000 each: at most eight a request', async () => {
    const { topics } = ok(await t.gql('{ topics(filter: { root: true }) { id } }'));
    const timelines = (n: number) =>
      `query($t: ID!) { ${Array.from({ length: n }, (_, i) => `t${i}: topicTimeline(topic: $t, from: "2024-01-01", to: "2026-12-31", bucket: MONTH) { asOf total }`).join(' ')} }`;
    // 36 monthly points of 2 fields: 3,000 + 36 * 2 = 3,072 each. The dashboard's chart (one per root topic) fits.
    expect(ok(await t.gql(timelines(topics.length), { t: topics[0].id })).t0).toHaveLength(36);
    expect((await refused(() => t.gql(timelines(9), { t: topics[0].id }), 'cost')).extensions).toMatchObject({ max: 25_000, actual: 9 * 3_072 });
    // A finer bucket reads the same history but returns more points: 157 weeks.
    const weekly = `query($t: ID!) { topicTimeline(topic: $t, from: "2024-01-01", to: "2026-12-31", bucket: WEEK) { asOf total } }`;
    const weeklyAliases = `query($t: ID!) { ${Array.from({ length: 8 }, (_, i) => `w${i}: topicTimeline(topic: $t, from: "2024-01-01", to: "2026-12-31", bucket: WEEK) { asOf total }`).join(' ')} }`;
    expect(ok(await t.gql(weekly, { t: topics[0].id })).topicTimeline).toHaveLength(157);
    expect((await refused(() => t.gql(weeklyAliases, { t: topics[0].id }), 'cost')).extensions).toMatchObject({ actual: 8 * (3_000 + 157 * 2) });
    // Progress as of a date reads the history (3,000 + 1 for total); today's progress reads the roll-up (1 + 1).
    const progress = (n: number, asOf: string) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: topicProgress${asOf} { total }`).join(' ')} }`;
    expect(Object.keys(ok(await t.gql(progress(8, '(asOf: "2025-01-01")'))))).toHaveLength(8);
    expect((await refused(() => t.gql(progress(9, '(asOf: "2025-01-01")')), 'cost')).extensions).toMatchObject({ actual: 9 * 3_001 });
    // The 24 aliases that held the server for 37 s on the 1M-statement dataset.
    expect((await refused(() => t.gql(progress(24, '(asOf: "2025-01-01")')), 'cost')).extensions).toMatchObject({ actual: 24 * 3_001 });
    expect(Object.keys(ok(await t.gql(progress(30, ''))))).toHaveLength(30);
    // Arguments the resolver refuses cost one point, so the client sees why they are wrong.
    expect(errorOf(await t.gql(`query($t: ID!) { topicTimeline(topic: $t, from: "2026-01-01", to: "2024-01-01") { asOf } }`, { t: topics[0].id })).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses `first` above 100 before any SQL, given by a variable, nested, or written in the query', async () => {
    const byVariable = await refused(() => t.gql('query($first: Int) { commitments(first: $first) { totalCount } }', { first: 1000 }), 'first');
    expect(byVariable.extensions).toMatchObject({ max: 100, actual: 1000, fields: [{ path: 'first' }] });
    // Nested under a list: the root field's SQL would otherwise have run first.
    await refused(() => t.gql('query($n: Int) { topics { commitments(first: $n) { totalCount } } }', { n: 101 }), 'first');
    await refused(() => t.gql('{ briefings(first: 1) { nodes { statements(first: -1) { totalCount } } } }'), 'first');
    expect(ok(await t.gql('query($first: Int) { commitments(first: $first) { totalCount } }', { first: 100 })).commitments.totalCount).toBe(0);
  });

  it('refuses a document of more than GRAPHQL_MAX_TOKENS (3,000) tokens before parsing it all', async () => {
    const error = await refused(() => t.gql(`{ dialogues { ${'id '.repeat(3_000)} } }`), 'tokens');
    expect(error.extensions).toMatchObject({ max: 3_000 });
  });

  it('refuses a batch of operations in one HTTP request (Apollo allowBatchedHttpRequests is off)', async () => {
    const batch = [{ query: '{ dialogues { id } }' }, { query: '{ topics { id } }' }];
    await refused(() => post(batch), 'batch');
  });

  it('refuses a body over BODY_LIMIT_BYTES (1.5 x INGEST_MAX_BYTES + 64 KiB) with 413, while a briefing of INGEST_MAX_BYTES still gets through', async () => {
    const limit = defaultBodyBytes(DEFAULT_INGEST_MAX_BYTES);
    expect(limit).toBe(3_211_264);
    const tooLarge = await refused(() => post({ query: '{ dialogues { id } }', variables: { pad: 'x'.repeat(limit) } }), 'body', 413);
    expect(tooLarge.extensions).toMatchObject({ max: limit });
    // A text one byte over the ingest limit, with a newline every 60 characters (two bytes each
    // in JSON): the body passes, and ingest refuses it with its own message, before any SQL.
    const line = `${'x'.repeat(59)}\n`;
    const text = line.repeat(Math.ceil((DEFAULT_INGEST_MAX_BYTES + 1) / line.length)).slice(0, DEFAULT_INGEST_MAX_BYTES + 1);
    t.sql.reset();
    const ingest = await post({ query: 'mutation($t: String!) { ingestBriefing(input: { text: $t, dryRun: true }) { dryRun } }', variables: { t: text } });
    expect(t.sql.count).toBe(0);
    expect(ingest.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.text', message: expect.stringContaining('the limit is 2097152') }] });
  });

  it('applies the same limits over graphql-ws', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${t.adminToken}` }, retryAttempts: 0, lazy: true });
    const run = (query: string, variables?: Record<string, unknown>) =>
      new Promise<any>((resolve) => {
        let result: unknown;
        client.subscribe({ query, variables }, { next: (r) => (result = r), error: (errors) => resolve({ errors }), complete: () => resolve(result) });
      });
    try {
      expect((await run('{ dialogues { id } }')).data.dialogues.length).toBeGreaterThan(0);
      t.sql.reset();
      expect((await run(deepQuery(13))).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth', max: 12, actual: 13 });
      expect((await run(aliased(31))).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'aliases' });
      expect((await run('query($n: Int) { topics { commitments(first: $n) { totalCount } } }', { n: 1000 })).errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        limit: 'first',
        actual: 1000,
      });
      expect((await run('subscription($n: Int) { commitmentChanged { commitment { topics { commitments(first: $n) { totalCount } } } } }', { n: 1000 })).errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        limit: 'first',
      });
      expect(t.sql.count).toBe(0);
    } finally {
      await client.dispose();
    }
  });

  it('closes a graphql-ws socket that sends a message over the body limit (1009), before parsing it, and serves one under it', async () => {
    if (!t.app.getHttpServer().listening) await t.app.listen(0, '127.0.0.1');
    // graphql-ws reports the socket's error (the refused message) on the console.
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const bodyBytes = defaultBodyBytes(DEFAULT_INGEST_MAX_BYTES);
    const closeCode = (message: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(url, 'graphql-transport-ws');
        socket.on('open', () => socket.send(message));
        socket.on('message', (data) => {
          // An answer to connection_init: the message was read; say so by closing normally.
          if (JSON.parse(String(data)).type === 'connection_ack') socket.close(1000);
        });
        socket.on('close', (code) => resolve(code));
        socket.on('error', reject);
      });
    const init = (padding: number) => JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${t.adminToken}`, padding: 'x'.repeat(padding) } });
    expect(await closeCode(init(bodyBytes - 200))).toBe(1000);
    try {
      expect(await closeCode(init(bodyBytes + 1))).toBe(1009);
    } finally {
      consoleError.mockRestore();
    }
  });
});

/**
 * The time budget and the rate limit, on an app with small ones (OPERATION_TIMEOUT_MS=500,
 * RATE_LIMIT=5 a minute). Each test uses a token of its own: the budget is per token.
 */
describe('Operation timeout and rate limit (e2e)', () => {
  let t: TestApp;
  let dialogues: DialoguesService;

  beforeAll(async () => {
    t = await createTestApp({ OPERATION_TIMEOUT_MS: '500', RATE_LIMIT: '5', RATE_LIMIT_WINDOW_MS: '60000' });
    dialogues = t.app.get(DialoguesService);
  });
  afterAll(async () => {
    await t.close();
    for (const name of ['OPERATION_TIMEOUT_MS', 'RATE_LIMIT', 'RATE_LIMIT_WINDOW_MS']) delete process.env[name];
  });

  it('answers a query still waiting at OPERATION_TIMEOUT_MS with the timeout error, without waiting for it', async () => {
    const headers = await t.as('slow-async', Role.ANALYST);
    ok(await t.gql('{ dialogues { id } }', {}, headers));
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    // A root field waiting on something slow (on PostgreSQL: a long statement).
    const slow = jest.spyOn(dialogues, 'findAll').mockImplementation(
      () => new Promise<Dialogue[]>((resolve) => (timer = setTimeout(() => ((finished = true), resolve([])), 5_000))),
    );
    try {
      t.sql.reset();
      const res = await t.gql('{ dialogues { id countries { code } } }', {}, headers);
      expect(finished).toBe(false);
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([
        expect.objectContaining({ message: expect.stringContaining('time budget of 500 ms'), extensions: { code: 'BAD_USER_INPUT', fields: [], limit: 'timeout', max: 500 } }),
      ]);
      expect(t.sql.count).toBe(0);
    } finally {
      clearTimeout(timer);
      slow.mockRestore();
    }
  });

  it('gives a query over graphql-ws the same budget (Apollo plugins do not run there: the first root field starts it)', async () => {
    if (!t.app.getHttpServer().listening) await t.app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const headers = await t.as('slow-ws', Role.ANALYST);
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: headers.authorization }, retryAttempts: 0, lazy: true });
    let timer: NodeJS.Timeout | undefined;
    const slow = jest.spyOn(dialogues, 'findAll').mockImplementation(() => new Promise<Dialogue[]>((resolve) => (timer = setTimeout(() => resolve([]), 5_000))));
    try {
      const started = Date.now();
      const result = await new Promise<any>((resolve) => {
        let last: unknown;
        client.subscribe({ query: '{ dialogues { id } }' }, { next: (r) => (last = r), error: (errors) => resolve({ errors }), complete: () => resolve(last) });
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'timeout', max: 500 }) })]);
    } finally {
      clearTimeout(timer);
      slow.mockRestore();
      await client.dispose();
    }
  });

  it('resolves no further field, and so runs no further SQL, once a blocking root field has used up the budget', async () => {
    const headers = await t.as('slow-sync', Role.ANALYST);
    const rows = await dialogues.findAll();
    ok(await t.gql('{ dialogues { id } }', {}, headers));
    // better-sqlite3 blocks the event loop for a whole statement: nothing can interrupt it, but
    // when it returns past the deadline the fields below (here the countries' loader) never start.
    const blocking = jest.spyOn(dialogues, 'findAll').mockImplementation(() => {
      const until = Date.now() + 800;
      while (Date.now() < until);
      return Promise.resolve(rows);
    });
    try {
      t.sql.reset();
      const res = await t.gql('{ dialogues { id countries { code name } } }', {}, headers);
      expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 'timeout' }) })]);
      expect(res.data).toBeNull();
      expect(t.sql.count).toBe(0);
    } finally {
      blocking.mockRestore();
    }
  });

  it('refuses a token past RATE_LIMIT requests in the window with FORBIDDEN, limit rate, retryAfter and HTTP 429, counting an operation once', async () => {
    const burst = await t.as('burst', Role.ANALYST);
    const send = (query: string, headers = burst) =>
      request(t.app.getHttpServer()).post('/graphql').set(headers).send({ query });
    // Five operations, of one, two and three root fields: five requests.
    expect((await send('{ dialogues { id } }')).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await send('{ dialogues { id } topics { id } countries { code } }')).body.errors).toBeUndefined();
    t.sql.reset();
    const res = await send('{ dialogues { id } topics { id } }');
    expect(t.sql.count).toBe(0);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toEqual([
      {
        message: expect.stringContaining('Too many requests'),
        locations: expect.any(Array),
        path: expect.any(Array),
        extensions: { code: 'FORBIDDEN', limit: 'rate', max: 5, windowMs: 60_000, retryAfter: Number(res.headers['retry-after']) },
      },
    ]);
    // The export routes share the token's budget (403 there, with the same body).
    const exported = await request(t.app.getHttpServer()).get('/export/commitments.csv').set(burst);
    expect([exported.status, exported.body.errors[0].extensions.limit]).toEqual([403, 'rate']);
    // Another token has its own budget; the public health probe is never counted.
    expect((await send('{ dialogues { id } }', await t.as('other', Role.ANALYST))).status).toBe(200);
    for (let i = 0; i < 7; i++) expect((await request(t.app.getHttpServer()).get('/health')).status).toBe(200);
  });
});
