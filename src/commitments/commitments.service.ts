import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { isForeignKeyViolation } from '../common/errors/db-errors';
import { parseId } from '../common/ids';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { paginate, SortKey } from '../common/pagination/paginate';
import { paginateGrouped } from '../common/pagination/paginate-grouped';
import { CountriesService } from '../countries/countries.service';
import { DialoguesService } from '../dialogues/dialogues.service';
import { MeetingOutcome } from '../meetings/meeting.entity';
import { Organization } from '../organizations/organization.entity';
import { SourceSpanInput } from '../sources/dto/source-span.input';
import { SourceSpansService } from '../sources/source-spans.service';
import { Statement } from '../statements/statement.entity';
import { TopicsService } from '../topics/topics.service';
import { Commitment, CommitmentEvent, CommitmentMeeting, CommitmentParty, CommitmentTopic } from './commitment.entity';
import { CommitmentStatus } from './commitment.enums';
import { FINAL_STATUSES, normaliseDueDate, todayIso } from './commitment-rules';
import { CommitmentFilter, CommitmentOrder, CommitmentOrderField, CommitmentsArgs } from './dto/commitments.args';
import { CommitmentPartyInput, CreateCommitmentInput } from './dto/create-commitment.input';
import { UpdateCommitmentInput } from './dto/update-commitment.input';

/** A party as stored: exactly one of an organisation or a country. */
type PartyKey = { organizationId: number | null; countryCode: string | null };
const partyKey = (p: PartyKey) => (p.organizationId !== null ? `o:${p.organizationId}` : `c:${p.countryCode}`);

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
      UNION ALL
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
    UNION ALL
    SELECT t.id FROM topic t INNER JOIN subtree ON t.parent_id = subtree.id
  ) SELECT subtree.id FROM subtree`;

@Injectable()
export class CommitmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly topics: TopicsService,
    private readonly countries: CountriesService,
    private readonly dialogues: DialoguesService,
    private readonly sourceSpans: SourceSpansService,
  ) {}

  findById(id: number): Promise<Commitment | null> {
    return this.dataSource.getRepository(Commitment).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Commitment[]> {
    return this.dataSource.getRepository(Commitment).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Commitment | null>('commitments.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }

  // ---------------------------------------------------------------- lists

  list(args: CommitmentsArgs): Promise<ConnectionResult<Commitment>> {
    const qb = this.dataSource.getRepository(Commitment).createQueryBuilder('c');
    this.applyFilter(qb, args.filter ?? {});
    return paginate(qb, args, this.sortKeys(args.orderBy));
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
      return paginateGrouped(qb, 'm.parent_id', parentIds, args, this.sortKeys(args.orderBy), async (ids) => {
        const rows = await this.byIdLoader(loaders).loadMany(ids);
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
    if (filter.dueBefore != null) qb.andWhere('c.due_date < :f_dueBefore', { f_dueBefore: filter.dueBefore });
    if (filter.search != null && filter.search.trim()) {
      const like = `%${filter.search.trim().toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      qb.andWhere(
        new Brackets((w) => w.where("LOWER(c.title) LIKE :f_like ESCAPE '\\'", { f_like: like }).orWhere("LOWER(c.text) LIKE :f_like ESCAPE '\\'")),
      );
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

  private sortKeys(order?: CommitmentOrder | null): SortKey<Commitment>[] {
    const direction = order?.direction ?? OrderDirection.ASC;
    switch (order?.field ?? CommitmentOrderField.ID) {
      case CommitmentOrderField.DUE_DATE:
        // Commitments without a due date come last either way.
        return [{ expression: 'c.due_date', value: (c) => c.dueDate, direction, nullsAs: direction === OrderDirection.ASC ? '9999-12-31' : '0001-01-01' }];
      case CommitmentOrderField.UPDATED:
        return [{ expression: 'c.updated_at', value: (c) => this.instantAsStored(c.updatedAt), direction }];
      default:
        return direction === OrderDirection.ASC ? [] : [{ expression: 'c.id', value: (c) => c.id, direction }];
    }
  }

  /** An instant as the database compares it (SQLite keeps text, PostgreSQL a timestamptz). */
  private instantAsStored(value: Date): string {
    const column = this.dataSource.getMetadata(Commitment).findColumnWithPropertyName('updatedAt')!;
    const stored: unknown = this.dataSource.driver.preparePersistentValue(value, column);
    return stored instanceof Date ? stored.toISOString() : String(stored);
  }

  // ---------------------------------------------------------------- writes

  async create(input: CreateCommitmentInput, actor: string): Promise<Commitment> {
    return this.dataSource.transaction((em) => this.createWithin(em, input, actor));
  }

  /**
   * Creates a commitment inside the caller's transaction (accepting an ingest candidate uses
   * this): ANNOUNCED for it and each party, version 1, and the first event of its history,
   * valid from the date of the earliest quoted briefing (today when there is none).
   */
  async createWithin(em: EntityManager, input: CreateCommitmentInput, actor: string): Promise<Commitment> {
    const due = normaliseDueDate(input.dueDate ?? null, input.dueDatePrecision ?? null, { dueDate: 'input.dueDate', precision: 'input.dueDatePrecision' });
    checkPartyShapes(input.parties ?? [], 'input.parties');
    checkSpanShapes(input.sources ?? [], 'input.sources');
    const dialogueId = await this.dialogues.requireId(em, input.dialogueId, 'input.dialogueId');
    const topicIds = await this.topics.requireTopicIds(em, input.topicIds, 'input.topicIds');
    const parties = await this.requireParties(em, input.parties ?? [], 'input.parties');
    const now = new Date();
    const commitment = await em.save(
      em.create(Commitment, {
        title: input.title.trim(),
        text: input.text,
        kind: input.kind,
        status: CommitmentStatus.ANNOUNCED,
        ...due,
        dialogueId,
        version: 1,
        createdBy: actor,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await this.replaceTopics(em, commitment.id, topicIds);
    if (parties.length) {
      await em.insert(CommitmentParty, parties.map((p) => ({ ...p, commitmentId: commitment.id, status: CommitmentStatus.ANNOUNCED })));
    }
    const sources = input.sources ?? [];
    await this.sourceSpans.replaceFor(em, { commitmentId: commitment.id }, sources, 'input.sources');
    const announced = await this.earliestSource(em, sources.map((s, i) => parseId(s.statementId, `input.sources.${i}.statementId`)));
    await em.insert(CommitmentEvent, {
      commitmentId: commitment.id,
      partyId: null,
      fromStatus: null,
      toStatus: CommitmentStatus.ANNOUNCED,
      validFrom: announced?.date ?? todayIso(now),
      recordedAt: now,
      actor,
      note: null,
      evidenceStatementId: announced?.statementId ?? null,
      evidenceOutcomeId: null,
      evidenceUrl: null,
    });
    return commitment;
  }

  async update(rawId: string, input: UpdateCommitmentInput): Promise<Commitment> {
    const id = parseId(rawId, 'id');
    if (input.parties) checkPartyShapes(input.parties, 'input.parties');
    if (input.sources) checkSpanShapes(input.sources, 'input.sources');
    return this.dataSource.transaction(async (em) => {
      const current = await em.findOneBy(Commitment, { id });
      if (!current) throw new NotFoundError('Commitment', rawId, 'id');
      const changes: Partial<Commitment> = {};
      if (input.title !== undefined) changes.title = input.title.trim();
      if (input.text !== undefined) changes.text = input.text;
      if (input.kind !== undefined) changes.kind = input.kind;
      if (input.dueDate !== undefined || input.dueDatePrecision != null) {
        const dueDate = input.dueDate !== undefined ? input.dueDate : current.dueDate;
        // A new date without a precision is exact; a precision alone applies to the date kept.
        const precision = input.dueDatePrecision ?? (input.dueDate !== undefined ? null : current.dueDatePrecision);
        Object.assign(changes, normaliseDueDate(dueDate, precision, { dueDate: 'input.dueDate', precision: 'input.dueDatePrecision' }));
      }
      const expectedVersion = input.expectedVersion ?? current.version;
      // The version check and the write are one statement, so two writers cannot both win.
      const result = await em
        .createQueryBuilder()
        .update(Commitment)
        .set({ ...changes, updatedAt: new Date(), version: () => 'version + 1' })
        .where('id = :id', { id })
        .andWhere('version = :expectedVersion', { expectedVersion })
        .execute();
      if (!result.affected) {
        throw new ConflictError(`Commitment ${rawId} is at version ${current.version}, not ${expectedVersion}; read it again`, {
          currentVersion: current.version,
        });
      }
      if (input.topicIds !== undefined) {
        await this.replaceTopics(em, id, await this.topics.requireTopicIds(em, input.topicIds, 'input.topicIds'));
      }
      if (input.parties !== undefined) await this.replaceParties(em, id, await this.requireParties(em, input.parties ?? [], 'input.parties'));
      if (input.sources !== undefined) await this.sourceSpans.replaceFor(em, { commitmentId: id }, input.sources ?? [], 'input.sources');
      return em.findOneByOrFail(Commitment, { id });
    });
  }

  /** Deletes a commitment with its topics, parties, history and source spans. */
  async delete(rawId: string): Promise<string> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(Commitment, { id }))) throw new NotFoundError('Commitment', rawId, 'id');
      try {
        await em.delete(Commitment, { id });
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new ConflictError(`Commitment ${rawId} is still referenced`);
        throw error;
      }
      return rawId;
    });
  }

  /** Checks the organisations and countries of party inputs; drops repeats. */
  private async requireParties(em: EntityManager, inputs: CommitmentPartyInput[], path: string): Promise<PartyKey[]> {
    const organizationIds = inputs.map((p, i) => (p.organizationId != null ? parseId(p.organizationId, `${path}.${i}.organizationId`) : null));
    const wanted = organizationIds.filter((id): id is number => id !== null);
    const found = new Set(wanted.length ? (await em.find(Organization, { where: { id: In(wanted) }, select: { id: true } })).map((o) => o.id) : []);
    const parties: PartyKey[] = [];
    for (const [i, input] of inputs.entries()) {
      const organizationId = organizationIds[i];
      if (organizationId !== null && !found.has(organizationId)) throw new NotFoundError('Organization', input.organizationId!, `${path}.${i}.organizationId`);
      const countryCode = organizationId === null ? await this.countries.requireCode(em, input.country, `${path}.${i}.country`) : null;
      const party = { organizationId, countryCode };
      if (!parties.some((p) => partyKey(p) === partyKey(party))) parties.push(party);
    }
    return parties;
  }

  /** Replaces a commitment's topics (commitment_topic rows). */
  private async replaceTopics(em: EntityManager, commitmentId: number, topicIds: number[]): Promise<void> {
    await em.delete(CommitmentTopic, { commitmentId });
    if (topicIds.length) await em.insert(CommitmentTopic, topicIds.map((topicId) => ({ commitmentId, topicId })));
  }

  /** Replaces a commitment's parties; a party that stays keeps its row, status and history. */
  private async replaceParties(em: EntityManager, commitmentId: number, wanted: PartyKey[]): Promise<void> {
    const existing = await em.find(CommitmentParty, { where: { commitmentId }, order: { id: 'ASC' } });
    const keep = new Set(wanted.map(partyKey));
    const gone = existing.filter((p) => !keep.has(partyKey(p)));
    if (gone.length) await em.delete(CommitmentParty, { id: In(gone.map((p) => p.id)) });
    const have = new Set(existing.map(partyKey));
    const fresh = wanted.filter((p) => !have.has(partyKey(p)));
    if (fresh.length) await em.insert(CommitmentParty, fresh.map((p) => ({ ...p, commitmentId, status: CommitmentStatus.ANNOUNCED })));
  }

  /** The source statement from the earliest dated briefing (ties: the first source given). */
  private async earliestSource(em: EntityManager, statementIds: number[]): Promise<{ statementId: number; date: string } | null> {
    if (!statementIds.length) return null;
    const statements = await em.find(Statement, {
      where: { id: In(statementIds) },
      relations: { briefing: true },
      select: { id: true, briefing: { id: true, date: true } },
    });
    const dateOf = new Map(statements.map((s) => [s.id, s.briefing?.date ?? null]));
    let best: { statementId: number; date: string } | null = null;
    for (const statementId of statementIds) {
      const date = dateOf.get(statementId);
      if (date && (!best || date < best.date)) best = { statementId, date };
    }
    return best;
  }

  // ---------------------------------------------------------------- loaders for fields

  partiesLoader(loaders: LoaderRegistry) {
    return loaders.get<number, CommitmentParty[]>('commitments.parties', async (ids) => {
      const rows = await this.dataSource.getRepository(CommitmentParty).find({ where: { commitmentId: In([...ids]) }, order: { id: 'ASC' } });
      return groupByKey(ids, rows, (p) => p.commitmentId);
    });
  }

  partyByIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, CommitmentParty | null>('commitments.partyById', async (ids) =>
      byKey(ids, await this.dataSource.getRepository(CommitmentParty).findBy({ id: In([...ids]) }), (p) => p.id),
    );
  }

  /** Each commitment's events in the order they became true (validFrom, then id). */
  historyLoader(loaders: LoaderRegistry) {
    return loaders.get<number, CommitmentEvent[]>('commitments.history', async (ids) => {
      const rows = await this.dataSource
        .getRepository(CommitmentEvent)
        .find({ where: { commitmentId: In([...ids]) }, order: { validFrom: 'ASC', id: 'ASC' } });
      return groupByKey(ids, rows, (e) => e.commitmentId);
    });
  }

  /** Commitments quoted from each statement (by id). */
  byStatementLoader(loaders: LoaderRegistry) {
    return this.linkedLoader(loaders, 'commitments.byStatement', async (statementIds) =>
      this.dataSource
        .createQueryBuilder()
        .select('ss.statement_id', 'owner_id')
        .addSelect('ss.commitment_id', 'commitment_id')
        .distinct(true)
        .from('source_span', 'ss')
        .where('ss.statement_id IN (:...statementIds)', { statementIds })
        .andWhere('ss.commitment_id IS NOT NULL')
        .orderBy('ss.commitment_id')
        .getRawMany(),
    );
  }

  /** Commitments tied to each meeting (commitment_meeting), by id. */
  byMeetingLoader(loaders: LoaderRegistry) {
    return this.linkedLoader(loaders, 'commitments.byMeeting', (meetingIds) =>
      this.dataSource
        .getRepository(CommitmentMeeting)
        .createQueryBuilder('cm')
        .select('cm.meetingId', 'owner_id')
        .addSelect('cm.commitmentId', 'commitment_id')
        .where('cm.meetingId IN (:...meetingIds)', { meetingIds })
        .orderBy('cm.commitmentId')
        .getRawMany(),
    );
  }

  /** Commitments a meeting outcome created or advanced (commitment_meeting.outcome_id), by id. */
  byOutcomeLoader(loaders: LoaderRegistry) {
    return this.linkedLoader(loaders, 'commitments.byOutcome', (outcomeIds) =>
      this.dataSource
        .getRepository(CommitmentMeeting)
        .createQueryBuilder('cm')
        .select('cm.outcomeId', 'owner_id')
        .addSelect('cm.commitmentId', 'commitment_id')
        .where('cm.outcomeId IN (:...outcomeIds)', { outcomeIds })
        .orderBy('cm.commitmentId')
        .getRawMany(),
    );
  }

  /** Meeting outcomes cited as evidence, by id. */
  outcomeByIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, MeetingOutcome | null>('commitments.evidenceOutcome', async (ids) =>
      byKey(ids, await this.dataSource.getRepository(MeetingOutcome).findBy({ id: In([...ids]) }), (o) => o.id),
    );
  }

  /** One query for the (owner, commitment) links, then the commitments through byIdLoader. */
  private linkedLoader(
    loaders: LoaderRegistry,
    name: string,
    links: (ownerIds: number[]) => Promise<{ owner_id: number | string; commitment_id: number | string }[]>,
  ) {
    return loaders.get<number, Commitment[]>(name, async (ownerIds) => {
      const rows = await links([...ownerIds]);
      const commitments = await this.byIdLoader(loaders).loadMany(rows.map((r) => Number(r.commitment_id)));
      const pairs = rows.flatMap((r, i) => {
        const commitment = commitments[i];
        return commitment && !(commitment instanceof Error) ? [{ ownerId: Number(r.owner_id), commitment }] : [];
      });
      return groupByKey(ownerIds, pairs, (p) => p.ownerId).map((list) => list.map((p) => p.commitment));
    });
  }
}

/** Offsets cannot be negative (the rest of a span is checked against its statement's text). */
function checkSpanShapes(inputs: SourceSpanInput[], path: string): void {
  inputs.forEach((span, i) => {
    if (span.start < 0) throw BadUserInputError.field(`${path}.${i}.start`, 'must not be less than 0');
  });
}

/** Each party input names exactly one of an organisation or a country. */
function checkPartyShapes(inputs: CommitmentPartyInput[], path: string): void {
  inputs.forEach((p, i) => {
    if ((p.organizationId == null) === (p.country == null)) {
      throw BadUserInputError.field(`${path}.${i}`, 'give exactly one of organizationId or country');
    }
  });
}
