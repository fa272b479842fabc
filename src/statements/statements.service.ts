import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { parseId } from '../common/ids';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { paginate, SortKey } from '../common/pagination/paginate';
import { paginateGrouped } from '../common/pagination/paginate-grouped';
import { fullTextCondition } from '../search/search.service';
import { HeavyReads } from '../database/heavy-reads';
import { TopicsService } from '../topics/topics.service';
import { StatementFilter, StatementOrder, StatementOrderField, StatementsArgs } from './dto/statements.args';
import { TopicTag } from './dto/statement.connection';
import { Statement, StatementKind, StatementTopic } from './statement.entity';

/** A statement to write with its briefing (createBriefing now, ingest later). */
export interface NewStatement {
  speakerId: number | null;
  speakerLabel: string | null;
  turnIndex: number;
  paragraphIndex: number;
  kind: StatementKind;
  text: string;
  textStart: number | null;
  textEnd: number | null;
  /** cue: the rule or keyword that tagged it; null when tagged by hand. */
  topics: { topicId: number; cue: string | null }[];
}

/** Whose statements a nested connection lists. */
type StatementOwner = 'topic' | 'speaker' | 'briefing';

/** Rows per multi-row INSERT (well under the bound-parameter limits of SQLite and PostgreSQL). */
const INSERT_CHUNK = 200;
const LAST_DATE = '9999-12-31';
const FIRST_DATE = '0001-01-01';

@Injectable()
export class StatementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly topics: TopicsService,
    private readonly heavyReads: HeavyReads,
  ) {}

  findById(id: number): Promise<Statement | null> {
    return this.dataSource.getRepository(Statement).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Statement[]> {
    return this.dataSource.getRepository(Statement).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Statement | null>('statements.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }

  /**
   * `statements(first, after, filter, orderBy)`: one page, keyset-paginated, off the event loop
   * (HeavyReads): the order by position sorts every matching statement (about 0.4 s for the
   * first page of a million), and a full-text filter may match most of them.
   */
  list(args: StatementsArgs): Promise<ConnectionResult<Statement>> {
    return this.heavyReads.scope(() => paginate(this.filtered(args.filter ?? {}), args, this.sortKeys(args.orderBy)));
  }

  /**
   * The same list for many parents at once (Topic.statements, Participant.statements,
   * Briefing.statements): one statement ranks the pages, one loads them, one counts if asked for.
   */
  ownedLoader(loaders: LoaderRegistry, owner: StatementOwner, args: StatementsArgs) {
    return loaders.get<number, ConnectionResult<Statement>>(`statements.by.${owner}:${JSON.stringify(args)}`, async (ownerIds) => {
      const qb = this.filtered(args.filter ?? {});
      const ownerExpression = this.restrictTo(qb, owner, ownerIds);
      return paginateGrouped(qb, ownerExpression, ownerIds, args, this.sortKeys(args.orderBy), (ids) =>
        this.positioned().where('s.id IN (:...ids)', { ids }).getMany(),
      );
    });
  }

  /** Topics of many statements with the cue that tagged each (links in topic id order). */
  topicTagsLoader(loaders: LoaderRegistry) {
    return loaders.get<number, TopicTag[]>('statements.topicTags', async (statementIds) => {
      const links = await this.dataSource.getRepository(StatementTopic).find({
        where: { statementId: In([...statementIds]) },
        order: { statementId: 'ASC', topicId: 'ASC' },
      });
      const topics = await this.topics.byIdLoader(loaders).loadMany(links.map((l) => l.topicId));
      const tags = links.flatMap((l, i) => {
        const topic = topics[i];
        return topic && !(topic instanceof Error) ? [{ statementId: l.statementId, topic, cue: l.cue }] : [];
      });
      return groupByKey(statementIds, tags, (t) => t.statementId).map((list) => list.map(({ topic, cue }) => ({ topic, cue })));
    });
  }

  /** Writes a briefing's statements and their topic tags (inside the caller's transaction), in order. */
  async insertForBriefing(em: EntityManager, briefingId: number, statements: NewStatement[]): Promise<Statement[]> {
    const rows = statements.map(({ topics: _topics, ...s }) => ({ ...s, briefingId }));
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await em.createQueryBuilder().insert().into(Statement).values(rows.slice(i, i + INSERT_CHUNK)).updateEntity(false).execute();
    }
    const saved = await em.find(Statement, { where: { briefingId }, order: { turnIndex: 'ASC', paragraphIndex: 'ASC' } });
    const idAt = new Map(saved.map((s) => [`${s.turnIndex}:${s.paragraphIndex}`, s.id]));
    const links = statements.flatMap((s) => {
      const statementId = idAt.get(`${s.turnIndex}:${s.paragraphIndex}`)!;
      return [...new Map(s.topics.map((t) => [t.topicId, t])).values()].map((t) => ({ statementId, topicId: t.topicId, cue: t.cue }));
    });
    for (let i = 0; i < links.length; i += INSERT_CHUNK) {
      await em.createQueryBuilder().insert().into(StatementTopic).values(links.slice(i, i + INSERT_CHUNK)).updateEntity(false).execute();
    }
    return saved;
  }

  /** Statements with their briefing's id and date (what the POSITION order reads). */
  private positioned(): SelectQueryBuilder<Statement> {
    return this.dataSource.getRepository(Statement).createQueryBuilder('s').innerJoin('s.briefing', 'b').addSelect(['b.id', 'b.date']);
  }

  private filtered(filter: StatementFilter): SelectQueryBuilder<Statement> {
    const qb = this.positioned();
    if (filter.topic != null) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM statement_topic ft WHERE ft.statement_id = s.id AND ft.topic_id IN (${SUBTREE_OF(':filterTopic')}))`,
        { filterTopic: parseId(filter.topic, 'filter.topic') },
      );
    }
    if (filter.briefing != null) qb.andWhere('s.briefingId = :filterBriefing', { filterBriefing: parseId(filter.briefing, 'filter.briefing') });
    if (filter.speaker != null) qb.andWhere('s.speakerId = :filterSpeaker', { filterSpeaker: parseId(filter.speaker, 'filter.speaker') });
    if (filter.kind != null) qb.andWhere('s.kind = :filterKind', { filterKind: filter.kind });
    if (filter.search?.trim()) qb.andWhere(...fullTextCondition(this.dataSource, 'statement', 's', filter.search, 'filter.search'));
    if (filter.from != null) qb.andWhere('b.date >= :filterFrom', { filterFrom: filter.from });
    if (filter.to != null) qb.andWhere('b.date <= :filterTo', { filterTo: filter.to });
    return qb;
  }

  /** Restricts a filtered query to some owners; returns the SQL expression naming each row's owner. */
  private restrictTo(qb: SelectQueryBuilder<Statement>, owner: StatementOwner, ownerIds: readonly number[]): string {
    if (owner === 'speaker') {
      qb.andWhere('s.speakerId IN (:...ownerIds)', { ownerIds });
      return 's.speakerId';
    }
    if (owner === 'briefing') {
      qb.andWhere('s.briefingId IN (:...ownerIds)', { ownerIds });
      return 's.briefingId';
    }
    // A statement belongs to each asked-for topic whose subtree holds one of its tags (once per topic).
    qb.innerJoin(
      `(WITH RECURSIVE tree(root_id, topic_id) AS (
          SELECT id, id FROM topic WHERE id IN (:...ownerIds)
          UNION
          SELECT tree.root_id, t.id FROM topic t INNER JOIN tree ON t.parent_id = tree.topic_id)
        SELECT DISTINCT tree.root_id AS root_id, st.statement_id AS statement_id
        FROM statement_topic st INNER JOIN tree ON tree.topic_id = st.topic_id)`,
      'owned',
      'owned.statement_id = s.id',
      { ownerIds },
    );
    return 'owned.root_id';
  }

  private sortKeys(order: StatementOrder | null | undefined): SortKey<Statement>[] {
    const direction = order?.direction ?? OrderDirection.ASC;
    if ((order?.field ?? StatementOrderField.POSITION) === StatementOrderField.ID) return [{ expression: 's.id', value: (s) => s.id, kind: 'number', direction }];
    return [
      { expression: 'b.date', value: (s) => s.briefing?.date ?? null, kind: 'date', direction, nullsAs: direction === OrderDirection.ASC ? LAST_DATE : FIRST_DATE },
      { expression: 's.briefingId', value: (s) => s.briefingId, kind: 'number', direction },
      { expression: 's.turnIndex', value: (s) => s.turnIndex, kind: 'number', direction },
      { expression: 's.paragraphIndex', value: (s) => s.paragraphIndex, kind: 'number', direction },
    ];
  }
}

/** The ids of a topic and all its subtopics, as a subquery (a tree of any depth). */
const SUBTREE_OF = (param: string) =>
  `WITH RECURSIVE sub(id) AS (SELECT id FROM topic WHERE id = ${param} UNION SELECT t.id FROM topic t INNER JOIN sub ON t.parent_id = sub.id) SELECT id FROM sub`;

