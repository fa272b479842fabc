import { Logger } from '@nestjs/common';
import { createClient } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import WebSocket from 'ws';
import { DASHBOARD_CSP } from '../../src/dashboard/dashboard-assets';
import { DialoguesService } from '../../src/dialogues/dialogues.service';
import { ExportService } from '../../src/export/export.service';
import { compiledBuild } from '../utils/compiled-build';
import { ServerProcess, startServerProcess } from '../utils/server-process';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

/** What must never reach a client: stacks, source paths, SQL. */
const LEAK = /\bat \S+ \(|\.ts:\d+|node_modules|SELECT |INSERT |FROM "|SQLITE_|QueryFailedError/;

/**
 * The production settings (NODE_ENV=production) as a client and an operator meet them: on
 * the real AppModule for the API's answers, and on the real server process (main.ts) for
 * what it logs.
 */
describe('Production settings (e2e)', () => {
  let t: TestApp;
  const server = () => t.app.getHttpServer();

  beforeAll(async () => {
    // LOG_LEVEL fatal: the request log of the failures provoked below stays out of the test output.
    t = await createTestApp({ NODE_ENV: 'production', CORS_ORIGINS: 'https://tracker.example.org', LOG_LEVEL: 'fatal' });
  });
  afterAll(async () => {
    await t.close();
    delete process.env.CORS_ORIGINS;
    Object.assign(process.env, { NODE_ENV: 'test', LOG_LEVEL: 'error' });
  });

  it('refuses introspection, and names no schema fields in validation errors', async () => {
    const introspection = await t.gql('{ __schema { types { name } } }');
    expect(introspection.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(introspection.data).toBeUndefined();
    expect((await t.gql('{ __type(name: "Commitment") { fields { name } } }')).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const typo = await t.gql('{ dialoguez { id } }');
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean|dialogues/);
  });

  it('answers unexpected failures with a masked error: no stack, no SQL, over GraphQL and HTTP', async () => {
    const sqlError = Object.assign(new Error('SQLITE_ERROR: no such column: "secret" -- SELECT "token_hash" FROM "api_token"'), { code: 'SQLITE_ERROR' });
    const graphql = jest.spyOn(t.app.get(DialoguesService), 'findAll').mockRejectedValue(sqlError);
    const exported = jest.spyOn(t.app.get(ExportService), 'open').mockRejectedValue(sqlError);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => {});
    try {
      const res = await t.gql('{ dialogues { id } }');
      expect(res.errors).toEqual([{ message: 'Internal server error', locations: expect.any(Array), path: ['dialogues'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      const csv = await request(server()).get('/export/commitments.csv').set('authorization', `Bearer ${t.adminToken}`);
      expect([csv.status, csv.body]).toEqual([500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }]);
      // The server's own log has the cause.
      expect(logged.mock.calls.map((call) => String(call[0]))).toEqual([expect.stringContaining('SQLITE_ERROR'), expect.stringContaining('SQLITE_ERROR')]);
    } finally {
      graphql.mockRestore();
      exported.mockRestore();
      logged.mockRestore();
    }
    // Requests the server cannot even read: coded, with nothing of the parser or the server in them.
    const answers = [
      await request(server()).post('/graphql').set('content-type', 'application/json').send('{"query": '),
      await request(server()).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${t.adminToken}`).send('{"query":"{ dialogues { id "}'),
      await request(server()).post('/graphql').set('content-type', 'application/json').send(JSON.stringify({ query: '{ x }', variables: { s: 'x'.repeat(4_000_000) } })),
      await request(server()).get('/no-such-route'),
      await request(server()).get('/assets/no-such-file.js'),
    ];
    expect(answers.map((res) => res.status)).toEqual([400, 400, 413, 404, 404]);
    for (const res of answers) expect(res.text).not.toMatch(LEAK);
    expect(answers[0].body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [] });
  });

  it('keeps Apollo CSRF prevention on: simple requests are refused, JSON posts (the dashboard) and preflighted GETs pass', async () => {
    const auth = { authorization: `Bearer ${t.adminToken}` };
    const simplePost = await request(server()).post('/graphql').set(auth).set('content-type', 'text/plain').send('{"query":"{ dialogues { id } }"}');
    expect(simplePost.status).toBe(400);
    expect(simplePost.body.errors[0]).toMatchObject({ message: expect.stringContaining('CSRF'), extensions: { code: 'BAD_USER_INPUT' } });
    const simpleGet = await request(server()).get('/graphql').query({ query: '{ dialogues { id } }' }).set(auth);
    expect(simpleGet.status).toBe(400);
    const preflighted = await request(server()).get('/graphql').query({ query: '{ dialogues { id } }' }).set(auth).set('apollo-require-preflight', 'true');
    expect(preflighted.body.data.dialogues.length).toBeGreaterThan(0);
    expect(ok(await t.gql('{ dialogues { id } }')).dialogues.length).toBeGreaterThan(0);
  });

  it('still serves subscriptions over graphql-ws', async () => {
    if (!server().listening) await t.app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(server().address() as AddressInfo).port}/graphql`;
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${t.adminToken}` }, retryAttempts: 0, lazy: true });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        let last: unknown;
        client.subscribe({ query: '{ dialogues { id } }' }, { next: (r) => (last = r), error: reject, complete: () => resolve(last) });
      });
      expect(result.data.dialogues.length).toBeGreaterThan(0);
    } finally {
      await client.dispose();
    }
  });

  it('refuses introspection over graphql-ws too, and names no schema fields in its validation errors', async () => {
    if (!server().listening) await t.app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(server().address() as AddressInfo).port}/graphql`;
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${t.adminToken}` }, retryAttempts: 0, lazy: true });
    const answer = (query: string) =>
      new Promise<any>((resolve) => {
        let last: unknown;
        client.subscribe({ query }, { next: (r) => (last = r), error: (errors) => resolve({ errors }), complete: () => resolve(last) });
      });
    try {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Commitment") { fields { name } } }']) {
        const refused = await answer(query);
        expect(refused.data).toBeUndefined();
        expect(refused.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' });
      }
      const misspelled = await answer('{ dialogues { titel } }');
      expect(misspelled.errors[0].message).toBe('Cannot query field "titel" on type "Dialogue".');
      expect(JSON.stringify(misspelled)).not.toMatch(/Did you mean/);
      // __typename is no introspection of the schema.
      expect((await answer('{ __typename }')).data).toEqual({ __typename: 'Query' });
    } finally {
      await client.dispose();
    }
  });

  it('answers CORS for the origins of CORS_ORIGINS only', async () => {
    const preflight = (origin: string) =>
      request(server()).options('/graphql').set({ origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' });
    const allowed = await preflight('https://tracker.example.org');
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({ 'access-control-allow-origin': 'https://tracker.example.org', 'access-control-allow-headers': expect.stringContaining('authorization') });
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await preflight('https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const post = await request(server()).post('/graphql').set({ origin: 'https://evil.example.com', authorization: `Bearer ${t.adminToken}` }).send({ query: '{ dialogues { id } }' });
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends security headers everywhere, and leaves the dashboard its own Content-Security-Policy', async () => {
    const api = await request(server()).post('/graphql').set('authorization', `Bearer ${t.adminToken}`).send({ query: '{ dialogues { id } }' });
    expect(api.headers).toMatchObject({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(api.headers['x-powered-by']).toBeUndefined();
    // No ETag hashed over each API answer: no cache revalidates a POST.
    expect(api.headers.etag).toBeUndefined();
    const page = await request(server()).get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const asset = await request(server()).get('/assets/dashboard.js');
    expect([asset.status, asset.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
  });
});

/**
 * The server process itself (dist/src/main.js as `npm start` runs it, NODE_ENV=production): JSON log lines, one per
 * request with its id (the client's X-Request-Id, else a new one, sent back either way),
 * and never the token or a briefing's text.
 */
describe('Production logs (e2e, real process)', () => {
  const { server: serverFile } = compiledBuild();
  let server: ServerProcess | undefined;
  afterAll(() => server?.stop());

  it('logs one JSON line per request with its id, and neither tokens nor briefing texts', async () => {
    server = await startServerProcess(serverFile, { env: { LOG_LEVEL: 'info' } });
    const { port, token } = server;
    const out = () => server!.stdout();
    const secret = token.slice(12);
    const printedAt = out().length;

    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify(body),
      });
    const named = await post({ query: 'query Dialogues { dialogues { id } }', operationName: 'Dialogues' }, { 'x-request-id': 'req-production-1' });
    expect(named.headers.get('x-request-id')).toBe('req-production-1');
    const briefing = 'Transcript.\n\nSECRETARY KELLY: We will build the zebra-striped observatory by June.';
    const ingest = await post({ query: 'mutation($t: String!) { ingestBriefing(input: { text: $t, dryRun: true }) { dryRun } }', variables: { t: briefing } });
    expect(((await ingest.json()) as { data: unknown }).data).toEqual({ ingestBriefing: { dryRun: true } });
    const generated = ingest.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await fetch(`http://127.0.0.1:${port}/export/commitments.csv?search=zebra`, { headers: { authorization: 'Bearer bt_AAAAAAAA_' + 'A'.repeat(43) } });
    expect(refused.status).toBe(401);
    // pino writes each line as the response finishes: wait for the three.
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 10_000;
      const poll = () => (out().split('\n').filter((l) => l.includes('"responseTime"')).length >= 3 ? resolve() : Date.now() > deadline ? reject(new Error(out())) : setTimeout(poll, 50));
      poll();
    });

    const logged = out().slice(printedAt);
    expect(server.stderr()).not.toContain(secret);
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain('zebra');
    expect(logged).not.toMatch(/authorization/i);
    const lines = logged
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Record<string, any>);
    const requests = lines.filter((line) => line.responseTime !== undefined);
    expect(requests).toEqual([
      expect.objectContaining({ level: 30, reqId: 'req-production-1', req: { id: 'req-production-1', method: 'POST', path: '/graphql' }, res: { statusCode: 200 }, operationName: 'Dialogues' }),
      expect.objectContaining({ level: 30, reqId: generated, req: { id: generated, method: 'POST', path: '/graphql' }, res: { statusCode: 200 } }),
      expect.objectContaining({ level: 40, req: expect.objectContaining({ method: 'GET', path: '/export/commitments.csv' }), res: { statusCode: 401 } }),
    ]);
    // Everything before the token block is JSON too (the start-up lines).
    for (const line of out().slice(0, out().indexOf('First start')).split('\n').filter((l) => l.trim())) expect(() => JSON.parse(line)).not.toThrow();
  }, 120_000);
});
