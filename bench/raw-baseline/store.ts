/**
 * What the raw baseline reads, for either database: each method returns the `data` of one
 * GraphQL operation of bench/http/operations.ts as a plain object, its keys in the order of the
 * query's selection, so JSON.stringify gives the API's bytes.
 */
export interface TokenRow {
  hash: string;
  /** Epoch ms, or null. */
  expiresAt: number | null;
  revoked: boolean;
}

export interface CommitmentsPageArgs {
  topic: number;
  status: string[] | null;
  first: number;
  /** The decoded cursor: [due date or its stand-in, id]. */
  after: [string, number] | null;
}

export interface SearchArgs {
  text: string;
  first: number;
  /** The decoded cursor: [score, id, type]. */
  after: [number, number, string] | null;
}

export interface Store {
  token(prefix: string): Promise<TokenRow | null>;
  commitmentsPage(args: CommitmentsPageArgs): Promise<unknown>;
  topicProgress(topicId: number): Promise<unknown>;
  /** null when the text has nothing to search for. */
  searchStatements(args: SearchArgs): Promise<unknown | null>;
  close(): Promise<void>;
}

// ------------------------------------------------------------ shared shaping (both databases)

export const STATUSES = ['ANNOUNCED', 'IN_PROGRESS', 'STALLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'NOT_FULFILLED', 'INCONCLUSIVE', 'WITHDRAWN'];
const SCORE: Record<string, number | null> = {
  ANNOUNCED: null,
  IN_PROGRESS: 0,
  STALLED: 0,
  PARTIALLY_FULFILLED: 0,
  FULFILLED: 1,
  NOT_FULFILLED: -1,
  INCONCLUSIVE: null,
  WITHDRAWN: null,
};
/** Ranks are integers (rank x 1e6) in cursors, as in the API. */
export const SCORE_SCALE = 1_000_000;
/** Commitments without a due date sort last (ascending). */
export const NO_DUE_DATE = '9999-12-31';

export const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
export const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * A topic's progress as read from the roll-up the database keeps (migration
 * 1764340000000-TopicProgressRollup): one row per status with members (or one row with a null
 * status when there are none), each carrying the topic's overdue count and latest activity.
 */
export interface ProgressRow {
  status: string | null;
  n: number | string | null;
  overdue: number | string;
  event_at: Date | string | null;
}

/** An instant as the driver gives it: a Date (pg) or the stored UTC text (SQLite). */
function instant(value: Date | string | null): number | null {
  if (value == null) return null;
  if (value instanceof Date) return value.getTime();
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}

/** A topic's progress from its rows, computed as the API does (same sums, same order). */
export function progressOf(rows: ProgressRow[]) {
  const counted = rows.filter((r) => r.status !== null);
  const countOf = new Map(counted.map((r) => [r.status!, Number(r.n)]));
  const byStatus = STATUSES.map((status) => ({ status, count: countOf.get(status) ?? 0 }));
  const total = byStatus.reduce((sum, s) => sum + s.count, 0);
  let assessed = 0;
  let score = 0;
  for (const { status, count } of byStatus) {
    const value = SCORE[status];
    if (value === null) continue;
    assessed += count;
    score += value * count;
  }
  let last: number | null = null;
  for (const r of counted) {
    const at = instant(r.event_at);
    if (at !== null && (last === null || at > last)) last = at;
  }
  return {
    total,
    byStatus,
    fulfilledShare: total ? (countOf.get('FULFILLED') ?? 0) / total : null,
    complianceScore: assessed ? score / assessed : null,
    overdue: Number(rows[0]?.overdue ?? 0),
    lastActivityAt: last === null ? null : new Date(last).toISOString(),
  };
}

export interface PageRow {
  id: number;
  title: string;
  status: string;
  due_date: string | null;
}

/**
 * Up to first+1 commitments by due date (undated last, then id), read as the API reads them
 * (commitments.service paginateNullsApart): the dated rows on the bare due_date column, whose
 * index gives the order and stops after first+1, then, only when they can reach the page, the
 * undated ones by id; merged in the order of COALESCE(due_date, '9999-12-31'), id.
 */
export async function pageByDueDate(
  first: number,
  after: [string, number] | null,
  dated: () => Promise<PageRow[]> | PageRow[],
  undated: (afterId: number | null) => Promise<PageRow[]> | PageRow[],
): Promise<PageRow[]> {
  const limit = first + 1;
  const rows = [...(await dated())];
  const full = rows.length === limit && rows[limit - 1].due_date! < NO_DUE_DATE;
  const reach = after === null || after[0] < NO_DUE_DATE ? 'all' : after[0] === NO_DUE_DATE ? 'after id' : 'none';
  if (!full && reach !== 'none') {
    rows.push(...(await undated(reach === 'after id' ? after![1] : null)));
    rows.sort((a, b) => {
      const [x, y] = [a.due_date ?? NO_DUE_DATE, b.due_date ?? NO_DUE_DATE];
      return x < y ? -1 : x > y ? 1 : a.id - b.id;
    });
  }
  return rows.slice(0, limit);
}

/** The commitments connection from up to first+1 rows and their topics and sources (each in API order). */
export function commitmentsPageOf(
  rows: PageRow[],
  first: number,
  topics: { commitment_id: number; slug: string }[],
  sources: { commitment_id: number; quote: string; name: string | null }[],
) {
  const page = rows.slice(0, first);
  const topicsOf = new Map<number, { slug: string }[]>();
  const sourcesOf = new Map<number, { quote: string; statement: { speaker: { name: string } | null } }[]>();
  for (const c of page) {
    topicsOf.set(c.id, []);
    sourcesOf.set(c.id, []);
  }
  for (const t of topics) topicsOf.get(Number(t.commitment_id))?.push({ slug: t.slug });
  for (const s of sources) sourcesOf.get(Number(s.commitment_id))?.push({ quote: s.quote, statement: { speaker: s.name === null ? null : { name: s.name } } });
  const last = page[page.length - 1];
  return {
    commitments: {
      nodes: page.map((c) => ({
        id: String(c.id),
        title: c.title,
        status: c.status,
        dueDate: c.due_date,
        topics: topicsOf.get(c.id),
        sources: sourcesOf.get(c.id),
      })),
      pageInfo: { endCursor: last ? encodeCursor([last.due_date ?? NO_DUE_DATE, last.id]) : null, hasNextPage: rows.length > first },
    },
  };
}

export interface HitRow {
  id: number;
  score: number;
  snippet: string | null;
  briefing_id: number | null;
  date: string | null;
  name: string | null;
}

/** The search connection from up to first+1 ranked rows (with their snippet, briefing and speaker). */
export function searchPageOf(hits: HitRow[], first: number) {
  const page = hits.slice(0, first);
  const last = page[page.length - 1];
  return {
    search: {
      nodes: page.map((h) => ({
        id: `STATEMENT:${h.id}`,
        rank: h.score / SCORE_SCALE,
        snippet: h.snippet ?? '',
        briefing: h.briefing_id === null ? null : { id: String(h.briefing_id), date: h.date },
        speaker: h.name === null ? null : { name: h.name },
      })),
      pageInfo: { endCursor: last ? encodeCursor([last.score, last.id, 'STATEMENT']) : null, hasNextPage: hits.length > first },
    },
  };
}
