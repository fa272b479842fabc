import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createClient, Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { ApiTokensService } from '../../src/auth/api-tokens.service';
import { Role } from '../../src/common/security/role';
import { COMMITMENT_CHANGED } from '../../src/events/domain-events';
import { EventsService } from '../../src/events/events.service';
import { createAppOf, createTestApp, isPostgresRun, TestApp } from '../utils/create-test-app';

/**
 * Several API instances on one database share one event bus through Redis: a change made
 * through instance A reaches a subscriber connected to instance B. Needs PostgreSQL (SQLite
 * is one process's file) and REDIS_URL; `.ci/run` runs it so. Without them the file checks
 * the one thing that holds then: the bus is in-process.
 */
const sharedBus = isPostgresRun() && !!process.env.REDIS_URL;

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function wsUrl(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `ws://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
}

/** Another instance of the API on the database the environment names (DATABASE_URL, DATABASE_SCHEMA). */
async function startInstance(): Promise<INestApplication> {
  const app = await createAppOf(await Test.createTestingModule({ imports: [AppModule] }).compile());
  return app;
}

function collect(client: Client, query: string, variables?: Record<string, unknown>): unknown[] {
  const messages: unknown[] = [];
  client.subscribe(
    { query, variables },
    { next: (m) => messages.push(m), error: (e) => messages.push({ error: String(e) }), complete: () => {} },
  );
  return messages;
}

const CHANGED = `subscription($topic: ID) { commitmentChanged(topic: $topic) { id toStatus validFrom actor note } }`;

if (sharedBus) {
  describe('Two API instances on one PostgreSQL and one Redis (e2e)', () => {
    let a: TestApp;
    let b: INestApplication;
    let urlB: string;
    const clients: Client[] = [];
    let commitmentId: number;
    let security: string;

    beforeAll(async () => {
      a = await createTestApp();
      // createTestApp made a schema and left DATABASE_URL / DATABASE_SCHEMA naming it: B opens the same.
      b = await startInstance();
      urlB = await wsUrl(b);
      security = (await a.gql('{ topics { id slug } }')).data.topics.find((x: { slug: string }) => x.slug === 'security').id;
      const created = await a.gql(`mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }`, {
        input: { title: 'Review of aid', text: 'DHS will review the aid and report back.', kind: 'ACTION', topicIds: [security] },
      });
      commitmentId = Number(created.data.createCommitment.id);
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.dispose()));
      await b?.close();
      await a?.close();
    });

    it('uses Redis on both instances', () => {
      expect([a.app.get(EventsService).transport, b.get(EventsService).transport]).toEqual(['redis', 'redis']);
    });

    it('delivers a change committed through instance A to a subscriber of instance B', async () => {
      const client = createClient({ url: urlB, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${a.adminToken}` } });
      clients.push(client);
      const all = collect(client, CHANGED);
      const underSecurity = collect(client, CHANGED, { topic: security });
      // B has subscribed on Redis (SUBSCRIBE acknowledged) once its count shows them.
      await until(() => b.get(EventsService).subscriberCount(COMMITMENT_CHANGED) === 2, 'B to subscribe');
      expect(a.app.get(EventsService).subscriberCount(COMMITMENT_CHANGED)).toBe(0);

      const res = await a.gql(
        `mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { status } }`,
        { input: { id: String(commitmentId), status: 'IN_PROGRESS', note: 'made through A' } },
        await a.as('instance-a'),
      );
      expect(res.data).toEqual({ setCommitmentStatus: { status: 'IN_PROGRESS' } });
      const history = (await a.gql(`{ commitment(id: "${commitmentId}") { history { id toStatus validFrom actor note } } }`)).data.commitment.history;
      const event = history[history.length - 1];
      expect(event).toMatchObject({ toStatus: 'IN_PROGRESS', actor: 'instance-a', note: 'made through A' });

      const expected = { data: { commitmentChanged: event } };
      await until(() => all.length >= 1 && underSecurity.length >= 1, 'the event at B');
      await new Promise((r) => setTimeout(r, 100));
      expect(all).toEqual([expected]);
      expect(underSecurity).toEqual([expected]);
    });

    it('ends at once on instance B what a token revoked through instance A had there: its sockets (4403) and its cached verification', async () => {
      const token = await a.tokenFor('revoked-through-a', Role.ANALYST);
      const asB = (query: string) => request(b.getHttpServer()).post('/graphql').set({ authorization: `Bearer ${token}` }).send({ query });
      // B has verified (and cached, for AUTH_CACHE_TTL_MS: 10 minutes here) the token.
      expect((await asB('{ dialogues { id } }')).body.data.dialogues).toBeDefined();
      const socket = new WebSocket(urlB, 'graphql-transport-ws');
      let closed: number | undefined;
      socket.on('close', (code) => (closed = code));
      await new Promise((r) => socket.once('open', r));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      await new Promise((r) => socket.once('message', r));
      // (The earlier test's subscriptions on B are still open.)
      const before = b.get(EventsService).subscriberCount(COMMITMENT_CHANGED);
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: CHANGED } }));
      await until(() => b.get(EventsService).subscriberCount(COMMITMENT_CHANGED) === before + 1, 'B to subscribe');

      const { id } = (await a.app.get(ApiTokensService).list()).find((record) => record.name === 'revoked-through-a')!;
      expect((await a.gql(`mutation { revokeApiToken(id: "${id}") { id } }`)).errors).toBeUndefined();
      await until(() => closed !== undefined, 'B to close the socket');
      expect(closed).toBe(4403);
      expect((await asB('{ dialogues { id } }')).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      await until(() => b.get(EventsService).subscriberCount(COMMITMENT_CHANGED) === before, 'B to end the subscription');
    });

    it('keeps the bus of another database apart on the same Redis', async () => {
      const c = await createTestApp();
      try {
        const client = createClient({ url: await wsUrl(c.app), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { token: c.adminToken } });
        clients.push(client);
        // C's database has an event with the id A announces: had A's payload reached C, C would send it.
        const other = (
          await c.gql(`mutation { createCommitment(input: { title: "Elsewhere", text: "Another database.", kind: ACTION }) { id history { id } } }`)
        ).data.createCommitment;
        const otherEvent = { id: Number(other.history[0].id) };
        const messages = collect(client, CHANGED);
        await until(() => c.app.get(EventsService).subscriberCount(COMMITMENT_CHANGED) === 1, 'C to subscribe');
        // What A announces names an event id that exists in C's database too.
        await a.app.get(EventsService).transaction(async (_em, pending) => {
          pending.add(COMMITMENT_CHANGED, { eventId: otherEvent.id, commitmentId: Number(other.id), topicIds: [] });
        });
        await new Promise((r) => setTimeout(r, 300));
        expect(messages).toEqual([]);
        await client.dispose();
      } finally {
        await c.close();
      }
    });
  });
} else {
  describe('Two API instances (e2e): without PostgreSQL and REDIS_URL', () => {
    it('uses the in-process bus when REDIS_URL is not set', async () => {
      delete process.env.REDIS_URL;
      const t = await createTestApp();
      try {
        expect(t.app.get(EventsService).transport).toBe('in-process');
      } finally {
        await t.close();
      }
    });
  });
}
