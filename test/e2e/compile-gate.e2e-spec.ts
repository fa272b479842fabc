import { GraphQLSchemaHost } from '@nestjs/graphql';
import { compiledQueryStats } from '../../src/common/jit/compiled-queries.plugin';
import { compileBomb } from '../utils/compile-bomb';
import { ANONYMOUS, createTestApp, TestApp } from '../utils/create-test-app';
import { compiledBuild } from '../utils/compiled-build';
import { ok } from '../utils/gql-assert';
import { startServerProcess } from '../utils/server-process';

/**
 * Nothing is compiled before the gate: graphql-jit compiles a document only once graphql-js
 * has answered it without an error (a valid token, within the rate limit and the query
 * limits), only when it is small once its fragments are expanded, and keeps its compiled
 * documents within a byte budget. A small document of nested fragments (the "compile bomb")
 * used to take the server past its heap on its second request.
 */
describe('Compiled queries behind the gate (e2e)', () => {
  let t: TestApp;
  let bomb: (variant: number) => string;
  const stats = () => ({ ...compiledQueryStats });

  beforeAll(async () => {
    t = await createTestApp({ GRAPHQL_JIT_CACHE_MB: '0.2' });
    const schema = t.app.get(GraphQLSchemaHost).schema;
    bomb = (variant) => compileBomb(schema, { variant, roots: 8, without: ['totalCount'] });
  });
  afterAll(async () => {
    await t.close();
    delete process.env.GRAPHQL_JIT_CACHE_MB;
  });

  it('compiles nothing for a request without a valid token, however often it is sent', async () => {
    const before = stats();
    for (let i = 0; i < 3; i++) {
      const res = await t.gql('{ dialogues { id title } }', undefined, ANONYMOUS);
      expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      const forged = await t.gql('{ dialogues { id title } }', undefined, { authorization: `Bearer bt_AAAAAAAA_${'A'.repeat(43)}` });
      expect(forged.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect(stats().compiled).toBe(before.compiled);
    // The same document from a valid token: answered by graphql-js once, compiled the next time.
    ok(await t.gql('{ dialogues { id title } }'));
    expect(stats().compiled).toBe(before.compiled);
    ok(await t.gql('{ dialogues { id title } }'));
    expect(stats()).toMatchObject({ compiled: before.compiled + 1, answered: before.answered + 1 });
  });

  it('never compiles a document that expands to too many fields, for any role, and answers it with graphql-js', async () => {
    const before = stats();
    for (const variant of [1, 2, 3]) {
      for (let i = 0; i < 2; i++) expect((await t.gql(bomb(variant), undefined, ANONYMOUS)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      for (let i = 0; i < 3; i++) ok(await t.gql(bomb(variant)));
    }
    expect(stats()).toMatchObject({ compiled: before.compiled, answered: before.answered, tooLarge: before.tooLarge + 3 });
  });

  it('keeps the compiled documents within the byte budget, least recently used forgotten first', async () => {
    const before = stats();
    for (const size of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const query = `{ topics { ${['id', 'slug', 'title', 'description', 'keywords', 'parent { id slug }', 'children { id }', 'progress { total overdue }'].slice(0, size).join(' ')} } }`;
      ok(await t.gql(query));
      ok(await t.gql(query));
    }
    const after = stats();
    expect(after.compiled - before.compiled).toBe(8);
    expect(after.evicted).toBeGreaterThan(before.evicted);
    expect(after.bytes).toBeLessThanOrEqual(0.2 * 1024 * 1024);
  });
});

/** The same attack on the compiled server as `npm start` runs it (its 160 MB heap). */
describe('Compile bomb against the server process (e2e)', () => {
  const { server: serverFile } = compiledBuild();
  it('answers the next request after bombs and their variants, anonymous and with a token', async () => {
    const local = await createTestApp();
    const schema = local.app.get(GraphQLSchemaHost).schema;
    await local.close();
    const server = await startServerProcess(serverFile, { nodeOptions: ['--max-old-space-size=160'] });
    try {
      const post = async (query: string, token?: string) => {
        const res = await fetch(`http://127.0.0.1:${server.port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query }),
        });
        return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] } };
      };
      for (const variant of [0, 1, 2, 3]) {
        const document = compileBomb(schema, { variant, roots: 8, without: ['totalCount'] });
        for (let i = 0; i < 2; i++) expect((await post(document)).body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
        for (let i = 0; i < 2; i++) expect((await post(document, server.token)).body.errors).toBeUndefined();
      }
      expect(await post('{ dialogues { id } }', server.token)).toEqual({ status: 200, body: { data: { dialogues: [{ id: '1' }] } } });
      expect(server.alive()).toBe(true);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
