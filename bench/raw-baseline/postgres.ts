import { Pool } from 'pg';
import { parseSearch, toTsQuery } from './search-text';
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
} from './store';

/**
 * The raw baseline on PostgreSQL: a pg pool of 10 (as the API's), named (server-side prepared)
 * statements but for the search ranking, the same SQL semantics as the API on PostgreSQL (ts_rank and ts_headline for
 * search, dates read as text so no time zone shifts them).
 */
export function postgresStore(url: string, schema?: string): Store {
  const pool = new Pool({ connectionString: url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const query = async <T>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as T[];
  // Planned for its values every time (an unnamed statement, as all of the API's are): the
  // generic plan PostgreSQL settles on for a named one after five runs made the search ranking
  // 1.8 times slower (142 against 78 ms of database CPU); planning the other statements each
  // time made them slower instead.
  const unnamed = async <T>(text: string, values: unknown[]) => (await pool.query({ text, values })).rows as T[];

  const SUBTREE = `WITH RECURSIVE subtree(id) AS (
      SELECT t.id FROM topic t WHERE t.id = $1
      UNION ALL SELECT t.id FROM topic t INNER JOIN subtree ON t.parent_id = subtree.id)`;
  // $1 topic, $2 limit, then the status list when given, then the cursor's values when given.
  // Dated rows in due_date index order (after the cursor's due date and id); undated rows by id.
  const DATED = (status: boolean, cursor: boolean) => {
    const c = status ? 4 : 3;
    return `${SUBTREE}
      SELECT c.id, c.title, c.status, c.due_date::text AS due_date FROM commitment c
      WHERE c.due_date IS NOT NULL
        AND EXISTS (SELECT 1 FROM commitment_topic ct WHERE ct.commitment_id = c.id AND ct.topic_id IN (SELECT id FROM subtree))
        ${status ? 'AND c.status = ANY($3::text[])' : ''}
        ${cursor ? `AND (c.due_date > $${c}::date OR (c.due_date = $${c}::date AND c.id > $${c + 1}))` : ''}
      ORDER BY c.due_date, c.id LIMIT $2`;
  };
  const UNDATED = (status: boolean, cursor: boolean) => `${SUBTREE}
      SELECT c.id, c.title, c.status, NULL::text AS due_date FROM commitment c
      WHERE c.due_date IS NULL
        AND EXISTS (SELECT 1 FROM commitment_topic ct WHERE ct.commitment_id = c.id AND ct.topic_id IN (SELECT id FROM subtree))
        ${status ? 'AND c.status = ANY($3::text[])' : ''}
        ${cursor ? `AND c.id > $${status ? 4 : 3}` : ''}
      ORDER BY c.id LIMIT $2`;
  const TOPICS_OF = `SELECT ct.commitment_id, t.slug FROM commitment_topic ct INNER JOIN topic t ON t.id = ct.topic_id
      WHERE ct.commitment_id = ANY($1::int[]) ORDER BY ct.topic_id`;
  const SOURCES_OF = `SELECT ss.commitment_id, ss.quote, p.name FROM source_span ss
      INNER JOIN statement s ON s.id = ss.statement_id LEFT JOIN participant p ON p.id = s.speaker_id
      WHERE ss.commitment_id = ANY($1::int[]) ORDER BY ss.id`;

  // Today's progress from the roll-up the database keeps on every write: the status counts, the
  // overdue range sum, and the latest activity as one index seek per (topic, dialogue) with members.
  const PROGRESS = `SELECT s.status, s.n, o.overdue, o.event_at
      FROM (SELECT (SELECT COALESCE(SUM(d.n), 0) FROM topic_rollup_due d WHERE d.topic_id = $1 AND d.due_date < $2::date) AS overdue,
                   (SELECT MAX((SELECT m.activity_at FROM topic_rollup_member m
                                WHERE m.topic_id = k.topic_id AND m.dialogue_key = k.dialogue_key ORDER BY m.activity_at DESC LIMIT 1))
                    FROM (SELECT DISTINCT topic_id, dialogue_key FROM topic_rollup_status WHERE topic_id = $1 AND n > 0) k) AS event_at) o
      LEFT JOIN (SELECT status, SUM(n) AS n FROM topic_rollup_status WHERE topic_id = $1 AND n > 0 GROUP BY status) s ON true`;

  // The stored, GIN-indexed documents (migration 1764360000000), as src/search/search.service.ts reads them.
  const RANKED = (cursor: boolean) => `SELECT id, score FROM (
        SELECT r.id AS id, ROUND(ts_rank(r.document, to_tsquery('english', $1)) * 1000000)::bigint AS score
        FROM statement_search r WHERE r.document @@ to_tsquery('english', $1)) hits
      ${cursor ? `WHERE score < $3 OR (score = $3 AND (id > $4 OR (id = $4 AND 'STATEMENT' > $5)))` : ''}
      ORDER BY score DESC, id ASC LIMIT $2`;
  const escaped = `replace(replace(replace(replace(replace(r.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;
  const HITS = `SELECT r.id,
        ts_headline('english', ${escaped}, to_tsquery('english', $1), 'StartSel="<mark>", StopSel="</mark>", MaxWords=32, MinWords=12, ShortWord=2') AS snippet,
        r.briefing_id, b.date::text AS date, p.name
      FROM statement r INNER JOIN briefing b ON b.id = r.briefing_id LEFT JOIN participant p ON p.id = r.speaker_id
      WHERE r.id = ANY($2::int[])`;

  return {
    async token(prefix) {
      const [row] = await query<{ hash: string; expires_at: Date | null; revoked_at: Date | null }>(
        'token',
        'SELECT hash, expires_at, revoked_at FROM api_token WHERE prefix = $1',
        [prefix],
      );
      return row ? { hash: row.hash, expiresAt: row.expires_at ? row.expires_at.getTime() : null, revoked: row.revoked_at !== null } : null;
    },

    async commitmentsPage({ topic, status, first, after }: CommitmentsPageArgs) {
      const shape = (cursor: boolean) => `${status ? 's' : ''}${cursor ? 'c' : ''}`;
      const base: unknown[] = [topic, first + 1, ...(status ? [status] : [])];
      const asNumbers = (rows: PageRow[]) => rows.map((r) => ({ ...r, id: Number(r.id) }));
      const rows = await pageByDueDate(
        first,
        after,
        async () => asNumbers(await query<PageRow>(`dated${shape(after !== null)}`, DATED(status !== null, after !== null), [...base, ...(after ?? [])])),
        async (afterId) =>
          asNumbers(await query<PageRow>(`undated${shape(afterId !== null)}`, UNDATED(status !== null, afterId !== null), [...base, ...(afterId !== null ? [afterId] : [])])),
      );
      const ids = rows.slice(0, first).map((r) => r.id);
      const [topics, sources] = await Promise.all([query<never>('topicsOf', TOPICS_OF, [ids]), query<never>('sourcesOf', SOURCES_OF, [ids])]);
      return commitmentsPageOf(rows, first, topics, sources);
    },

    async topicProgress(topicId) {
      const [row] = await query<{ id: number; slug: string; title: string }>('topic', 'SELECT id, slug, title FROM topic WHERE id = $1', [topicId]);
      if (!row) return { topic: null };
      const rows = await query<ProgressRow>('progress', PROGRESS, [topicId, todayIso()]);
      return { topic: { id: String(row.id), slug: row.slug, title: row.title, progress: progressOf(rows) } };
    },

    async searchStatements({ text, first, after }: SearchArgs) {
      const parsed = parseSearch(text);
      if (!parsed) return null;
      const q = toTsQuery(parsed);
      const rows = await unnamed<{ id: number; score: string }>(RANKED(after !== null), after ? [q, first + 1, ...after] : [q, first + 1]);
      const page = rows.slice(0, first);
      const details = new Map(
        (await query<Omit<HitRow, 'score'>>('hits', HITS, [q, page.map((r) => r.id)])).map((h) => [Number(h.id), h]),
      );
      const hits: HitRow[] = rows.map((r) => {
        const d = details.get(Number(r.id));
        return { id: Number(r.id), score: Number(r.score), snippet: d?.snippet ?? null, briefing_id: d?.briefing_id ?? null, date: d?.date ?? null, name: d?.name ?? null };
      });
      return searchPageOf(hits, first);
    },

    async close() {
      await pool.end();
    },
  };
}
