import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { conflictOnDuplicate, isForeignKeyViolation } from '../common/errors/db-errors';
import { parseId, parseIds } from '../common/ids';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { LIKE_ESCAPE, likePattern } from '../common/sql/like';
import { EntityRows } from '../database/entity-rows';
import { queryNamed } from '../database/named-query';
import { CreateTopicInput } from './dto/create-topic.input';
import { TopicFilter } from './dto/topics.args';
import { UpdateTopicInput } from './dto/update-topic.input';
import { CommitmentTopic } from '../commitments/commitment.entity';
import { MeetingTopic } from '../meetings/meeting.entity';
import { StatementTopic } from '../statements/statement.entity';
import { Topic } from './topic.entity';

/** Join tables that tag a record with topics: table name -> owner column, entity, owner property. */
export type TopicLinkTable = 'statement_topic' | 'commitment_topic' | 'meeting_topic';
const OWNER_COLUMN: Record<TopicLinkTable, string> = {
  statement_topic: 'statement_id',
  commitment_topic: 'commitment_id',
  meeting_topic: 'meeting_id',
};
const LINK_ENTITY = {
  statement_topic: { entity: StatementTopic, owner: 'statementId' },
  commitment_topic: { entity: CommitmentTopic, owner: 'commitmentId' },
  meeting_topic: { entity: MeetingTopic, owner: 'meetingId' },
} as const;

@Injectable()
export class TopicsService {
  /** Topics by id or slug from fixed SQL: a topic page's first lookup, without building a query each time (18 instead of 53-70 us). */
  private readonly topicRows: EntityRows<Topic>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.topicRows = new EntityRows(dataSource, Topic, 't');
  }

  async findById(id: number): Promise<Topic | null> {
    return (await this.topicsWhere('t.id = :id', { id }))[0] ?? null;
  }

  async findBySlug(slug: string): Promise<Topic | null> {
    return (await this.topicsWhere('t.slug = :slug', { slug }))[0] ?? null;
  }

  private async topicsWhere(condition: string, parameters: Record<string, unknown>): Promise<Topic[]> {
    const rows = await queryNamed<Record<string, unknown>>(this.dataSource, `SELECT ${this.topicRows.all.select('t')} FROM topic t WHERE ${condition}`, parameters);
    return rows.map((row) => this.topicRows.all.read(row)!);
  }

  findByIds(ids: readonly number[]): Promise<Topic[]> {
    return this.dataSource.getRepository(Topic).findBy({ id: In([...ids]) });
  }

  /** Every topic, for ingest's tagging lexicon and short lists. */
  findAll(): Promise<Topic[]> {
    return this.dataSource.getRepository(Topic).find({ order: { id: 'ASC' } });
  }

  /** Topics are a short, bounded list (the agenda), so they are not paginated. */
  list(filter: TopicFilter = {}): Promise<Topic[]> {
    const qb = this.dataSource.getRepository(Topic).createQueryBuilder('t').orderBy('t.id');
    if (filter.search) {
      const like = likePattern(filter.search);
      qb.andWhere(
        new Brackets((w) =>
          w.where(`LOWER(t.title) LIKE :like ${LIKE_ESCAPE}`, { like }).orWhere(`t.slug LIKE :like ${LIKE_ESCAPE}`).orWhere(`LOWER(t.keywords) LIKE :like ${LIKE_ESCAPE}`),
        ),
      );
    }
    if (filter.parent) qb.andWhere('t.parentId = :parent', { parent: parseId(filter.parent, 'filter.parent') });
    if (filter.root === true) qb.andWhere('t.parentId IS NULL');
    if (filter.root === false) qb.andWhere('t.parentId IS NOT NULL');
    return qb.getMany();
  }

  async create(input: CreateTopicInput): Promise<Topic> {
    return this.dataSource.transaction(async (em) => {
      const parentId = input.parentId ? await this.requireTopicId(em, input.parentId, 'input.parentId') : null;
      const now = new Date();
      const topic = em.create(Topic, {
        slug: input.slug,
        title: input.title.trim(),
        description: input.description ?? null,
        parentId,
        keywords: normaliseKeywords(input.keywords),
        createdAt: now,
        updatedAt: now,
      });
      return conflictOnDuplicate(() => em.save(topic), `A topic with slug "${input.slug}" already exists`);
    });
  }

  async update(rawId: string, input: UpdateTopicInput): Promise<Topic> {
    const id = parseId(rawId, 'id');
    // PartialType makes every field optional, and class-validator lets null through optional fields.
    for (const field of ['slug', 'title'] as const) if (input[field] === null) throw BadUserInputError.field(`input.${field}`, 'cannot be null');
    return this.dataSource.transaction(async (em) => {
      if (input.parentId != null) await lockTopicTree(em);
      const topic = await em.findOneBy(Topic, { id });
      if (!topic) throw new NotFoundError('Topic', rawId, 'id');
      if (input.slug !== undefined) topic.slug = input.slug;
      if (input.title !== undefined) topic.title = input.title.trim();
      if (input.description !== undefined) topic.description = input.description;
      if (input.keywords !== undefined) topic.keywords = normaliseKeywords(input.keywords);
      if (input.parentId !== undefined) {
        topic.parentId = input.parentId === null ? null : await this.requireTopicId(em, input.parentId, 'input.parentId');
        if (topic.parentId !== null) await this.refuseCycle(em, id, topic.parentId);
      }
      topic.updatedAt = new Date();
      return conflictOnDuplicate(() => em.save(topic), `A topic with slug "${topic.slug}" already exists`);
    });
  }

  /** Deletes a topic and its tags on statements, commitments and meetings; refused while it has subtopics. */
  async delete(rawId: string): Promise<string> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(Topic, { id }))) throw new NotFoundError('Topic', rawId, 'id');
      if (await em.existsBy(Topic, { parentId: id })) {
        throw new ConflictError(`Topic ${rawId} has subtopics; delete or move them first`);
      }
      try {
        await em.delete(Topic, { id });
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new ConflictError(`Topic ${rawId} is still referenced`);
        throw error;
      }
      return rawId;
    });
  }

  /** Resolves topic ids given in an input to existing topics; NOT_FOUND names the offending path. */
  async requireTopicIds(em: EntityManager, rawIds: (string | number)[] | null | undefined, path: string): Promise<number[]> {
    const ids = parseIds(rawIds, path);
    if (!ids.length) return [];
    const found = new Set((await em.findBy(Topic, { id: In(ids) })).map((t) => t.id));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw new NotFoundError('Topic', ids[missing], `${path}.${missing}`);
    return ids;
  }

  /** Replaces the topics of one record in a link table. */
  async setLinks(em: EntityManager, table: TopicLinkTable, ownerId: number, topicIds: number[]): Promise<void> {
    const { entity, owner } = LINK_ENTITY[table];
    await em.delete(entity, { [owner]: ownerId });
    if (topicIds.length) await em.insert(entity, topicIds.map((topicId) => ({ [owner]: ownerId, topicId })));
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Topic | null>('topic.byId', async (ids) => byKey(ids, await this.findByIds(ids), (t) => t.id));
  }

  childrenLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Topic[]>('topic.children', async (ids) => {
      const rows = await this.dataSource.getRepository(Topic).find({ where: { parentId: In([...ids]) }, order: { id: 'ASC' } });
      return groupByKey(ids, rows, (t) => t.parentId!);
    });
  }

  /**
   * Topics of many statements / commitments / meetings in one statement: the link table joined
   * to the topics. The topics found also fill the request's byId loader.
   */
  linkedLoader(loaders: LoaderRegistry, table: TopicLinkTable) {
    return loaders.get<number, Topic[]>(`topic.by.${table}`, async (ownerIds) => {
      const owner = OWNER_COLUMN[table];
      const { raw, entities } = await this.dataSource
        .getRepository(Topic)
        .createQueryBuilder('t')
        .innerJoin(table, 'l', 'l.topic_id = t.id')
        .addSelect(`l.${owner}`, 'link_owner_id')
        .where(`l.${owner} IN (:...ownerIds)`, { ownerIds })
        .orderBy('t.id')
        .getRawAndEntities();
      // One entity per topic, one raw row per link.
      const byId = new Map(entities.map((topic) => [topic.id, topic]));
      const byIdLoader = this.byIdLoader(loaders);
      for (const topic of entities) byIdLoader.prime(topic.id, topic);
      const rows = (raw as { t_id: number | string; link_owner_id: number | string }[]).map((r) => ({ ownerId: Number(r.link_owner_id), topic: byId.get(Number(r.t_id))! }));
      return groupByKey(ownerIds, rows, (r) => r.ownerId).map((list) => list.map((r) => r.topic));
    });
  }

  private async requireTopicId(em: EntityManager, raw: string, path: string): Promise<number> {
    const id = parseId(raw, path);
    if (!(await em.existsBy(Topic, { id }))) throw new NotFoundError('Topic', raw, path);
    return id;
  }

  /** A topic cannot become its own ancestor. */
  private async refuseCycle(em: EntityManager, id: number, parentId: number): Promise<void> {
    for (let at: number | null = parentId, hops = 0; at !== null && hops < 100; hops++) {
      if (at === id) throw new ConflictError('A topic cannot be placed under itself or one of its subtopics');
      at = (await em.findOne(Topic, { where: { id: at }, select: { id: true, parentId: true } }))?.parentId ?? null;
    }
  }
}

/** The key of the PostgreSQL advisory lock that serialises moves in the topic tree. */
export const TOPIC_TREE_LOCK = 0x746f7069;

/**
 * Moves in the topic tree one at a time, so no two can each pass the cycle check against the
 * tree as it was before the other (A under B and B under A at once): on PostgreSQL a
 * transaction-scoped advisory lock, taken before the tree is read; SQLite already runs one
 * transaction at a time.
 */
async function lockTopicTree(em: EntityManager): Promise<void> {
  if (em.connection.options.type === 'postgres') await em.query('SELECT pg_advisory_xact_lock($1)', [TOPIC_TREE_LOCK]);
}

function normaliseKeywords(keywords: string[] | null | undefined): string[] {
  return [...new Set((keywords ?? []).map((k) => k.trim()).filter(Boolean))];
}
