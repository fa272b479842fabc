import { sqliteOnlyNote } from '../utils/sqlite-only';
import { SqliteStatistics } from '../../src/database/sqlite-statistics';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

const OVERDUE_PAGE = `query($dialogue: ID!) {
  commitments(first: 8, filter: { dialogue: $dialogue, overdue: true }, orderBy: { field: DUE_DATE, direction: ASC }) { nodes { id dueDate } }
}`;

/**
 * SQLite plans from statistics once the app has gathered them (PRAGMA optimize at start, every
 * hour and on close): the dashboard's overdue page, on a dialogue holding most commitments,
 * walks the due-date index instead of reading and sorting the whole dialogue.
 */
describe(`Query-planner statistics (${sqliteOnlyNote})`, () => {
  let t: TestApp;
  let dialogue: string;

  beforeAll(async () => {
    t = await createTestApp();
    const [{ id: dialogueId }] = await t.dataSource.query(`SELECT id FROM dialogue ORDER BY id LIMIT 1`);
    const statuses = ['ANNOUNCED', 'IN_PROGRESS', 'STALLED', 'FULFILLED', 'WITHDRAWN'];
    const now = '2026-01-01 00:00:00.000';
    // 4,000 commitments, nearly all in one dialogue, due dates over 20 years, most not overdue.
    for (let batch = 0; batch < 8; batch++) {
      const rows = Array.from({ length: 500 }, (_, k) => {
        const i = batch * 500 + k;
        const due = `${2020 + (i % 20)}-${String(1 + (i % 12)).padStart(2, '0')}-15`;
        return `('Commitment ${i}', 'Will be done.', 'ACTION', '${statuses[i % statuses.length]}', '${due}', 'DAY', ${i % 50 === 0 ? 'NULL' : dialogueId}, 1, 'test', '${now}', '${now}')`;
      });
      await t.dataSource.query(
        `INSERT INTO commitment (title, text, kind, status, due_date, due_date_precision, dialogue_id, version, created_by, created_at, updated_at) VALUES ${rows.join(', ')}`,
      );
    }
    dialogue = String(dialogueId);
  });

  afterAll(() => t.close());

  async function planOfOverduePage(): Promise<string> {
    t.sql.reset();
    t.sql.recording = true;
    ok(await t.gql(OVERDUE_PAGE, { dialogue }));
    t.sql.recording = false;
    const [page] = t.sql.recorded.filter((q) => /FROM "commitment" "c"/.test(q) && /LIMIT/.test(q));
    const plan: { detail: string }[] = await t.dataSource.query(`EXPLAIN QUERY PLAN ${page}`, Array.from(page.matchAll(/\?/g), () => '2030-01-01'));
    return plan.map((r) => r.detail).join('\n');
  }

  it('walks the due-date index for the overdue page once statistics are gathered, where it sorted the whole dialogue before', async () => {
    await t.dataSource.query('DELETE FROM sqlite_stat1').catch(() => undefined);
    await t.dataSource.query('ANALYZE sqlite_schema');
    const guessed = await planOfOverduePage();
    expect(guessed).toMatch(/dialogue_id=\?/);
    expect(guessed).toMatch(/TEMP B-TREE FOR ORDER BY/);

    await t.app.get(SqliteStatistics).optimize('PRAGMA optimize=0x10002');
    const planned = await planOfOverduePage();
    expect(planned).toMatch(/due_date<\?/);
    expect(planned).not.toMatch(/TEMP B-TREE/);
  });

  it('has gathered statistics at start-up already (the app ran PRAGMA optimize after its migrations)', async () => {
    const fresh = await createTestApp();
    try {
      const [{ n }] = await fresh.dataSource.query(`SELECT COUNT(*) AS n FROM sqlite_schema WHERE name = 'sqlite_stat1'`);
      expect(Number(n)).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

