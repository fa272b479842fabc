import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { CommitmentStatus } from './commitment.enums';
import { ALL_STATUSES, complianceScoreOf, FINAL_STATUSES, todayIso } from './commitment-rules';
import { TopicProgress } from './dto/topic-progress.types';

export interface ProgressOptions {
  /** Count the status each commitment had on this date (from its history) instead of today's. */
  asOf?: string | null;
  /** Only commitments of this dialogue. */
  dialogueId?: number | null;
}

/** One GROUP BY row: a topic, a status, and the aggregates of its commitments in that status. */
export interface ProgressRow {
  topic_id: number | string;
  status: CommitmentStatus;
  n: number | string;
  overdue: number | string | null;
  updated_at?: Date | string | null;
  event_at: Date | string | null;
}

/**
 * Topic progress (DOMAIN.md): computed in the database with one aggregate query for any
 * number of topics. Each topic covers its commitments and its subtopics' (at any depth),
 * each commitment counted once per topic.
 */
@Injectable()
export class TopicProgressService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Topic.progress(asOf) for every topic of a request in one query. */
  loader(loaders: LoaderRegistry, asOf: string | null) {
    return loaders.get<number, TopicProgress>(`commitments.topicProgress:${asOf ?? ''}`, (topicIds) => this.progressOf(topicIds, { asOf }));
  }

  async progressOf(topicIds: readonly number[], options: ProgressOptions = {}): Promise<TopicProgress[]> {
    if (!topicIds.length) return [];
    const asOf = options.asOf ?? null;
    const dialogue = options.dialogueId != null ? 'WHERE c.dialogue_id = :dialogueId' : '';
    // Today's statuses, or each commitment's last commitment-level event valid by asOf
    // (commitments with none by then are not counted).
    const state =
      asOf === null
        ? `SELECT c.id AS commitment_id, c.status AS status, c.due_date AS due_date, c.updated_at AS updated_at FROM commitment c ${dialogue}`
        : `SELECT c.id AS commitment_id, last_event.to_status AS status, c.due_date AS due_date
           FROM commitment c
           INNER JOIN (
             SELECT e.commitment_id, e.to_status,
                    ROW_NUMBER() OVER (PARTITION BY e.commitment_id ORDER BY e.valid_from DESC, e.id DESC) AS rn
             FROM commitment_event e
             WHERE e.party_id IS NULL AND e.valid_from <= :asOf
           ) last_event ON last_event.commitment_id = c.id AND last_event.rn = 1
           ${dialogue}`;
    const sql = `
      WITH RECURSIVE subtree(root_id, topic_id) AS (
        SELECT t.id, t.id FROM topic t WHERE t.id IN (:...topicIds)
        UNION ALL
        SELECT subtree.root_id, t.id FROM topic t INNER JOIN subtree ON t.parent_id = subtree.topic_id
      ),
      tagged AS (
        SELECT DISTINCT subtree.root_id AS root_id, ct.commitment_id AS commitment_id
        FROM subtree INNER JOIN commitment_topic ct ON ct.topic_id = subtree.topic_id
      ),
      commitment_state AS (${state}),
      activity AS (
        SELECT e.commitment_id AS commitment_id, MAX(e.recorded_at) AS last_at
        FROM commitment_event e ${asOf === null ? '' : 'WHERE e.valid_from <= :asOf'}
        GROUP BY e.commitment_id
      )
      SELECT tagged.root_id AS topic_id, cs.status AS status, COUNT(*) AS n,
             SUM(CASE WHEN cs.due_date < :reference AND cs.status NOT IN (:...finalStatuses) THEN 1 ELSE 0 END) AS overdue,
             ${asOf === null ? 'MAX(cs.updated_at) AS updated_at,' : ''}
             MAX(activity.last_at) AS event_at
      FROM tagged
      INNER JOIN commitment_state cs ON cs.commitment_id = tagged.commitment_id
      LEFT JOIN activity ON activity.commitment_id = tagged.commitment_id
      GROUP BY tagged.root_id, cs.status`;
    const [query, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      sql,
      {
        topicIds: [...topicIds],
        asOf,
        dialogueId: options.dialogueId ?? null,
        reference: asOf ?? todayIso(),
        finalStatuses: [...FINAL_STATUSES],
      },
    );
    const rows: ProgressRow[] = await this.dataSource.query(query, parameters);
    return topicIds.map((topicId) => summarise(rows.filter((r) => Number(r.topic_id) === topicId)));
  }
}

/** Folds one topic's per-status rows into its progress; every status appears, zeros included. */
export function summarise(rows: ProgressRow[]): TopicProgress {
  const countOf = new Map(rows.map((r) => [r.status, Number(r.n)]));
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
  const instants = rows.flatMap((r) => [toInstant(r.updated_at), toInstant(r.event_at)]).filter((d): d is Date => d !== null);
  return {
    total,
    byStatus,
    fulfilledShare: total ? (countOf.get(CommitmentStatus.FULFILLED) ?? 0) / total : null,
    complianceScore: assessed ? score / assessed : null,
    overdue: rows.reduce((sum, r) => sum + Number(r.overdue ?? 0), 0),
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
