import request from 'supertest';
import { ReferenceDataService } from '../../src/reference-data/reference-data.service';
import { Topic } from '../../src/topics/topic.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf } from '../utils/gql-assert';

/** What every feature relies on: the migrated schema, reference data, health, error masking. */
describe('Platform (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('has a migrated schema that matches the entities exactly (no pending schema statements)', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    const migrations = await t.dataSource.query('SELECT name FROM migrations');
    expect(migrations.length).toBeGreaterThan(0);
  });

  it('loads reference data once: restarting the data loader adds nothing', async () => {
    const counts = async () => t.dataSource.query('SELECT (SELECT COUNT(*) FROM country) AS c, (SELECT COUNT(*) FROM topic) AS t, (SELECT COUNT(*) FROM dialogue) AS d');
    const before = await counts();
    await t.app.get(ReferenceDataService).ensure();
    await t.app.get(ReferenceDataService).ensure();
    expect(await counts()).toEqual(before);
    expect(before.map((r: any) => [Number(r.c), Number(r.t), Number(r.d)])).toEqual([[2, 5, 1]]);
  });

  it('keeps concurrent transactions apart: one that rolls back never takes another one\'s writes with it', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const topic = (slug: string) => ({ slug, title: slug, description: null, parentId: null, keywords: [], createdAt: new Date(), updatedAt: new Date() });
    const failing = t.dataSource.transaction(async (em) => {
      await em.insert(Topic, topic('rolled-back'));
      await sleep(60);
      throw new Error('boom');
    });
    const succeeding = t.dataSource.transaction(async (em) => {
      await sleep(10);
      await em.insert(Topic, topic('committed'));
    });
    await expect(failing).rejects.toThrow('boom');
    await succeeding;
    const slugs = (await t.dataSource.getRepository(Topic).find()).map((x) => x.slug);
    expect(slugs).toContain('committed');
    expect(slugs).not.toContain('rolled-back');
  });

  it('reports the database up on GET /health', async () => {
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('maps GraphQL syntax and validation failures to BAD_USER_INPUT', async () => {
    const syntax = errorOf(await t.gql('{ topics { slug '));
    expect(syntax.extensions.code).toBe('BAD_USER_INPUT');
    const unknownField = errorOf(await t.gql('{ topics { nope } }'));
    expect(unknownField.extensions.code).toBe('BAD_USER_INPUT');
    const wrongVariable = errorOf(await t.gql('query($id: ID!) { topic(id: $id) { id } }', {}));
    expect(wrongVariable.extensions.code).toBe('BAD_USER_INPUT');
    // An operationName the document does not define (found by the fuzzer: it was masked as a server error).
    const unknownOperation = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${t.adminToken}`)
      .send({ query: 'query A { topics { slug } }', operationName: 'B' });
    expect({ status: unknownOperation.status, extensions: unknownOperation.body.errors[0].extensions }).toEqual({
      status: 400,
      extensions: { code: 'BAD_USER_INPUT', fields: [], reason: 'OPERATION_RESOLUTION_FAILURE' },
    });
    // A persisted query whose hash does not match, or of an unknown version (Apollo gives these no code).
    for (const persistedQuery of [{ version: 1, sha256Hash: '00' }, { version: 2, sha256Hash: '00' }]) {
      const res = await request(t.app.getHttpServer())
        .post('/graphql')
        .set('authorization', `Bearer ${t.adminToken}`)
        .send({ query: '{ topics { slug } }', extensions: { persistedQuery } });
      expect({ status: res.status, extensions: res.body.errors[0].extensions }).toEqual({ status: 400, extensions: { code: 'BAD_USER_INPUT', fields: [], reason: 'BAD_REQUEST' } });
    }
    // More than 50 bad variable values: graphql-js adds an error of its own, without a code.
    const manyBad = await t.gql('query($s: [CommitmentStatus!]) { commitments(filter: { status: $s }) { totalCount } }', { s: Array(60).fill('NOPE') });
    expect(manyBad.errors!.length).toBeGreaterThan(50);
    expect(new Set(manyBad.errors!.map((e) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
  });

  it('refuses the NUL character in any argument with BAD_USER_INPUT at its path, before any SQL', async () => {
    // PostgreSQL refuses NUL in any statement ("invalid byte sequence"): found by fuzzing on PostgreSQL.
    await t.gql('{ countries { code } }'); // the token's verification is cached from here on
    for (const [document, variables, path] of [
      ['mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }', { input: { slug: 'nul', title: 'a\u0000b' } }, 'input.title'],
      ['mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }', { input: { slug: 'nul', title: 'Nul', keywords: ['ok', '\u0000'] } }, 'input.keywords.1'],
      ['mutation($id: ID!) { revokeApiToken(id: $id) { id } }', { id: 'bt_\u0000' }, 'id'],
      ['query($text: String!) { search(text: $text) { __typename } }', { text: 'border\u0000' }, 'text'],
    ] as const) {
      t.sql.reset();
      const err = errorOf(await t.gql(document, variables));
      expect({ path, sql: t.sql.count, extensions: err.extensions }).toEqual({ path, sql: 0, extensions: { code: 'BAD_USER_INPUT', fields: [{ path, message: expect.stringContaining('NUL') }] } });
    }
  });

  it('masks unexpected failures as INTERNAL_SERVER_ERROR with no stack and no SQL', async () => {
    // Break the database under the running app: the next query fails inside the driver.
    await t.dataSource.query('DROP TABLE dialogue_country');
    const res = await t.gql('{ dialogues { title countries { code } } }');
    const err = errorOf(res);
    expect(err.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(err.message).toBe('Internal server error');
    expect(JSON.stringify(res.errors)).not.toMatch(/dialogue_country|SELECT|stack|at /i);
  });

  it('reports the database down on GET /health when it is gone', async () => {
    await t.dataSource.destroy();
    const res = await request(t.app.getHttpServer()).get('/health');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'error', error: { database: { status: 'down' } } });
    await t.dataSource.initialize(); // so close() can shut down cleanly
  });
});
