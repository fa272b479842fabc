import { AddressInfo, connect, Socket } from 'node:net';
import { Role } from '../../src/common/security/role';
import { HeavyReads } from '../../src/database/heavy-reads';
import { queryNamed } from '../../src/database/named-query';
import { readOffLoop } from '../../src/database/read-off-loop';
import { Statement } from '../../src/statements/statement.entity';
import { ExportService, ExportStream } from '../../src/export/export.service';
import { createTestApp, isPostgresRun, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/** Polls `check` (no fixed sleep decides anything: only how long we are willing to wait). */
async function until(check: () => boolean | Promise<boolean>, what: string, waitMs = 20_000): Promise<void> {
  const stop = Date.now() + waitMs;
  while (!(await check())) {
    if (Date.now() > stop) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** `n` statements of about `size` characters in one briefing, written by one SQL statement (the full-text triggers fire). */
async function manyStatements(t: TestApp, briefingId: number, n: number, size: number): Promise<void> {
  const words = Math.ceil(size / 8);
  if (isPostgresRun()) {
    await t.dataSource.query(
      `INSERT INTO statement (briefing_id, turn_index, paragraph_index, kind, text)
       SELECT $1, 1000 + i, 0, 'REMARK', (SELECT string_agg('co' || ((i * 7919 + w * 104729) % 99991)::text, ' ') FROM generate_series(1, $3) w)
       FROM generate_series(1, $2) i`,
      [briefingId, n, words],
    );
    return;
  }
  await t.dataSource.query(
    `WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < ?)
     INSERT INTO statement (briefing_id, turn_index, paragraph_index, kind, text)
     SELECT ?, 1000 + n, 0, 'REMARK',
            (WITH RECURSIVE w(k, s) AS (SELECT 1, 'co' || ((n * 7919 + 104729) % 99991) UNION ALL SELECT k + 1, s || ' co' || ((n * 7919 + (k + 1) * 104729) % 99991) FROM w WHERE k < ?)
             SELECT s FROM w WHERE k = ?)
     FROM i`,
    [n, briefingId, words, words],
  );
}

/**
 * Issue 14, point 4: no request holds the others. Heavy reads (search, history reads, export
 * pages) run off the event loop (SQLite: the read pool's worker threads; PostgreSQL: async and
 * bounded server-side) and stop at the request's time budget; a search is bounded in prefix
 * terms; an export reader that stalls is dropped.
 */
describe('Heavy reads (e2e)', () => {
  let t: TestApp;
  let briefingId: number;

  beforeAll(async () => {
    // A small budget, so a runaway read is stopped within the test; the probes are tiny.
    t = await createTestApp({ OPERATION_TIMEOUT_MS: '1500', EXPORT_IDLE_TIMEOUT_MS: '400' });
    const created = ok(
      await t.gql(`mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }`, {
        input: { title: 'Heavy reads', date: '2024-03-01', statements: [{ kind: 'REMARK', text: 'Fentanyl cooperation was discussed at length.' }] },
      }),
    );
    briefingId = Number(created.createBriefing.id);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a simple query while a slow read runs, stops the read at its budget with the timeout error, and goes on serving', async () => {
    const reads = t.app.get(HeavyReads);
    // A read that would hold its connection for 20 s.
    let settled = false;
    const slow = reads.run(isPostgresRun() ? 'SELECT pg_sleep(20) AS x' : 'SELECT test_sleep(20000) AS x', []);
    const outcome = slow.then(
      () => ((settled = true), null),
      (error: unknown) => ((settled = true), error),
    );
    if (isPostgresRun()) {
      await until(async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(20)%'`))[0].n === 1, 'the sleep to start');
    } else {
      await until(() => settled || reads.readPool?.running === 1, 'the sleep to start in a worker');
    }
    // Another client's simple query is answered while the slow read is still running.
    expect(ok(await t.gql('{ topics { slug } }')).topics).toEqual(expect.any(Array));
    expect(settled).toBe(false);
    // At the budget (OPERATION_TIMEOUT_MS, a read outside a GraphQL field has one of its own) it is stopped.
    const error = (await outcome) as { extensions?: Record<string, unknown> };
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'timeout', max: 1500 });
    if (isPostgresRun()) {
      // Stopped in the server, not only abandoned by the client.
      await until(async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(20)%'`))[0].n === 0, 'the server to cancel the sleep');
    } else {
      expect(reads.readPool!.stats.stopped).toBeGreaterThanOrEqual(1);
    }
    // The pool goes on serving: a search (ranked in a worker) finds the statement.
    const { search } = ok(await t.gql(`{ search(text: "fentanyl cooperation") { totalCount nodes { type snippet } } }`));
    expect(search.totalCount).toBe(1);
    expect(search.nodes[0].snippet).toContain('<mark>Fentanyl</mark>');
  });

  it('gives back the values the main connection gives: raw rows, and entities hydrated by TypeORM', async () => {
    const reads = t.app.get(HeavyReads);
    const sql = `SELECT b.id, b.date, b.created_at, b.title, s.id AS statement_id, s.speaker_id, s.text_start, s.kind FROM briefing b INNER JOIN statement s ON s.briefing_id = b.id WHERE b.id = :id ORDER BY s.id`;
    const onMain = await queryNamed(t.dataSource, sql, { id: briefingId });
    expect(onMain.length).toBeGreaterThan(0);
    expect(await reads.query(sql, { id: briefingId })).toEqual(onMain);
    // A list query run through the pool (readOffLoop inside scope) hydrates the same entities.
    const page = () => t.dataSource.getRepository(Statement).createQueryBuilder('s').innerJoin('s.briefing', 'b').addSelect(['b.id', 'b.date']).orderBy('s.id').limit(5);
    const main = await page().getMany();
    const pooled = await reads.scope(() => readOffLoop(page()).getMany());
    expect(pooled).toEqual(main);
    expect(pooled[0]).toBeInstanceOf(Statement);
    if (!isPostgresRun()) expect(reads.readPool!.stats.done).toBeGreaterThanOrEqual(2);
  });

  it('refuses a search with more than four prefix terms, naming the field, before any SQL', async () => {
    const before = t.sql.count;
    const refused = errorOf(await t.gql(`{ search(text: "co* OR se* pr* re* de*") { totalCount } }`));
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'text', message: 'has more than 4 prefix terms (words ending in *)' }] });
    const filtered = errorOf(await t.gql(`{ statements(filter: { search: "a* b* c* d* e*" }) { totalCount } }`));
    expect(filtered.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.search' }] });
    expect(t.sql.count).toBe(before);
    // Four are allowed.
    expect(ok(await t.gql(`{ search(text: "fent* OR co* se* pr*") { totalCount } }`)).search.totalCount).toBe(0);
  });

  it('stops reading an export while its reader takes nothing, and drops a reader that stalls', async () => {
    // About 16 MB of CSV: more than the socket buffers hold (a stalled reader had 2,000-3,000 rows
    // of it read), so a reader that takes nothing stalls the export.
    const rows = 8_000;
    await manyStatements(t, briefingId, rows, 2_000);
    const opened: ExportStream[] = [];
    const original = ExportService.prototype.open;
    const spy = jest.spyOn(ExportService.prototype, 'open').mockImplementation(async function (this: ExportService, ...args: Parameters<ExportService['open']>) {
      const stream = await original.apply(this, args);
      opened.push(stream);
      return stream;
    });

    const server = await t.app.listen(0, '127.0.0.1');
    const { port } = server.address() as AddressInfo;
    const token = await t.tokenFor('export-reader', Role.ANALYST);
    const socket: Socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.on('error', () => undefined);
    // A reader that asks and then never reads.
    socket.pause();
    socket.write(`GET /export/statements.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    await until(() => opened.length === 1, 'the export to start');
    const connections = () => new Promise<number>((resolve, reject) => server.getConnections((e: Error | null, n: number) => (e ? reject(e) : resolve(n))));
    // The server drops the stalled reader (EXPORT_IDLE_TIMEOUT_MS) ...
    await until(async () => (await connections()) === 0, 'the server to drop the stalled export reader');
    // ... having read only what the buffers hold, not the export (back-pressure).
    expect(opened[0].stats.rows).toBeGreaterThan(0);
    expect(opened[0].stats.rows).toBeLessThan(rows);
    const readWhenDropped = opened[0].stats.rows;
    // Nothing more is read after it than the page already asked for, and the server answers others.
    expect(ok(await t.gql('{ topics { slug } }')).topics).toEqual(expect.any(Array));
    expect(opened[0].stats.rows).toBeLessThanOrEqual(readWhenDropped + 1000);
    socket.destroy();
    spy.mockRestore();
  });
});
