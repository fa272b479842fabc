import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLSchema } from 'graphql';
import { createClient } from 'graphql-ws';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { ApiToken } from '../../src/auth/api-token.entity';
import { ApiTokensService } from '../../src/auth/api-tokens.service';
import { Role } from '../../src/common/security/role';
import { hashToken } from '../../src/common/security/token-format';
import { ANONYMOUS, countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';
import { callOf } from '../utils/schema-walk';

describe('Access control (e2e)', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let tables: string[];
  const rowCounts = async () => Object.fromEntries(await Promise.all(tables.map(async (name) => [name, await countRows(t.dataSource, name)] as const)));
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
    schema = t.app.get(GraphQLSchemaHost).schema;
    tables = t.dataSource.entityMetadatas.filter((m) => m.tableType === 'regular').map((m) => m.tableName);
    // Something to read and to refuse to change: the seed briefing, ingested.
    const seed = readFileSync(`${__dirname}/../fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt`, 'utf8');
    ok(await t.gql('mutation($t: String!) { ingestBriefing(input: { text: $t, acceptAll: true }) { created { statements } } }', { t: seed }));
  });
  afterAll(async () => t.close());

  it('refuses every mutation of the schema to anonymous callers (UNAUTHENTICATED) and to ANALYST tokens (FORBIDDEN), writing nothing and running no SQL', async () => {
    const analyst = auth(await t.tokenFor('reader', Role.ANALYST));
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(30);
    ok(await t.gql('{ countries { code } }', {}, analyst)); // its verification is now cached
    const before = await rowCounts();
    for (const field of mutations) {
      const document = `mutation { ${callOf(field)} }`;
      for (const [who, headers, code] of [
        ['anonymous', ANONYMOUS, 'UNAUTHENTICATED'],
        ['a bad token', auth('bt_AAAAAAAA_' + 'A'.repeat(43)), 'UNAUTHENTICATED'],
        ['ANALYST', analyst, 'FORBIDDEN'],
      ] as const) {
        t.sql.reset();
        const res = await t.gql(document, {}, headers);
        expect({ mutation: field.name, who, code: res.errors?.[0]?.extensions.code, data: res.data }).toEqual({ mutation: field.name, who, code, data: null });
        // Refused before any SQL: no lookup for a malformed or unknown-prefix-free token, the cache for a known one.
        if (who !== 'a bad token') expect({ mutation: field.name, who, sql: t.sql.count }).toEqual({ mutation: field.name, who, sql: 0 });
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses every query to anonymous callers, lets ANALYST read everything but the token list', async () => {
    const analyst = auth(await t.tokenFor('reader', Role.ANALYST));
    const queries = Object.values(schema.getQueryType()!.getFields());
    for (const field of queries) {
      const document = `{ ${callOf(field)} }`;
      const anonymous = await t.gql(document, {}, ANONYMOUS);
      expect({ query: field.name, code: anonymous.errors?.[0]?.extensions.code }).toEqual({ query: field.name, code: 'UNAUTHENTICATED' });
      const read = await t.gql(document, {}, analyst);
      const expected = field.name === 'apiTokens' ? 'FORBIDDEN' : undefined;
      // Made-up arguments may be refused (BAD_USER_INPUT, NOT_FOUND), never for want of a role.
      const code = read.errors?.[0]?.extensions.code;
      expect({ query: field.name, refused: code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? code : undefined }).toEqual({ query: field.name, refused: expected });
    }
  });

  it('lets STAFF ingest, edit and set statuses, but keeps deletes, merges and tokens for ADMIN', async () => {
    const staff = await t.as('desk.officer', Role.STAFF);
    const seed = readFileSync(`${__dirname}/../fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt`, 'utf8');
    const dry = ok(await t.gql('mutation($t: String!) { ingestBriefing(input: { text: $t, dryRun: true }) { alreadyIngested } }', { t: seed }, staff));
    expect(dry.ingestBriefing.alreadyIngested).toBe(true);
    const created = ok(
      await t.gql(`mutation { createCommitment(input: { title: "Review aid", text: "We will review the aid.", kind: ACTION }) { id createdBy history { actor } } }`, {}, staff),
    ).createCommitment;
    expect(created).toMatchObject({ createdBy: 'desk.officer', history: [{ actor: 'desk.officer' }] });
    const moved = ok(await t.gql(`mutation { setCommitmentStatus(input: { id: "${created.id}", status: IN_PROGRESS }) { history { actor toStatus } } }`, {}, staff));
    expect(moved.setCommitmentStatus.history.at(-1)).toEqual({ actor: 'desk.officer', toStatus: 'IN_PROGRESS' });

    const before = await rowCounts();
    const mutation = (name: string) => `mutation { ${callOf(schema.getMutationType()!.getFields()[name])} }`;
    for (const document of [
      `mutation { deleteCommitment(id: "${created.id}") }`,
      ...['mergeParticipants', 'splitParticipant', 'deleteParticipant', 'deleteBriefing', 'deleteMeeting', 'deleteOrganization', 'deleteTopic', 'createApiToken', 'revokeApiToken'].map(mutation),
      `{ apiTokens { id } }`,
    ]) {
      const err = errorOf(await t.gql(document, {}, staff));
      expect({ document, code: err.extensions.code, requiredRole: err.extensions.requiredRole }).toEqual({ document, code: 'FORBIDDEN', requiredRole: 'ADMIN' });
    }
    expect(await rowCounts()).toEqual(before);
    expect(ok(await t.gql(`mutation { deleteCommitment(id: "${created.id}") }`)).deleteCommitment).toBe(created.id);
  });

  it('issues tokens through the API: shown once, stored as a hash, revocable at once, expiring', async () => {
    const made = ok(
      await t.gql(`mutation { createApiToken(input: { name: "wall screen", role: ANALYST }) { token apiToken { id name role prefix createdBy expiresAt revokedAt } } }`),
    ).createApiToken;
    expect(made.apiToken).toEqual({ id: expect.any(String), name: 'wall screen', role: 'ANALYST', prefix: made.token.slice(3, 11), createdBy: 'test-admin', expiresAt: null, revokedAt: null });
    // Only the hash is stored: the token itself is in no column.
    const row = await t.dataSource.getRepository(ApiToken).findOneByOrFail({ id: Number(made.apiToken.id) });
    expect(row.hash).toBe(hashToken(made.token));
    expect(JSON.stringify(row)).not.toContain(made.token.slice(12));
    expect(ok(await t.gql('{ apiTokens { name } }')).apiTokens.map((x: { name: string }) => x.name)).toContain('wall screen');
    expect(JSON.stringify(ok(await t.gql('{ apiTokens { prefix } }')))).not.toContain(made.token.slice(12));

    expect(ok(await t.gql('{ topics { slug } }', {}, auth(made.token))).topics).toHaveLength(5);
    ok(await t.gql(`mutation { revokeApiToken(id: "${made.apiToken.id}") { revokedAt } }`));
    expect(errorOf(await t.gql('{ topics { slug } }', {}, auth(made.token))).extensions.code).toBe('UNAUTHENTICATED');

    // An expired token stops working; expiry must be in the future when the token is made.
    const tokens = t.app.get(ApiTokensService);
    const { token: soon, record } = await tokens.create({ name: 'soon', role: Role.ANALYST, expiresAt: new Date(Date.now() + 60_000) });
    expect(ok(await t.gql('{ countries { code } }', {}, auth(soon))).countries).toHaveLength(2);
    await t.dataSource.getRepository(ApiToken).update(record.id, { expiresAt: new Date(Date.now() - 1000) });
    // The cached verification remembers the expiry it read: it lapses without a new lookup.
    (tokens as unknown as { cache: Map<string, { expiresAt: number }> }).cache.forEach((c) => c.expiresAt === record.expiresAt!.getTime() && (c.expiresAt = Date.now() - 1000));
    expect(errorOf(await t.gql('{ countries { code } }', {}, auth(soon))).extensions.code).toBe('UNAUTHENTICATED');
    const past = errorOf(await t.gql(`mutation { createApiToken(input: { name: "late", role: STAFF, expiresAt: "2001-01-01T00:00:00Z" }) { token } }`));
    expect(past.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'expiresAt' }] });
  });

  it('authenticates subscriptions in the graphql-ws connection parameters: a socket without a valid token is closed at connection_init (4401)', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    const first = (connectionParams: Record<string, unknown>, query = 'subscription { commitmentChanged { id } }') =>
      new Promise<unknown>((resolve) => {
        const client = createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
        client.subscribe(
          { query },
          { next: (value) => (resolve(value), void client.dispose()), error: (error) => (resolve({ error }), void client.dispose()), complete: () => resolve('complete') },
        );
      });
    // The socket is closed before any operation runs: the client's subscription fails with the close.
    const closeCodeOf = (result: unknown) => ((result as { error?: { code?: number } }).error as { code?: number } | undefined)?.code;
    expect(closeCodeOf(await first({}))).toBe(4401);
    expect(closeCodeOf(await first({ token: 'bt_AAAAAAAA_' + 'A'.repeat(43) }))).toBe(4401);
    expect(closeCodeOf(await first({ authorization: 'Basic abc' }))).toBe(4401);
    for (const field of Object.values(schema.getSubscriptionType()!.getFields())) {
      expect({ subscription: field.name, code: closeCodeOf(await first({}, `subscription { ${callOf(field)} }`)) }).toEqual({ subscription: field.name, code: 4401 });
    }
  });
  it('gives every mutation a declared rule: an ADMIN is never refused for want of one', async () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    for (const field of mutations) {
      const res = await t.gql(`mutation { ${callOf(field, '424242')} }`);
      expect({ mutation: field.name, code: res.errors?.[0]?.extensions.code }).not.toEqual({ mutation: field.name, code: 'FORBIDDEN' });
    }
  });

});
