import { request as httpRequest } from 'node:http';
import { AddressInfo, connect, Socket } from 'node:net';
import { ApiTokensService } from '../../src/auth/api-tokens.service';
import { defaultBodyBytes } from '../../src/config/security.config';
import { DEFAULT_INGEST_MAX_BYTES } from '../../src/briefing-import/briefing-import.service';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * Connections and traffic bounded at the HTTP layer (src/http/http-app.ts,
 * src/config/http.config.ts): each limit set small here, and the attack it stops.
 */

const ENV_KEYS = [
  'HTTP_HEADERS_TIMEOUT_S',
  'HTTP_REQUEST_TIMEOUT_S',
  'HTTP_MAX_CONNECTIONS',
  'HTTP_MAX_CONNECTIONS_PER_ADDRESS',
  'ANONYMOUS_RATE_LIMIT',
  'OVERLOAD_MAX_HEAP_USED_MB',
  'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS',
  'OVERLOAD_SAMPLE_INTERVAL_MS',
  'OVERLOAD_RETRY_AFTER_S',
];

/** A started app on 127.0.0.1 with these settings; the settings are removed again once it is built. */
async function startApp(env: Record<string, string>): Promise<{ t: TestApp; port: number }> {
  const t = await createTestApp(env);
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS = '0';
  await t.app.listen(0, '127.0.0.1');
  return { t, port: (t.app.getHttpServer().address() as AddressInfo).port };
}

interface RawConnection {
  socket: Socket;
  /** Everything the server sent. */
  received: () => string;
  /** Resolves when the server (or anything) closed the socket. */
  closed: Promise<void>;
}

function open(port: number, localAddress = '127.0.0.1'): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => {});
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

/** Whether the socket closes within `ms` (true) or is still open then (false). */
function closesWithin(connection: RawConnection, ms: number): Promise<boolean> {
  return Promise.race([connection.closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}

/** An HTTP request on an open raw connection, answered on it (the socket stays open). */
async function getHealth(connection: RawConnection): Promise<string> {
  connection.socket.write('GET /health HTTP/1.1\r\nHost: test\r\n\r\n');
  const deadline = Date.now() + 5_000;
  while (!/\r\n\r\n[\s\S]*"status"/.test(connection.received()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return connection.received().split('\r\n')[0];
}

describe('HTTP limits (e2e)', () => {
  describe('slow clients', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      ({ t, port } = await startApp({ HTTP_HEADERS_TIMEOUT_S: '1', HTTP_REQUEST_TIMEOUT_S: '2' }));
    });
    afterAll(() => t.close());

    it('closes a slow-loris POST (Content-Length 3000000, a byte at a time) once HTTP_REQUEST_TIMEOUT_S is over', async () => {
      const loris = await open(port);
      // With a well-formed token (a valid one is not needed): a body that large is only allowed with one.
      loris.socket.write(`POST /graphql HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer bt_AAAAAAAA_${'A'.repeat(43)}\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\n\r\n{`);
      const drip = setInterval(() => loris.socket.writable && loris.socket.write(' '), 300);
      try {
        // Node's default would hold it for 300 s.
        expect(await closesWithin(loris, 8_000)).toBe(true);
        expect(loris.received()).toMatch(/^HTTP\/1.1 408 /);
      } finally {
        clearInterval(drip);
        loris.socket.destroy();
      }
    });

    it('refuses a body over BODY_LIMIT_BYTES with the coded 413, announced or sent without a length (chunked)', async () => {
      const max = defaultBodyBytes(DEFAULT_INGEST_MAX_BYTES);
      const body = JSON.stringify({ query: '{ dialogues { id } }', variables: { pad: 'x'.repeat(max) } });
      for (const chunked of [false, true]) {
        const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = httpRequest(
            { host: '127.0.0.1', port, method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}`, ...(chunked ? {} : { 'content-length': String(body.length) }) } },
            (res) => {
              let text = '';
              res.setEncoding('utf8');
              res.on('data', (c: string) => (text += c));
              res.on('end', () => resolve({ status: res.statusCode!, text }));
            },
          );
          req.on('error', reject);
          // Without a length, node sends the body chunked.
          for (let i = 0; i < body.length; i += 65_536) req.write(body.slice(i, i + 65_536));
          req.end();
        });
        expect({ chunked, status: answer.status, errors: JSON.parse(answer.text).errors }).toEqual({
          chunked,
          status: 413,
          errors: [{ message: `The request body is larger than ${max} bytes`, extensions: { code: 'BAD_USER_INPUT', fields: [], limit: 'body', max } }],
        });
      }
    });

    it('refuses a body over ANONYMOUS_BODY_LIMIT_BYTES (64 KiB) without a well-formed token; the same body with a token is read', async () => {
      const body = JSON.stringify({ query: '{ dialogues { id } }', variables: { pad: 'x'.repeat(100_000) } });
      const post = (headers: Record<string, string>) => fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const anonymous = await post({});
      expect([anonymous.status, ((await anonymous.json()) as { errors: unknown[] }).errors]).toEqual([
        413,
        [{ message: 'The request body is larger than 65536 bytes', extensions: { code: 'BAD_USER_INPUT', fields: [], limit: 'body', max: 65_536 } }],
      ]);
      const withToken = await post({ authorization: `Bearer ${t.adminToken}` });
      expect([withToken.status, await withToken.json()]).toEqual([200, { data: { dialogues: [{ id: '1' }] } }]);
    });

    it('closes a connection whose headers do not arrive within HTTP_HEADERS_TIMEOUT_S', async () => {
      const loris = await open(port);
      loris.socket.write('GET /health HTTP/1.1\r\nHost: test\r\n');
      const drip = setInterval(() => loris.socket.writable && loris.socket.write('X-Slow: 1\r\n'), 200);
      try {
        expect(await closesWithin(loris, 6_000)).toBe(true);
      } finally {
        clearInterval(drip);
        loris.socket.destroy();
      }
    });
  });

  describe('open connections', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      ({ t, port } = await startApp({ HTTP_MAX_CONNECTIONS_PER_ADDRESS: '3', HTTP_MAX_CONNECTIONS: '5' }));
    });
    afterAll(() => t.close());

    it('caps open connections per remote address (HTTP_MAX_CONNECTIONS_PER_ADDRESS) and in all (HTTP_MAX_CONNECTIONS)', async () => {
      const held: RawConnection[] = [];
      try {
        for (let i = 0; i < 3; i++) held.push(await open(port, '127.0.0.1'));
        // The fourth from the same address is closed at once, before it can send anything.
        const extra = await open(port, '127.0.0.1');
        expect(await closesWithin(extra, 3_000)).toBe(true);
        expect(extra.received()).toBe('');
        // Another address still gets in, and the ones held are served.
        held.push(await open(port, '127.0.0.2'));
        expect(await getHealth(held[3])).toBe('HTTP/1.1 200 OK');
        expect(await getHealth(held[0])).toBe('HTTP/1.1 200 OK');
        held.push(await open(port, '127.0.0.2'));
        // Five open in all: a sixth, from a third address, is closed too.
        const sixth = await open(port, '127.0.0.3');
        expect(await closesWithin(sixth, 3_000)).toBe(true);
        expect(sixth.received()).toBe('');
        // Once one closes, its address may open another.
        held[0].socket.destroy();
        await held[0].closed;
        await new Promise((r) => setTimeout(r, 100));
        const again = await open(port, '127.0.0.1');
        held.push(again);
        expect(await getHealth(again)).toBe('HTTP/1.1 200 OK');
      } finally {
        for (const c of held) c.socket.destroy();
      }
    });
  });

  describe('anonymous traffic', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      ({ t, port } = await startApp({ ANONYMOUS_RATE_LIMIT: '5' }));
    });
    afterAll(() => t.close());

    const post = (headers: Record<string, string>, body = JSON.stringify({ query: '{ dialogues { id } }' })) =>
      fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

    it('limits requests without a well-formed token per address (ANONYMOUS_RATE_LIMIT) before any token lookup or body parsing; tokens keep their own budget', async () => {
      const verify = jest.spyOn(t.app.get(ApiTokensService), 'verify');
      try {
        // No token, and tokens that cannot be one (never looked up either way): one budget.
        const send = async (authorizations: string[]) => {
          const answers = [];
          for (const authorization of authorizations) answers.push(await post(authorization ? { authorization } : {}));
          return answers;
        };
        const first = await send(['', '', 'Bearer nope', 'Basic abc', '']);
        expect(first.map((res) => res.status === 429)).toEqual([false, false, false, false, false]);
        verify.mockClear();
        t.sql.reset();
        const answers = await send(['Bearer bt_short', '', 'Bearer nope']);
        expect(answers.map((res) => res.status)).toEqual([429, 429, 429]);
        const refused = answers[1];
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        const body = (await refused.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
        expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', limit: 'rate', max: 5, retryAfter: expect.any(Number) });
        // The refused ones were not looked at: no token check, no SQL.
        expect(verify).not.toHaveBeenCalled();
        expect(t.sql.count).toBe(0);

        // Refused before the body is read: a request announcing 1 MB that never sends it is answered at once.
        const raw = await open(port);
        raw.socket.write('POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n');
        const deadline = Date.now() + 5_000;
        while (!raw.received().includes('\r\n\r\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        raw.socket.destroy();
        expect(raw.received()).toMatch(/^HTTP\/1.1 429 /);

        // A well-formed token is counted per token, by the throttler, after its verification.
        const ok = await post({ authorization: `Bearer ${t.adminToken}` });
        expect(ok.status).toBe(200);
        expect(((await ok.json()) as { data: { dialogues: unknown[] } }).data.dialogues.length).toBeGreaterThan(0);
        // The health probe is never limited.
        expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      } finally {
        verify.mockRestore();
      }
    });
  });

  describe('overload', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      // Any heap at all is "too much": every request is shed once the load has been sampled.
      ({ t, port } = await startApp({ OVERLOAD_MAX_HEAP_USED_MB: '1', OVERLOAD_SAMPLE_INTERVAL_MS: '100', OVERLOAD_RETRY_AFTER_S: '7' }));
      await new Promise((r) => setTimeout(r, 300));
    });
    afterAll(() => t.close());

    it('answers 503 with Retry-After and a coded error while the heap in use is over OVERLOAD_MAX_HEAP_USED_MB; /health still answers', async () => {
      const verify = jest.spyOn(t.app.get(ApiTokensService), 'verify');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
          body: JSON.stringify({ query: '{ dialogues { id } }' }),
        });
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('7');
        const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
        expect(body.errors[0].extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', limit: 'overload', retryAfter: 7 });
        // Shed before any work: the token was not even looked at.
        expect(verify).not.toHaveBeenCalled();
        const health = await fetch(`http://127.0.0.1:${port}/health`);
        expect(health.status).toBe(200);
      } finally {
        verify.mockRestore();
      }
    });
  });
});
