import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EntityRows } from '../database/entity-rows';
import { queryNamed } from '../database/named-query';
import { HeavyReads } from '../database/heavy-reads';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { Topic } from '../topics/topic.entity';
import { CommitmentStatus } from './commitment.enums';
import { ALL_STATUSES, complianceScoreOf, FINAL_STATUSES, todayIso } from './commitment-rules';
import { TimelineBucket, TimelinePoint, TopicProgress, TopicProgressRow } from './dto/topic-progress.types';
import { timelineBuckets } from './topic-timeline';

export interface ProgressOptions {
  /** Count the status each commitment had on this date (from its history) instead of today's. */
  asOf?: string | null;
  /** Only commitments of this dialogue. */
  dialogueId?: number | null;
}

/** One GROUP BY row: a topic, a status, and the aggregates of its commitments in that status. */
export interface ProgressRow {
  topic_id: number | string;
  /** Null on the one row of a topic without commitments (the LEFT JOIN keeps the topic). */
  status: CommitmentStatus | null;
  n: number | string | null;
  overdue: number | string | null;
  updated_at?: Date | string | null;
  event_at: Date | string | null;
  /** The roll-up's overdue count of the whole topic, repeated on each of its rows. */
  topic_overdue?: number | string | null;
}

/** Which topics a progress query aggregates. */
type Scope = { roots: true } | { topicIds: readonly number[] };

/**
 * Topic progress (DOMAIN.md, docs/commitment-status.md): computed in the database, ONE SQL
 * statement for any number of topics (topicProgress, with its root topics, is one statement;
 * Topic.progress for a whole list is one per asOf). Each topic covers its commitments and its
 * subtopics' (at any depth, via a recursive CTE), each commitment counted once per topic; as of
 * a date, each commitment counts in the status of its last whole-commitment event valid by then
 * (ties by id) and is left out when it has none.
 * Without a date, the statement reads the roll-up that database triggers keep on every write
 * (a few rows per topic); with one, it recounts from the rows and the history.
 */
@Injectable()
export class TopicProgressService {
  /** Each result row carries its topic's columns as t_<column>. */
  private readonly topicRows: EntityRows<Topic>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly heavyReads: HeavyReads,
  ) {
    this.topicRows = new EntityRows(dataSource, Topic, 't');
  }

  /** Topic.progress(asOf) for every topic of a request in one query. */
  loader(loaders: LoaderRegistry, asOf: string | null) {
    return loaders.get<number, TopicProgress>(`commitments.topicProgress:${asOf ?? ''}`, (topicIds) => this.progressOf(topicIds, { asOf }));
  }

  /** Progress of the given topics, in their order. */
  async progressOf(topicIds: readonly number[], options: ProgressOptions = {}): Promise<TopicProgress[]> {
    if (!topicIds.length) return [];
    const rows = await this.progressRows({ topicIds }, options);
    return topicIds.map((topicId) => summarise(rows.filter((r) => Number(r.topic_id) === topicId)));
  }

  /** topicProgress: every top-level topic (in id order) with its progress, in one statement. */
  async rootProgress(options: ProgressOptions = {}): Promise<TopicProgressRow[]> {
    const rows = await this.progressRows({ roots: true }, options);
    const byTopic = new Map<number, { topic: Topic; rows: ProgressRow[] }>();
    for (const row of rows) {
      const id = Number(row.topic_id);
      if (!byTopic.has(id)) byTopic.set(id, { topic: this.topicRows.all.read(row as unknown as Record<string, unknown>)!, rows: [] });
      byTopic.get(id)!.rows.push(row);
    }
    return [...byTopic.values()].map(({ topic, rows: own }) => ({ topic, ...summarise(own) }));
  }

  /**
   * topicTimeline: the topic's commitments (subtopics included) by the status each had at the
   * end of every bucket from..to, from the event history; one statement for all buckets.
   * Each whole-commitment event holds its status from its validFrom until the next event's
   * (ordered by validFrom, then id: the statusAt rule), so the database sums +1 at the first
   * bucket end on or after the start and -1 at the first one on or after the end, per status;
   * the counts are the running sums of those deltas. The work grows with the events, not with
   * commitments x buckets.
   */
  async timeline(topicId: number, from: string, to: string, bucket: TimelineBucket, dialogueId: number | null = null): Promise<TimelinePoint[]> {
    const spans = timelineBuckets(from, to, bucket);
    if (!(await this.dataSource.getRepository(Topic).existsBy({ id: topicId }))) throw new NotFoundError('Topic', topicId, 'topic');
    const day = this.isPostgres() ? (name: string) => `CAST(:${name} AS date)` : (name: string) => `:${name}`;
    const points = spans.map((_, i) => `(${i}, ${day(`at${i}`)})`).join(', ');
    const sql = `
      WITH RECURSIVE subtree(topic_id) AS (
        SELECT t.id FROM topic t WHERE t.id = :topicId
        UNION
        SELECT t.id FROM topic t INNER JOIN subtree ON t.parent_id = subtree.topic_id
      ),
      tagged AS (
        SELECT DISTINCT ct.commitment_id AS commitment_id
        FROM commitment_topic ct
        INNER JOIN commitment c ON c.id = ct.commitment_id
        WHERE ct.topic_id IN (SELECT topic_id FROM subtree) ${dialogueId !== null ? 'AND c.dialogue_id = :dialogueId' : ''}
      ),
      held AS (
        SELECT e.to_status AS status, e.valid_from AS held_from,
               LEAD(e.valid_from) OVER (PARTITION BY e.commitment_id ORDER BY e.valid_from, e.id) AS held_until
        FROM commitment_event e
        WHERE e.party_id IS NULL AND e.commitment_id IN (SELECT commitment_id FROM tagged)
      ),
      deltas AS (
        SELECT held.held_from AS at, held.status AS status, COUNT(*) AS d FROM held GROUP BY held.held_from, held.status
        UNION ALL
        SELECT held.held_until AS at, held.status AS status, -COUNT(*) AS d FROM held WHERE held.held_until IS NOT NULL GROUP BY held.held_until, held.status
      ),
      points(i, at) AS (VALUES ${points}),
      -- Each change goes to the first bucket end on or after it: deltas and bucket ends in one
      -- stream, latest first (a bucket end before the changes of its own day), the smallest
      -- bucket index seen so far. One sort, where a lookup per change scanned every bucket end.
      placed AS (
        SELECT stream.status AS status, stream.d AS d,
               MIN(stream.i) OVER (ORDER BY stream.at DESC, stream.kind DESC ROWS UNBOUNDED PRECEDING) AS i
        FROM (SELECT 0 AS kind, deltas.at AS at, NULL AS i, deltas.status AS status, deltas.d AS d FROM deltas
              UNION ALL SELECT 1 AS kind, points.at AS at, points.i AS i, NULL AS status, 0 AS d FROM points) stream
      )
      SELECT placed.i AS i, placed.status AS status, SUM(placed.d) AS n
      FROM placed WHERE placed.i IS NOT NULL AND placed.status IS NOT NULL
      GROUP BY placed.i, placed.status`;
    const parameters: Record<string, unknown> = { topicId, dialogueId };
    spans.forEach((s, i) => (parameters[`at${i}`] = s.asOf));
    const rows: { i: number | string; status: CommitmentStatus; n: number | string }[] = await this.heavyReads.query(sql, parameters);
    const running = new Map<CommitmentStatus, number>(ALL_STATUSES.map((status) => [status, 0]));
    return spans.map((span, i) => {
      for (const r of rows) if (Number(r.i) === i) running.set(r.status, running.get(r.status)! + Number(r.n));
      const byStatus = ALL_STATUSES.map((status) => ({ status, count: running.get(status)! }));
      return { ...span, total: byStatus.reduce((sum, s) => sum + s.count, 0), byStatus };
    });
  }

  /**
   * The one aggregate statement: per topic of the scope and per status, the count, the overdue
   * count and the latest activity. Topics without commitments still give one row (status null).
   */
  private progressRows(scope: Scope, options: ProgressOptions): Promise<ProgressRow[]> {
    const asOf = options.asOf ?? null;
    if (asOf === null) return this.rollupRows(scope, options.dialogueId ?? null);
    const inScope = (alias: string) => ('roots' in scope ? `${alias}.parent_id IS NULL` : `${alias}.id IN (:...topicIds)`);
    const topicColumns = this.topicRows.all.select('r');
    // Today: the commitment's own row. As of a date: its last whole-commitment event by then,
    // and the latest event of its history (a party's too) valid by then as its activity.
    const status = asOf === null ? 'c.status' : `(${lastStatusSql('c.id', ':asOf')})`;
    const activity = `(SELECT MAX(e.recorded_at) FROM commitment_event e WHERE e.commitment_id = c.id${asOf === null ? '' : ' AND e.valid_from <= :asOf'})`;
    const sql = `
      WITH RECURSIVE subtree(root_id, topic_id) AS (
        SELECT t.id, t.id FROM topic t WHERE ${inScope('t')}
        UNION
        SELECT subtree.root_id, t.id FROM topic t INNER JOIN subtree ON t.parent_id = subtree.topic_id
      ),
      tagged AS (
        SELECT DISTINCT subtree.root_id AS root_id, ct.commitment_id AS commitment_id
        FROM subtree INNER JOIN commitment_topic ct ON ct.topic_id = subtree.topic_id
      ),
      state AS (
        SELECT tagged.root_id AS root_id, ${status} AS status, c.due_date AS due_date,
               ${asOf === null ? 'c.updated_at AS updated_at,' : ''} ${activity} AS event_at
        FROM tagged INNER JOIN commitment c ON c.id = tagged.commitment_id
        ${options.dialogueId != null ? 'WHERE c.dialogue_id = :dialogueId' : ''}
      ),
      aggregate AS (
        SELECT state.root_id AS root_id, state.status AS status, COUNT(*) AS n,
               SUM(CASE WHEN state.due_date < :reference AND state.status NOT IN (:...finalStatuses) THEN 1 ELSE 0 END) AS overdue,
               ${asOf === null ? 'MAX(state.updated_at) AS updated_at,' : ''} MAX(state.event_at) AS event_at
        FROM state WHERE state.status IS NOT NULL
        GROUP BY state.root_id, state.status
      )
      SELECT r.id AS topic_id, ${topicColumns}, aggregate.status AS status, aggregate.n AS n, aggregate.overdue AS overdue,
             ${asOf === null ? 'aggregate.updated_at AS updated_at,' : ''} aggregate.event_at AS event_at
      FROM topic r LEFT JOIN aggregate ON aggregate.root_id = r.id
      WHERE ${inScope('r')}
      ORDER BY r.id`;
    // A history read: off the event loop, under the request's time budget.
    return this.heavyReads.query(sql, {
      topicIds: 'topicIds' in scope ? [...scope.topicIds] : [],
      asOf,
      dialogueId: options.dialogueId ?? null,
      reference: asOf ?? todayIso(),
      finalStatuses: [...FINAL_STATUSES],
    });
  }

  /**
   * Today's progress from the roll-up the database keeps on every write (migration
   * 1764340000000): per topic of the scope and status, the counted commitments; per topic, the
   * overdue ones (a range sum over the non-final commitments by due date) and the latest
   * activity (one index seek). Reads a few rows per topic however many commitments there are.
   */
  private rollupRows(scope: Scope, dialogueId: number | null): Promise<ProgressRow[]> {
    const inScope = (alias: string) => ('roots' in scope ? `${alias}.parent_id IS NULL` : `${alias}.id IN (:...topicIds)`);
    const dialogue = (alias: string) => (dialogueId !== null ? `AND ${alias}.dialogue_key = :dialogueId` : '');
    // Only topicProgress (the roots) answers with its topics; Topic.progress has them already.
    const topicColumns = 'roots' in scope ? `, ${this.topicRows.all.select('r')}` : '';
    // Per-topic figures once per topic (MATERIALIZED, not once per status row). The latest
    // activity: one index seek per (topic, dialogue) pair that has commitments (the status
    // counters list those pairs), the greatest of them; computed inside the topic's row, where
    // a separate CTE made SQLite build an automatic index on it for every statement.
    const sql = `
      WITH scope AS MATERIALIZED (
        SELECT r.id AS topic_id${topicColumns},
               (SELECT COALESCE(SUM(d.n), 0) FROM topic_rollup_due d WHERE d.topic_id = r.id AND d.due_date < :reference ${dialogue('d')}) AS topic_overdue,
               (SELECT MAX((SELECT MAX(m.activity_at) FROM topic_rollup_member m WHERE m.topic_id = pairs.topic_id AND m.dialogue_key = pairs.dialogue_key))
                FROM (SELECT DISTINCT s.topic_id AS topic_id, s.dialogue_key AS dialogue_key FROM topic_rollup_status s
                      WHERE s.topic_id = r.id AND s.n > 0 ${dialogue('s')}) pairs) AS event_at
        FROM topic r WHERE ${inScope('r')}
      )
      SELECT scope.*, totals.status AS status, totals.n AS n
      FROM scope LEFT JOIN (
        SELECT s.topic_id AS topic_id, s.status AS status, SUM(s.n) AS n FROM topic_rollup_status s
        WHERE s.topic_id IN (SELECT scope.topic_id FROM scope) AND s.n > 0 ${dialogue('s')}
        GROUP BY s.topic_id, s.status
      ) totals ON totals.topic_id = scope.topic_id
      ORDER BY scope.topic_id`;
    return this.query(sql, {
      topicIds: 'topicIds' in scope ? [...scope.topicIds] : [],
      dialogueId,
      reference: todayIso(),
    });
  }

  private query<T>(sql: string, parameters: Record<string, unknown>): Promise<T[]> {
    return queryNamed<T>(this.dataSource, sql, parameters);
  }

  private isPostgres(): boolean {
    return this.dataSource.options.type === 'postgres';
  }
}

/**
 * SQL for a commitment's status on a date (commitment-rules.statusAt): the toStatus of its last
 * whole-commitment event valid by then, ties by id; NULL before its first event. One index seek
 * on commitment_event (commitment_id, valid_from).
 */
function lastStatusSql(commitmentId: string, date: string): string {
  return `SELECT e.to_status FROM commitment_event e
          WHERE e.commitment_id = ${commitmentId} AND e.party_id IS NULL AND e.valid_from <= ${date}
          ORDER BY e.valid_from DESC, e.id DESC LIMIT 1`;
}

/** Folds one topic's per-status rows into its progress; every status appears, zeros included. */
export function summarise(rows: ProgressRow[]): TopicProgress {
  const counted = rows.filter((r) => r.status !== null);
  const countOf = new Map(counted.map((r) => [r.status!, Number(r.n)]));
  const byStatus = ALL_STATUSES.map((status) => ({ status, count: countOf.get(status) ?? 0 }));
  const total = byStatus.reduce((sum, s) => sum + s.count, 0);
  let assessed = 0;
  let score = 0;
  for (const { status, count } of byStatus) {
    const value = complianceScoreOf(status);
    if (value === null) continue;
    assessed += count;
    score += value * count;
  }
  const instants = counted.flatMap((r) => [toInstant(r.updated_at), toInstant(r.event_at)]).filter((d): d is Date => d !== null);
  return {
    total,
    byStatus,
    fulfilledShare: total ? (countOf.get(CommitmentStatus.FULFILLED) ?? 0) / total : null,
    complianceScore: assessed ? score / assessed : null,
    overdue: rows[0]?.topic_overdue != null ? Number(rows[0].topic_overdue) : counted.reduce((sum, r) => sum + Number(r.overdue ?? 0), 0),
    lastActivityAt: instants.length ? new Date(Math.max(...instants.map((d) => d.getTime()))) : null,
  };
}

/** An instant from a raw row: PostgreSQL gives a Date, SQLite the stored UTC text. */
function toInstant(value: Date | string | null | undefined): Date | null {
  if (value == null) return null;
  if (value instanceof Date) return value;
  const iso = value.includes('T') ? value : value.replace(' ', 'T');
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
}
