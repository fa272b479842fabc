import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CommitmentParty } from '../commitments/commitment.entity';
import { CommitmentKind } from '../commitments/commitment.enums';
import { ALL_STATUSES } from '../commitments/commitment-rules';
import { CommitmentQueriesService } from '../commitments/commitment-queries.service';
import { CommitmentStatusCount } from '../commitments/dto/topic-progress.types';
import { CommitmentFilter } from '../commitments/dto/commitments.args';
import { Organization } from '../organizations/organization.entity';
import { Participant } from '../participants/participant.entity';
import { SourceSpan } from '../sources/source-span.entity';
import { Statement } from '../statements/statement.entity';
import { CommitmentFacets, CommitmentKindCount, OrganizationFacet, PartyFacet, TopicFacet } from './dto/commitment-facets.types';
import { filteredCommitments } from './filtered-commitments';

type Row = Record<string, string | number | null>;

/**
 * (commitment, topic) for every topic a commitment counts under: the topics it is tagged with
 * and all their ancestors, each pair once. So a parent topic counts a commitment tagged only
 * with a subtopic, as filter.topic selects it.
 */
const COMMITMENT_TOPIC_ROLLUP = `(WITH RECURSIVE up(topic_id, ancestor_id) AS (
    SELECT t.id, t.id FROM topic t
    UNION
    SELECT up.topic_id, t.parent_id FROM up INNER JOIN topic t ON t.id = up.ancestor_id WHERE t.parent_id IS NOT NULL
  )
  SELECT DISTINCT ct.commitment_id AS commitment_id, up.ancestor_id AS topic_id
  FROM commitment_topic ct INNER JOIN up ON up.topic_id = ct.topic_id)`;

/** Largest counts first, ties in a stable order. */
const byCount = <T extends { count: number }>(key: (row: T) => string | number) => (a: T, b: T) =>
  b.count - a.count || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

@Injectable()
export class FacetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commitments: CommitmentQueriesService,
  ) {}

  /** Checks the filter (bad ids are BAD_USER_INPUT, as in the list) and holds the filtered query. */
  async commitmentFacets(filter: CommitmentFilter): Promise<CommitmentFacets> {
    return { query: await filteredCommitments(this.commitments, filter) };
  }

  async total(facets: CommitmentFacets): Promise<number> {
    return facets.query.clone().getCount();
  }

  /** Every status in enum order, zeros included. */
  async byStatus(facets: CommitmentFacets): Promise<CommitmentStatusCount[]> {
    const rows = await this.grouped(facets, (qb) => qb.select('c.status', 'k').addSelect('COUNT(*)', 'n').groupBy('c.status'));
    return ALL_STATUSES.map((status) => ({ status, count: rows.get(status) ?? 0 }));
  }

  /** Every kind in enum order, zeros included. */
  async byKind(facets: CommitmentFacets): Promise<CommitmentKindCount[]> {
    const rows = await this.grouped(facets, (qb) => qb.select('c.kind', 'k').addSelect('COUNT(*)', 'n').groupBy('c.kind'));
    return Object.values(CommitmentKind).map((kind) => ({ kind, count: rows.get(kind) ?? 0 }));
  }

  /** Topics with at least one commitment (subtopics' rolled up into their ancestors), most first. */
  async byTopic(facets: CommitmentFacets): Promise<TopicFacet[]> {
    const rows = await this.grouped(facets, (qb) =>
      qb.innerJoin(COMMITMENT_TOPIC_ROLLUP, 'ft', 'ft.commitment_id = c.id').select('ft.topic_id', 'k').addSelect('COUNT(*)', 'n').groupBy('ft.topic_id'),
    );
    return [...rows].map(([k, count]) => ({ topicId: Number(k), count })).sort(byCount((r) => r.topicId));
  }

  /**
   * Organizations and countries that are parties, most first. A country counts the commitments
   * binding it or one of its organizations; an organization those binding it.
   */
  async byParty(facets: CommitmentFacets): Promise<PartyFacet[]> {
    const country = 'COALESCE(fp.countryCode, fo.countryCode)';
    const [organizations, countries] = await Promise.all([
      this.grouped(facets, (qb) =>
        qb
          .innerJoin(CommitmentParty, 'fp', 'fp.commitmentId = c.id')
          .andWhere('fp.organizationId IS NOT NULL')
          .select('fp.organizationId', 'k')
          .addSelect('COUNT(DISTINCT c.id)', 'n')
          .groupBy('fp.organizationId'),
      ),
      this.grouped(facets, (qb) =>
        qb
          .innerJoin(CommitmentParty, 'fp', 'fp.commitmentId = c.id')
          .leftJoin(Organization, 'fo', 'fo.id = fp.organizationId')
          .andWhere(`${country} IS NOT NULL`)
          .select(country, 'k')
          .addSelect('COUNT(DISTINCT c.id)', 'n')
          .groupBy(country),
      ),
    ]);
    return [
      ...[...countries].map(([k, count]) => ({ party: String(k), countryCode: String(k), organizationId: null, count })),
      ...[...organizations].map(([k, count]) => ({ party: String(k), countryCode: null, organizationId: Number(k), count })),
    ].sort(byCount((r) => (r.countryCode ? `0:${r.countryCode}` : `1:${String(r.organizationId).padStart(16, '0')}`)));
  }

  /** Organizations whose members said the words a commitment quotes (its source spans), most first. */
  async bySpeakerOrganization(facets: CommitmentFacets): Promise<OrganizationFacet[]> {
    const rows = await this.grouped(facets, (qb) =>
      qb
        .innerJoin(SourceSpan, 'fs', 'fs.commitmentId = c.id')
        .innerJoin(Statement, 'fst', 'fst.id = fs.statementId')
        .innerJoin(Participant, 'fsp', 'fsp.id = fst.speakerId')
        .andWhere('fsp.organizationId IS NOT NULL')
        .select('fsp.organizationId', 'k')
        .addSelect('COUNT(DISTINCT c.id)', 'n')
        .groupBy('fsp.organizationId'),
    );
    return [...rows].map(([k, count]) => ({ organizationId: Number(k), count })).sort(byCount((r) => r.organizationId));
  }

  /** Runs one GROUP BY over the filtered commitments: group key -> count. */
  private async grouped(
    facets: CommitmentFacets,
    build: (qb: CommitmentFacets['query']) => CommitmentFacets['query'],
  ): Promise<Map<string | number, number>> {
    // andWhere keeps the filter's conditions: a join's condition goes in with andWhere too.
    const qb = facets.query.clone();
    const rows: Row[] = await build(qb).getRawMany();
    return new Map(rows.map((r) => [r.k as string | number, Number(r.n)]));
  }
}
