import Database from 'better-sqlite3';
import { markedToHtml, MARK_CLOSE, MARK_OPEN, parseSearch, toFts5 } from './search-text';
import {
  commitmentsPageOf,
  pageByDueDate,
  CommitmentsPageArgs,
  HitRow,
  PageRow,
  progressOf,
  ProgressRow,
  SearchArgs,
  searchPageOf,
  Store,
  todayIso,
  TokenRow,
} from './store';

/**
 * The raw baseline on SQLite: better-sqlite3 statements prepared once, hand-written SQL with the
 * API's semantics (filters, order, cursors, ranks, snippets). Lists of ids go in as one JSON
 * array (json_each), so every statement keeps a single prepared form.
 */
export function sqliteStore(path: string): Store {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('journal_mode = WAL');

  const token = db.prepare('SELECT hash, expires_at, revoked_at FROM api_token WHERE prefix = ?');

  // A topic and its subtopics at any depth.
  const SUBTREE = `WITH RECURSIVE subtree(id) AS (
      SELECT t.id FROM topic t WHERE t.id = @topic
      UNION ALL SELECT t.id FROM topic t INNER JOIN subtree ON t.parent_id = subtree.id)`;
  const FILTER = (status: boolean) => `EXISTS (SELECT 1 FROM commitment_topic ct WHERE ct.commitment_id = c.id AND ct.topic_id IN (SELECT id FROM subtree))
        ${status ? 'AND c.status IN (SELECT value FROM json_each(@status))' : ''}`;
  // Dated rows in due_date index order, after the cursor's (due date, id) when given; undated rows by id.
  const dated = (status: boolean, cursor: boolean) =>
    db.prepare(`${SUBTREE} SELECT c.id, c.title, c.status, c.due_date FROM commitment c
      WHERE c.due_date IS NOT NULL AND ${FILTER(status)} ${cursor ? 'AND (c.due_date > @due OR (c.due_date = @due AND c.id > @id))' : ''}
      ORDER BY c.due_date, c.id LIMIT @limit`);
  const undated = (status: boolean, cursor: boolean) =>
    db.prepare(`${SUBTREE} SELECT c.id, c.title, c.status, c.due_date FROM commitment c
      WHERE c.due_date IS NULL AND ${FILTER(status)} ${cursor ? 'AND c.id > @id' : ''}
      ORDER BY c.id LIMIT @limit`);
  const shapes = [false, true].flatMap((status) => [false, true].map((cursor) => [status, cursor] as const));
  const datedPages = shapes.map(([status, cursor]) => dated(status, cursor));
  const undatedPages = shapes.map(([status, cursor]) => undated(status, cursor));
  const shape = (status: boolean, cursor: boolean) => (status ? 2 : 0) + (cursor ? 1 : 0);
  const topicsOf = db.prepare(`SELECT ct.commitment_id, t.slug FROM commitment_topic ct INNER JOIN topic t ON t.id = ct.topic_id
      WHERE ct.commitment_id IN (SELECT value FROM json_each(?)) ORDER BY ct.topic_id`);
  const sourcesOf = db.prepare(`SELECT ss.commitment_id, ss.quote, p.name FROM source_span ss
      INNER JOIN statement s ON s.id = ss.statement_id LEFT JOIN participant p ON p.id = s.speaker_id
      WHERE ss.commitment_id IN (SELECT value FROM json_each(?)) ORDER BY ss.id`);

  const topic = db.prepare('SELECT id, slug, title FROM topic WHERE id = ?');
  // Today's progress from the roll-up the database keeps on every write: the status counts, the
  // overdue range sum, and the latest activity as one index seek per (topic, dialogue) with members.
  const progress = db.prepare(`SELECT s.status, s.n, o.overdue, o.event_at
      FROM (SELECT (SELECT COALESCE(SUM(d.n), 0) FROM topic_rollup_due d WHERE d.topic_id = @topic AND d.due_date < @today) AS overdue,
                   (SELECT MAX((SELECT m.activity_at FROM topic_rollup_member m
                                WHERE m.topic_id = k.topic_id AND m.dialogue_key = k.dialogue_key ORDER BY m.activity_at DESC LIMIT 1))
                    FROM (SELECT DISTINCT topic_id, dialogue_key FROM topic_rollup_status WHERE topic_id = @topic AND n > 0) k) AS event_at) o
      LEFT JOIN (SELECT status, SUM(n) AS n FROM topic_rollup_status WHERE topic_id = @topic AND n > 0 GROUP BY status) s ON 1 = 1`);

  const ranked = (cursor: boolean) =>
    db.prepare(`SELECT id, score FROM (
        SELECT rowid AS id, CAST(ROUND(-bm25(statement_fts) * 1000000) AS INTEGER) AS score FROM statement_fts WHERE statement_fts MATCH @q) hits
      ${cursor ? `WHERE score < @score OR (score = @score AND (id > @id OR (id = @id AND 'STATEMENT' > @type)))` : ''}
      ORDER BY score DESC, id ASC LIMIT @limit`);
  const rankedPages = [ranked(false), ranked(true)];
  const hitsOf = db.prepare(`SELECT f.rowid AS id,
        snippet(statement_fts, -1, char(${MARK_OPEN.charCodeAt(0)}), char(${MARK_CLOSE.charCodeAt(0)}), '…', 32) AS snippet,
        s.briefing_id, b.date, p.name
      FROM statement_fts f INNER JOIN statement s ON s.id = f.rowid
      INNER JOIN briefing b ON b.id = s.briefing_id LEFT JOIN participant p ON p.id = s.speaker_id
      WHERE statement_fts MATCH @q AND f.rowid IN (SELECT value FROM json_each(@ids))`);

  return {
    async token(prefix) {
      const row = token.get(prefix) as { hash: string; expires_at: string | null; revoked_at: string | null } | undefined;
      if (!row) return null;
      const expiresAt = row.expires_at === null ? null : Date.parse(`${row.expires_at.replace(' ', 'T')}Z`);
      return { hash: row.hash, expiresAt, revoked: row.revoked_at !== null } satisfies TokenRow;
    },

    async commitmentsPage({ topic, status, first, after }: CommitmentsPageArgs) {
      const base = { topic, limit: first + 1, ...(status ? { status: JSON.stringify(status) } : {}) };
      const rows = await pageByDueDate(
        first,
        after,
        () => datedPages[shape(status !== null, after !== null)].all({ ...base, ...(after ? { due: after[0], id: after[1] } : {}) }) as PageRow[],
        (afterId) => undatedPages[shape(status !== null, afterId !== null)].all({ ...base, ...(afterId !== null ? { id: afterId } : {}) }) as PageRow[],
      );
      const ids = JSON.stringify(rows.slice(0, first).map((r) => r.id));
      return commitmentsPageOf(rows, first, topicsOf.all(ids) as never[], sourcesOf.all(ids) as never[]);
    },

    async topicProgress(topicId) {
      const row = topic.get(topicId) as { id: number; slug: string; title: string } | undefined;
      if (!row) return { topic: null };
      const rows = progress.all({ topic: topicId, today: todayIso() }) as ProgressRow[];
      return { topic: { id: String(row.id), slug: row.slug, title: row.title, progress: progressOf(rows) } };
    },

    async searchStatements({ text, first, after }: SearchArgs) {
      const query = parseSearch(text);
      if (!query) return null;
      const q = toFts5(query);
      const statement = rankedPages[after ? 1 : 0];
      const rows = statement.all({ q, limit: first + 1, ...(after ? { score: after[0], id: after[1], type: after[2] } : {}) }) as { id: number; score: number }[];
      const page = rows.slice(0, first);
      const details = new Map((hitsOf.all({ q, ids: JSON.stringify(page.map((r) => r.id)) }) as Omit<HitRow, 'score'>[]).map((h) => [h.id, h]));
      const hits: HitRow[] = rows.map((r) => {
        const d = details.get(r.id);
        return { id: r.id, score: r.score, snippet: d?.snippet == null ? null : markedToHtml(d.snippet), briefing_id: d?.briefing_id ?? null, date: d?.date ?? null, name: d?.name ?? null };
      });
      return searchPageOf(hits, first);
    },

    async close() {
      db.close();
    },
  };
}
