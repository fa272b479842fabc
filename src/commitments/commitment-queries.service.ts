import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../common/errors/domain-errors';
import { parseId } from '../common/ids';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { paginateSorted, SortKey } from '../common/pagination/paginate';
import { paginateGrouped } from '../common/pagination/paginate-grouped';
import { fullTextCondition } from '../search/search.service';
import { Commitment } from './commitment.entity';
import { CommitmentLoaders } from './commitment-loaders';
import { FINAL_STATUSES, todayIso } from './commitment-rules';
import { CommitmentFilter, CommitmentOrder, CommitmentOrderField, CommitmentsArgs } from './dto/commitments.args';

/** Parents that have a connection of commitments, and how a commitment belongs to each. */
export type CommitmentParent = 'topic' | 'participant' | 'briefing';

/**
 * (parent_id, commitment_id) pairs, each once, for the parents in :...parentIds.
 * A topic has the commitments tagged with it or any of its subtopics (at any depth); a
 * participant those quoted from a statement they spoke; a briefing those quoted from it.
 */
const PARENT_LINK_SQL: Record<CommitmentParent, string> = {
  topic: `(WITH RECURSIVE subtree(root_id, topic_id) AS (
      SELECT t.id, t.id FROM topic t WHERE t.id IN (:...parentIds)
      UNION
      SELECT subtree.root_id, t.id FROM topic t INNER JOIN subtree ON t.parent_id = subtree.topic_id
    )
    SELECT DISTINCT subtree.root_id AS parent_id, ct.commitment_id AS commitment_id
    FROM subtree INNER JOIN commitment_topic ct ON ct.topic_id = subtree.topic_id)`,
  participant: `(SELECT DISTINCT s.speaker_id AS parent_id, ss.commitment_id AS commitment_id
    FROM source_span ss INNER JOIN statement s ON s.id = ss.statement_id
    WHERE ss.commitment_id IS NOT NULL AND s.speaker_id IN (:...parentIds))`,
  briefing: `(SELECT DISTINCT s.briefing_id AS parent_id, ss.commitment_id AS commitment_id
    FROM source_span ss INNER JOIN statement s ON s.id = ss.statement_id
    WHERE ss.commitment_id IS NOT NULL AND s.briefing_id IN (:...parentIds))`,
};

/** The ids of a topic and all its subtopics, as a subquery on :param. */
const subtreeSql = (param: string) => `WITH RECURSIVE subtree(id) AS (
    SELECT t.id FROM topic t WHERE t.id = :${param}
    UNION
    SELECT t.id FROM topic t INNER JOIN subtree ON t.parent_id = subtree.id
  ) SELECT subtree.id FROM subtree`;

/**
 * Reading commitments: one by id, and lists — the filters, the sort orders and the keyset pages
 * of `commitments(...)`, of the commitments connection of topics, participants and briefings,
 * and the filtered set facets and exports count and write.
 */
@Injectable()
export class CommitmentQueriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commitmentLoaders: CommitmentLoaders,
  ) {}

  findById(id: number): Promise<Commitment | null> {
    return this.dataSource.getRepository(Commitment).findOneBy({ id });
  }

  /** A page of commitments; `columns` (property names) reads only those, for a query that needs no more. */
  list(args: CommitmentsArgs, columns: string[] | null = null): Promise<ConnectionResult<Commitment>> {
    const qb = this.dataSource.getRepository(Commitment).createQueryBuilder('c');
    if (columns) qb.select(columns.map((property) => `c.${property}`));
    this.applyFilter(qb, args.filter ?? {});
    const sort = this.sortKeys(args.orderBy, args.filter);
    return paginateSorted(qb, args, sort);
  }

  /**
   * The commitments connection of many topics / participants / briefings with the same
   * arguments: one query for the pages, one for the nodes, and (only when asked) one
   * grouped count for every parent's totalCount.
   */
  connectionLoader(loaders: LoaderRegistry, parent: CommitmentParent, args: CommitmentsArgs) {
    const name = `commitments.by.${parent}:${JSON.stringify([args.first, args.after ?? null, args.filter ?? null, args.orderBy ?? null])}`;
    return loaders.get<number, ConnectionResult<Commitment>>(name, async (parentIds) => {
      const qb = this.parentQuery(parent, parentIds, args.filter ?? {});
      return paginateGrouped(qb, 'm.parent_id', parentIds, args, this.sortKeys(args.orderBy, args.filter), async (ids) => {
        const rows = await this.commitmentLoaders.byIdLoader(loaders).loadMany(ids);
        return rows.filter((r): r is Commitment => r !== null && !(r instanceof Error));
      });
    });
  }

  private parentQuery(parent: CommitmentParent, parentIds: readonly number[], filter: CommitmentFilter) {
    const qb = this.dataSource
      .getRepository(Commitment)
      .createQueryBuilder('c')
      .innerJoin(PARENT_LINK_SQL[parent], 'm', 'm.commitment_id = c.id')
      .setParameter('parentIds', [...parentIds]);
    this.applyFilter(qb, filter);
    return qb;
  }

  /**
   * The commitments a filter selects, on alias `c`: the very conditions the list runs, so facets
   * and exports can never count or write a different set than `commitments(filter)` shows.
   */
  filteredQuery(filter: CommitmentFilter): SelectQueryBuilder<Commitment> {
    const qb = this.dataSource.getRepository(Commitment).createQueryBuilder('c');
    this.applyFilter(qb, filter);
    return qb;
  }

  /** Every filter is a condition on the commitment row or an EXISTS subquery: no row is duplicated. */
  private applyFilter(qb: SelectQueryBuilder<Commitment>, filter: CommitmentFilter): void {
    if (filter.status?.length) qb.andWhere('c.status IN (:...f_status)', { f_status: filter.status });
    if (filter.kind?.length) qb.andWhere('c.kind IN (:...f_kind)', { f_kind: filter.kind });
    if (filter.topic != null) {
      qb.andWhere(`EXISTS (SELECT 1 FROM commitment_topic f_ct WHERE f_ct.commitment_id = c.id AND f_ct.topic_id IN (${subtreeSql('f_topic')}))`, {
        f_topic: parseId(filter.topic, 'filter.topic'),
      });
    }
    if (filter.party != null) {
      const party = filter.party.trim();
      if (/^[A-Za-z]{2}$/.test(party)) {
        qb.andWhere(
          `EXISTS (SELECT 1 FROM commitment_party f_cp LEFT JOIN organization f_o ON f_o.id = f_cp.organization_id
            WHERE f_cp.commitment_id = c.id AND (f_cp.country_code = :f_country OR f_o.country_code = :f_country))`,
          { f_country: party.toUpperCase() },
        );
      } else {
        const organizationId = /^\d+$/.test(party) ? parseId(party, 'filter.party') : null;
        if (organizationId === null) throw BadUserInputError.field('filter.party', 'must be an organization id or a 2-letter country code');
        qb.andWhere('EXISTS (SELECT 1 FROM commitment_party f_cp WHERE f_cp.commitment_id = c.id AND f_cp.organization_id = :f_org)', {
          f_org: organizationId,
        });
      }
    }
    if (filter.overdue != null) {
      const params = { f_today: todayIso(), f_final: [...FINAL_STATUSES] };
      if (filter.overdue) qb.andWhere('c.due_date < :f_today AND c.status NOT IN (:...f_final)', params);
      else qb.andWhere('(c.due_date IS NULL OR c.due_date >= :f_today OR c.status IN (:...f_final))', params);
    }
    if (filter.statusAt != null) {
      // The last whole-commitment event valid by the date (ties by id) has one of the statuses.
      const statuses = filter.statusAt.status?.length ? 'AND f_e.to_status IN (:...f_statusAt)' : '';
      qb.andWhere(
        `EXISTS (SELECT 1 FROM commitment_event f_e
          WHERE f_e.commitment_id = c.id AND f_e.party_id IS NULL AND f_e.valid_from <= :f_asOf ${statuses}
            AND NOT EXISTS (SELECT 1 FROM commitment_event f_l
              WHERE f_l.commitment_id = c.id AND f_l.party_id IS NULL AND f_l.valid_from <= :f_asOf
                AND (f_l.valid_from > f_e.valid_from OR (f_l.valid_from = f_e.valid_from AND f_l.id > f_e.id))))`,
        { f_asOf: filter.statusAt.date, f_statusAt: filter.statusAt.status ?? [] },
      );
    }
    if (filter.dueBefore != null) qb.andWhere('c.due_date < :f_dueBefore', { f_dueBefore: filter.dueBefore });
    if (filter.search != null && filter.search.trim()) {
      qb.andWhere(...fullTextCondition(this.dataSource, 'commitment', 'c', filter.search, 'filter.search'));
    }
    if (filter.dialogue != null) qb.andWhere('c.dialogue_id = :f_dialogue', { f_dialogue: parseId(filter.dialogue, 'filter.dialogue') });
    if (filter.briefing != null) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM source_span f_ss INNER JOIN statement f_s ON f_s.id = f_ss.statement_id
          WHERE f_ss.commitment_id = c.id AND f_s.briefing_id = :f_briefing)`,
        { f_briefing: parseId(filter.briefing, 'filter.briefing') },
      );
    }
  }

  private sortKeys(order?: CommitmentOrder | null, filter?: CommitmentFilter | null): SortKey<Commitment>[] {
    const direction = order?.direction ?? OrderDirection.ASC;
    switch (order?.field ?? CommitmentOrderField.ID) {
      case CommitmentOrderField.DUE_DATE:
        // A filter that needs a due date (overdue, dueBefore) leaves no NULL to place: the bare
        // column, so the database can walk its index in order and stop at the page's end.
        if (filter?.overdue === true || filter?.dueBefore != null) return [{ expression: 'c.due_date', value: (c) => c.dueDate, kind: 'date', direction }];
        // Commitments without a due date come last either way.
        return [{ expression: 'c.due_date', value: (c) => c.dueDate, kind: 'date', direction, nullsAs: direction === OrderDirection.ASC ? '9999-12-31' : '0001-01-01' }];
      case CommitmentOrderField.UPDATED:
        return [{ expression: 'c.updated_at', value: (c) => this.instantAsStored(c.updatedAt), kind: 'instant', direction }];
      default:
        return direction === OrderDirection.ASC ? [] : [{ expression: 'c.id', value: (c) => c.id, kind: 'number', direction }];
    }
  }

  /** An instant as the database compares it (SQLite keeps text, PostgreSQL a timestamptz). */
  private instantAsStored(value: Date): string {
    const column = this.dataSource.getMetadata(Commitment).findColumnWithPropertyName('updatedAt')!;
    const stored: unknown = this.dataSource.driver.preparePersistentValue(value, column);
    return stored instanceof Date ? stored.toISOString() : String(stored);
  }
}
