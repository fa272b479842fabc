import { Logger } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { ApiTokensService } from '../../src/auth/api-tokens.service';
import { Role } from '../../src/common/security/role';
import { CommitmentLoaders } from '../../src/commitments/commitment-loaders';
import { CommitmentEvent } from '../../src/commitments/commitment.entity';
import { COMMITMENT_CHANGED } from '../../src/events/domain-events';
import { EventsService } from '../../src/events/events.service';
import { SocketGovernor } from '../../src/subscriptions/socket-governor';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

/** Polls until cond() holds, failing after `ms`. */
async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

interface Message {
  id?: string;
  type: string;
  payload?: any;
}

/** A graphql-transport-ws socket driven by hand: every message it got, and how it closed. */
interface Raw {
  ws: WebSocket;
  messages: Message[];
  close?: { code: number; reason: string };
  send(message: Message): void;
  /** Waits for a message that matches. */
  next(match: (m: Message) => boolean, what: string): Promise<Message>;
  /** Waits for the close, returning its code and reason. */
  closed(ms?: number): Promise<{ code: number; reason: string }>;
}

const sockets: Raw[] = [];

/** Opens a socket from a local address (127.0.0.x: each test its own "client"); rejects with the HTTP status of a refused upgrade. */
function open(url: string, localAddress: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { localAddress });
    const raw: Raw = {
      ws,
      messages: [],
      send: (message) => ws.send(JSON.stringify(message)),
      next: async (match, what) => {
        await until(() => raw.messages.some(match) || raw.close !== undefined, what);
        const found = raw.messages.find(match);
        if (!found) throw new Error(`socket closed (${raw.close?.code} ${raw.close?.reason}) before ${what}`);
        return found;
      },
      closed: async (ms = 5000) => {
        await until(() => raw.close !== undefined, 'the socket to close', ms);
        return raw.close!;
      },
    };
    ws.on('message', (data) => raw.messages.push(JSON.parse(String(data))));
    ws.on('close', (code, reason) => (raw.close = { code, reason: String(reason) }));
    ws.once('open', () => {
      sockets.push(raw);
      resolve(raw);
    });
    ws.once('error', (error) => {
      const status = /Unexpected server response: (\d+)/.exec(error.message);
      reject(status ? Object.assign(new Error(`refused ${status[1]}`), { status: Number(status[1]) }) : error);
    });
  });
}

/** The HTTP status an upgrade is refused with. */
async function refusal(url: string, localAddress: string): Promise<number> {
  try {
    await open(url, localAddress);
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
  return 101;
}

/** A socket past connection_init with the token. */
async function authenticated(url: string, localAddress: string, token: string): Promise<Raw> {
  const raw = await open(url, localAddress);
  raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
  await raw.next((m) => m.type === 'connection_ack', 'connection_ack');
  return raw;
}

const errorsOf = (raw: Raw, id: string) => raw.next((m) => m.id === id && (m.type === 'error' || m.type === 'next'), `an answer to ${id}`);

async function closeAll(governor: SocketGovernor): Promise<void> {
  for (const raw of sockets.splice(0)) if (raw.ws.readyState === WebSocket.OPEN || raw.ws.readyState === WebSocket.CONNECTING) raw.ws.terminate();
  await until(() => governor.openSockets === 0, 'the server to let go of every socket');
}

const CHANGED = 'subscription { commitmentChanged { id toStatus party { id country { code } } commitment { id title } } }';
const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id parties { id } } }`;
const SET_STATUS = `mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { id status } }`;

describe('graphql-ws limits (e2e)', () => {
  let t: TestApp;
  let url: string;
  let governor: SocketGovernor;
  let events: EventsService;

  beforeAll(async () => {
    t = await createTestApp({
      WS_MAX_CONNECTIONS: '6',
      WS_MAX_CONNECTIONS_PER_ADDRESS: '3',
      WS_CONNECTION_INIT_TIMEOUT_MS: '300',
      WS_MAX_SUBSCRIPTIONS_PER_TOKEN: '3',
      WS_OPERATION_RATE_LIMIT: '10',
    });
    await t.app.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    governor = t.app.get(SocketGovernor);
    events = t.app.get(EventsService);
  });
  afterEach(() => closeAll(governor));
  afterAll(async () => {
    await t.close();
    for (const name of ['WS_MAX_CONNECTIONS', 'WS_MAX_CONNECTIONS_PER_ADDRESS', 'WS_CONNECTION_INIT_TIMEOUT_MS', 'WS_MAX_SUBSCRIPTIONS_PER_TOKEN', 'WS_OPERATION_RATE_LIMIT']) delete process.env[name];
  });

  it('caps open sockets per address (429) and in all (503) before the handshake, and frees a place when one closes', async () => {
    const first = await Promise.all([1, 2, 3].map(() => authenticated(url, '127.0.0.2', t.adminToken)));
    expect(await refusal(url, '127.0.0.2')).toBe(429);
    await Promise.all([1, 2, 3].map(() => authenticated(url, '127.0.0.3', t.adminToken)));
    expect(governor.openSockets).toBe(6);
    expect(await refusal(url, '127.0.0.5')).toBe(503);
    first[0].ws.close(1000);
    await until(() => governor.openSockets === 5, 'a place to free');
    await authenticated(url, '127.0.0.2', t.adminToken);
    // An upgrade to another path is answered, not left hanging.
    expect(await refusal(url.replace('/graphql', '/elsewhere'), '127.0.0.5')).toBe(404);
  });

  it('closes a socket without connection_init after WS_CONNECTION_INIT_TIMEOUT_MS (4408), and one without a valid token at once (4401)', async () => {
    const idle = await open(url, '127.0.0.6');
    const started = Date.now();
    expect((await idle.closed()).code).toBe(4408);
    // graphql-ws's own default is 3 s.
    expect(Date.now() - started).toBeLessThan(2000);
    for (const payload of [{}, { token: 'bt_AAAAAAAA_' + 'A'.repeat(43) }, { authorization: 'Basic abc' }]) {
      const anonymous = await open(url, '127.0.0.6');
      anonymous.send({ type: 'connection_init', payload });
      expect(await anonymous.closed()).toEqual({ code: 4401, reason: expect.stringContaining('Unauthenticated') });
      expect(anonymous.messages).toEqual([]);
    }
  });

  it('caps the live subscriptions of one token over all its sockets (FORBIDDEN, limit subscriptions), and counts again when they end', async () => {
    const token = await t.tokenFor('many-subscriptions', Role.ANALYST);
    const a = await authenticated(url, '127.0.0.7', token);
    const b = await authenticated(url, '127.0.0.7', token);
    a.send({ id: '1', type: 'subscribe', payload: { query: CHANGED } });
    a.send({ id: '2', type: 'subscribe', payload: { query: CHANGED } });
    b.send({ id: '3', type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 3, 'three subscriptions');
    // A query is no subscription: not counted.
    b.send({ id: 'q', type: 'subscribe', payload: { query: '{ dialogues { id } }' } });
    expect((await errorsOf(b, 'q')).type).toBe('next');
    b.send({ id: '4', type: 'subscribe', payload: { query: CHANGED } });
    const refused = await errorsOf(b, '4');
    expect(refused).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'FORBIDDEN', limit: 'subscriptions', max: 3 } }] });
    expect(events.subscriberCount(COMMITMENT_CHANGED)).toBe(3);
    // Another token is not held by this one's.
    const other = await authenticated(url, '127.0.0.7', t.adminToken);
    other.send({ id: 'x', type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 4, 'the other token to subscribe');
    // One completed, one more may start; a socket closed gives back all of its own.
    a.send({ id: '1', type: 'complete' });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 3, 'the completed subscription to end');
    b.send({ id: '5', type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 4, 'a new subscription in its place');
    a.ws.close(1000);
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 3, 'the closed socket to let go');
    b.send({ id: '6', type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 4, 'the freed place to be taken');
    const principal = await t.app.get(ApiTokensService).verify(token);
    expect(governor.subscriptionsOf(principal!.tokenId)).toBe(3);
  });

  it('rate limits operations over the socket per token (FORBIDDEN, limit rate, retryAfter), before parsing them', async () => {
    const token = await t.tokenFor('chatty', Role.ANALYST);
    const raw = await authenticated(url, '127.0.0.8', token);
    for (let i = 0; i < 10; i++) {
      raw.send({ id: `q${i}`, type: 'subscribe', payload: { query: '{ dialogues { id } }' } });
      expect((await errorsOf(raw, `q${i}`)).type).toBe('next');
    }
    raw.send({ id: 'over', type: 'subscribe', payload: { query: '{ dialogues { id } }' } });
    const refused = await errorsOf(raw, 'over');
    expect(refused).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'FORBIDDEN', limit: 'rate', max: 10, retryAfter: expect.any(Number) } }] });
    // Counted before parsing: garbage is refused the same way.
    raw.send({ id: 'junk', type: 'subscribe', payload: { query: '{{{{' } });
    expect(await errorsOf(raw, 'junk')).toMatchObject({ type: 'error', payload: [{ extensions: { limit: 'rate' } }] });
    // Another token from the same address is still served.
    const other = await authenticated(url, '127.0.0.8', await t.tokenFor('quiet', Role.ANALYST));
    other.send({ id: 'q', type: 'subscribe', payload: { query: '{ dialogues { id } }' } });
    expect((await errorsOf(other, 'q')).type).toBe('next');
  });

  it('closes the sockets of a token revoked through this instance at once (4403), its subscriptions with them', async () => {
    const token = await t.tokenFor('revoked-live', Role.ANALYST);
    const raw = await authenticated(url, '127.0.0.9', token);
    raw.send({ id: '1', type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 1, 'the subscription');
    const { id } = (await t.app.get(ApiTokensService).list()).find((record) => record.name === 'revoked-live')!;
    ok(await t.gql(`mutation { revokeApiToken(id: "${id}") { id revokedAt } }`));
    // The re-check runs every AUTH_CACHE_TTL_MS (10 minutes here): this is the revocation itself.
    expect(await raw.closed(2000)).toEqual({ code: 4403, reason: expect.stringContaining('revoked') });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 0, 'the subscription to end');
    expect((await t.gql('{ dialogues { id } }', {}, { authorization: `Bearer ${token}` })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const again = await open(url, '127.0.0.9');
    again.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    expect((await again.closed()).code).toBe(4401);
  });

  it('logs a subscriber that went away mid-send at debug level, not as an error with a stack', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const consoleErrors = jest.spyOn(console, 'error');
    try {
      const created = ok(await t.gql(CREATE, { input: { title: 'Gone', text: 'x', kind: 'ACTION', parties: [{ country: 'US' }] } })).createCommitment;
      const row = await t.dataSource.getRepository(CommitmentEvent).findOneByOrFail({ commitmentId: Number(created.id) });
      for (let round = 0; round < 3; round++) {
        const raw = await authenticated(url, '127.0.0.10', t.adminToken);
        raw.send({ id: '1', type: 'subscribe', payload: { query: CHANGED } });
        await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 1, 'the subscription');
        // The peer resets the connection; the server has not read that yet when it writes the event.
        (raw.ws as unknown as { _socket: { resetAndDestroy(): void } })._socket.resetAndDestroy();
        events.deliver(COMMITMENT_CHANGED, { eventId: row.id, commitmentId: Number(created.id), topicIds: [] });
        await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 0 && governor.openSockets === 0, 'the server to let go');
      }
      expect(errors.mock.calls.map((call) => String(call[0]))).toEqual([]);
      expect(consoleErrors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      consoleErrors.mockRestore();
    }
  });
});

describe('graphql-ws fan-out, slow consumers and token re-checks (e2e)', () => {
  let t: TestApp;
  let url: string;
  let governor: SocketGovernor;
  let events: EventsService;
  const commitments: { id: string; partyId: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp({ WS_FANOUT_BATCH: '4', WS_MAX_QUEUED_EVENTS: '3', WS_TOKEN_RECHECK_MS: '300' });
    await t.app.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    governor = t.app.get(SocketGovernor);
    events = t.app.get(EventsService);
    for (let i = 0; i < 3; i++) {
      const created = ok(await t.gql(CREATE, { input: { title: `Fan-out ${i}`, text: 'x', kind: 'ACTION', parties: [{ country: 'US' }, { country: 'MX' }] } })).createCommitment;
      commitments.push({ id: created.id, partyId: created.parties[0].id });
    }
  });
  afterEach(() => closeAll(governor));
  afterAll(async () => {
    await t.close();
    for (const name of ['WS_FANOUT_BATCH', 'WS_MAX_QUEUED_EVENTS', 'WS_TOKEN_RECHECK_MS']) delete process.env[name];
  });

  /** The SQL statements one status change and its delivery to `n` subscribers take, and how often the subscribers' `party` field was resolved. */
  async function statementsFor(n: number, commitment: { id: string; partyId: string }): Promise<{ statements: string[]; partyResolved: number }> {
    // Called by the `party` field's resolver each time it runs.
    const party = jest.spyOn(CommitmentLoaders.prototype, 'partyByIdLoader');
    const raw = await authenticated(url, '127.0.0.20', t.adminToken);
    for (let i = 0; i < n; i++) raw.send({ id: String(i), type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === n, `${n} subscribers`);
    t.sql.reset();
    t.sql.recording = true;
    party.mockClear();
    ok(await t.gql(SET_STATUS, { input: { id: commitment.id, party: commitment.partyId, status: 'IN_PROGRESS' } }));
    await until(() => raw.messages.filter((m) => m.type === 'next').length >= n, `the event to reach ${n} subscribers`);
    // The change records the party's event and the commitment's: every subscriber gets both, and nothing else comes.
    await new Promise((r) => setTimeout(r, 300));
    // The statements themselves (ids blanked), so that a difference names the statement; the
    // sockets' periodic token re-check (this file sets it short) may fall in the window and is not the event's.
    const count = {
      // Sorted: on PostgreSQL the loaders' reads interleave in any order.
      statements: t.sql.recorded
        .filter((sql) => !/"api_token"/.test(sql))
        .map((sql) => sql.replace(/\b\d+\b/g, 'N'))
        .sort(),
      partyResolved: party.mock.calls.length,
    };
    t.sql.recording = false;
    party.mockRestore();
    const sent = raw.messages.filter((m) => m.type === 'next').map((m) => JSON.stringify(m.payload));
    const distinct = [...new Set(sent)];
    expect(sent.length).toBe(distinct.length * n);
    expect(distinct.map((p) => JSON.parse(p).data.commitmentChanged)).toContainEqual(
      expect.objectContaining({ toStatus: 'IN_PROGRESS', party: { id: commitment.partyId, country: { code: 'US' } }, commitment: { id: commitment.id, title: expect.any(String) } }),
    );
    await closeAll(governor);
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 0, 'no subscriber');
    return count;
  }

  it('reads and executes what one event needs once, however many subscribe the same: the SQL of a status change does not grow with its subscribers', async () => {
    const one = await statementsFor(1, commitments[0]);
    const many = await statementsFor(30, commitments[1]);
    expect(many).toEqual(one);
    expect(one.partyResolved).toBeGreaterThan(0);
  });

  it('closes the socket of a subscriber more than WS_MAX_QUEUED_EVENTS behind (4413), telling it why', async () => {
    const created = commitments[2];
    const row = await t.dataSource.getRepository(CommitmentEvent).findOneByOrFail({ commitmentId: Number(created.id) });
    const raw = await authenticated(url, '127.0.0.21', t.adminToken);
    raw.send({ id: 'slow', type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 1, 'the subscription');
    // Ten events at once: one taken, three queued, the rest are past the bound.
    for (let i = 0; i < 10; i++) events.deliver(COMMITMENT_CHANGED, { eventId: row.id, commitmentId: Number(created.id), topicIds: [] });
    expect(await raw.closed()).toEqual({ code: 4413, reason: expect.stringContaining('Slow consumer') });
    expect(raw.messages.find((m) => m.type === 'error')).toMatchObject({ id: 'slow', payload: [{ extensions: { code: 'FORBIDDEN', limit: 'queue', max: 3 } }] });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 0, 'the stream to end');
  });

  it('closes within WS_TOKEN_RECHECK_MS the sockets of a token revoked by another process (4403)', async () => {
    const token = await t.tokenFor('revoked-elsewhere', Role.ANALYST);
    const raw = await authenticated(url, '127.0.0.22', token);
    raw.send({ id: '1', type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 1, 'the subscription');
    // As `npm run cli -- token revoke` does from its own process: this one's cache does not hear of it.
    await t.dataSource.query(`UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP WHERE name = 'revoked-elsewhere'`);
    expect((await raw.closed()).code).toBe(4403);
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 0, 'the subscription to end');
  });

  it('closes the sockets of a token once it has expired (4403)', async () => {
    const { token } = await t.app.get(ApiTokensService).create({ name: 'short-lived', role: Role.ANALYST, expiresAt: new Date(Date.now() + 1500) });
    const raw = await authenticated(url, '127.0.0.23', token);
    raw.send({ id: '1', type: 'subscribe', payload: { query: CHANGED } });
    await until(() => events.subscriberCount(COMMITMENT_CHANGED) === 1, 'the subscription');
    expect((await raw.closed()).code).toBe(4403);
  });
});
