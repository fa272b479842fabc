import { sqliteOnlyNote } from '../utils/sqlite-only';
import { existsSync, rmSync } from 'node:fs';
import request from 'supertest';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/**
 * The SQLite file deleted under a running server (the data folder removed, say): better-sqlite3
 * keeps its descriptor, so the ping still answers and writes were acknowledged, then lost.
 * Now /health says 503 and every write is refused with a coded error.
 */
describe(`Database file deleted while running (e2e, ${sqliteOnlyNote})`, () => {
  let t: TestApp;
  let file: string;

  beforeAll(async () => {
    t = await createTestApp();
    file = process.env.DATABASE_URL!.replace(/^sqlite:/, '');
  });
  afterAll(() => t.close());

  const health = () => request(t.app.getHttpServer()).get('/health');
  const CREATE = `mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }`;

  it('answers and writes while the file is there', async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(res.body.info.database.status).toBe('up');
    ok(await t.gql(CREATE, { input: { slug: 'before', title: 'Before' } }));
  });

  it('once the file is deleted: /health 503 naming the database, writes refused with a coded error', async () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    expect(existsSync(file)).toBe(false);

    const res = await health();
    expect(res.status).toBe(503);
    expect(res.body.error.database).toMatchObject({ status: 'down', message: expect.stringContaining('is gone') });

    // A mutation in a transaction, and one written outside any (a token), both refused.
    const refused = await t.gql(CREATE, { input: { slug: 'after', title: 'After' } });
    expect(errorOf(refused).extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(refused.data).toBeNull();
    const token = await t.gql(`mutation { createApiToken(input: { name: "late", role: ANALYST }) { token } }`);
    expect(errorOf(token).extensions.code).toBe('INTERNAL_SERVER_ERROR');
    // Reads still answer from the open file.
    expect(ok(await t.gql(`{ topics(filter: { search: "before" }) { slug } }`)).topics).toEqual([{ slug: 'before' }]);
  });
});
