import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { isForeignKeyViolation } from '../common/errors/db-errors';
import { parseId } from '../common/ids';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { paginateSorted, SortKey } from '../common/pagination/paginate';
import { paginateGrouped } from '../common/pagination/paginate-grouped';
import { CountriesService } from '../countries/countries.service';
import { DialoguesService } from '../dialogues/dialogues.service';
import { COMMITMENT_CHANGED, PendingEvents } from '../events/domain-events';
import { EventsService } from '../events/events.service';
import { MeetingOutcome } from '../meetings/meeting.entity';
import { Organization } from '../organizations/organization.entity';
import { fullTextCondition } from '../search/search.service';
import { SourceSpanInput } from '../sources/dto/source-span.input';
import { SourceSpan } from '../sources/source-span.entity';
import { SourceSpansService } from '../sources/source-spans.service';
import { Statement } from '../statements/statement.entity';
import { TopicsService } from '../topics/topics.service';
import { Commitment, CommitmentEvent, CommitmentMeeting, CommitmentParty, CommitmentTopic } from './commitment.entity';
import { CommitmentStatus } from './commitment.enums';
import { deriveOverallStatus, needsEvidence, planStatusChange } from './commitment-lifecycle';
import { FINAL_STATUSES, normaliseDueDate, todayIso } from './commitment-rules';
import { buildTimeline } from './commitment-timeline';
import { CommitmentFilter, CommitmentOrder, CommitmentOrderField, CommitmentsArgs } from './dto/commitments.args';
import { CommitmentPartyInput, CreateCommitmentInput } from './dto/create-commitment.input';
import { EvidenceInput } from './dto/set-commitment-status.input';
import { MeetingCommitmentLink, TimelineEntry } from './dto/timeline.types';
import { UpdateCommitmentInput } from './dto/update-commitment.input';

/** A party as stored: exactly one of an organisation or a country. */
type PartyKey = { organizationId: number | null; countryCode: string | null };
const partyKey = (p: PartyKey) => (p.organizationId !== null ? `o:${p.organizationId}` : `c:${p.countryCode}`);

/** A status change as setCommitmentStatus takes it (logMeetingOutcome builds one per change). */
export interface StatusChange {
  /** The commitment's id. */
  id: string;
  status: CommitmentStatus;
  /** One CommitmentParty id; every party when null. */
  party?: string | null;
  /** When it became true; today when null. */
  validFrom?: string | null;
  note?: string | null;
  evidence?: EvidenceInput | null;
  expectedVersion?: number | null;
}

/** Evidence as stored on an event. */
type EvidenceRefs = { evidenceStatementId: number | null; evidenceOutcomeId: number | null; evidenceUrl: string | null };

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

@Injectable()
export class CommitmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly topics: TopicsService,
    private readonly countries: CountriesService,
    private readonly dialogues: DialoguesService,
    private readonly sourceSpans: SourceSpansService,
    private readonly events: EventsService,
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

  // ---------------------------------------------------------------- writes

  async create(input: CreateCommitmentInput, actor: string): Promise<Commitment> {
    return this.events.transaction((em, events) => this.createWithin(em, input, actor, events));
  }

  /**
   * Creates a commitment inside the caller's transaction (accepting an ingest candidate and
   * logging a meeting outcome use this): ANNOUNCED for it and each party, version 1, and the
   * first event of its history, valid from the date of the earliest quoted briefing (today
   * when there is none). Given `events`, the first event is announced as COMMITMENT_CHANGED
   * once the caller's transaction commits.
   */
  async createWithin(em: EntityManager, input: CreateCommitmentInput, actor: string, events?: PendingEvents): Promise<Commitment> {
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
    const eventIds = await this.insertEvents(em, [
      {
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
      },
    ]);
    if (events) await this.announce(em, events, commitment.id, eventIds);
    return commitment;
  }

  /**
   * Changes what is given (not the status directly). When the parties change, the overall
   * status is derived again from theirs (docs/commitment-status.md) and, if that moves it
   * (e.g. a party that has not delivered joins a FULFILLED commitment), an overall event
   * records the change, valid from today.
   */
  async update(rawId: string, input: UpdateCommitmentInput, actor = 'anonymous'): Promise<Commitment> {
    const id = parseId(rawId, 'id');
    if (input.parties) checkPartyShapes(input.parties, 'input.parties');
    if (input.sources) checkSpanShapes(input.sources, 'input.sources');
    return this.events.transaction(async (em, events) => {
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
      const now = new Date();
      await this.bumpVersion(em, current, input.expectedVersion ?? current.version, { ...changes, updatedAt: now });
      if (input.topicIds !== undefined) {
        await this.replaceTopics(em, id, await this.topics.requireTopicIds(em, input.topicIds, 'input.topicIds'));
      }
      if (input.parties !== undefined) {
        const parties = await this.replaceParties(em, current, await this.requireParties(em, input.parties ?? [], 'input.parties'));
        const was = deriveOverallStatus(parties.before.map((p) => p.status)) ?? current.status;
        const derived = deriveOverallStatus(parties.after.map((p) => p.status));
        if (derived !== null && derived !== was && derived !== current.status) {
          await em.update(Commitment, { id }, { status: derived });
          const eventIds = await this.insertEvents(em, [
            {
              commitmentId: id,
              partyId: null,
              fromStatus: current.status,
              toStatus: derived,
              validFrom: todayIso(now),
              recordedAt: now,
              actor,
              note: 'The obligated parties changed.',
              evidenceStatementId: null,
              evidenceOutcomeId: null,
              evidenceUrl: null,
            },
          ]);
          await this.announce(em, events, id, eventIds);
        }
      }
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

  // ---------------------------------------------------------------- status changes

  /** setCommitmentStatus: one transaction; COMMITMENT_CHANGED for each event once it commits. */
  async setStatus(input: StatusChange, actor: string): Promise<Commitment> {
    return this.events.transaction((em, events) => this.setStatusWithin(em, events, input, actor));
  }

  /**
   * Appends a status change to a commitment's history inside the caller's transaction
   * (logMeetingOutcome passes its outcome as `evidence`). Rules (docs/commitment-status.md):
   * - what is set is the commitment's own status when it has no party, else one party's
   *   (`party`) or every party's not already there; each change must be allowed by the
   *   transition table (BAD_USER_INPUT on input.status: "cannot go from X to Y");
   * - FULFILLED, PARTIALLY_FULFILLED and NOT_FULFILLED need evidence (input.evidence);
   * - validFrom (default today) is not after today nor before the commitment's last event, so
   *   the history stays one chain and a back-dated event changes the answers from its date on;
   * - the overall status is derived from the parties'; one event per party changed (party set)
   *   and one overall event (party null) when the overall status moves;
   * - the version check is the UPDATE itself (`WHERE id = ? AND version = ?`): exactly one
   *   row or CONFLICT. It runs before the change is judged, so the parties and history read
   *   afterwards are current (the row stays locked until commit; a refused change rolls the
   *   version back). Without expectedVersion the change waits for any concurrent one instead
   *   (claim()): the commitment is read again once claimed, and judged as it then is.
   */
  async setStatusWithin(
    em: EntityManager,
    events: PendingEvents,
    input: StatusChange,
    actor: string,
    evidence?: { outcomeId?: number | null; statementId?: number | null; url?: string | null },
  ): Promise<Commitment> {
    const id = parseId(input.id, 'input.id');
    let commitment = await em.findOneBy(Commitment, { id });
    if (!commitment) throw new NotFoundError('Commitment', input.id, 'input.id');
    // A stale caller is told so before its change is judged against a status it has not seen;
    // the UPDATE below checks again, for writers that read the same version concurrently.
    if (input.expectedVersion != null && input.expectedVersion !== commitment.version) throw staleVersion(commitment, input.expectedVersion);
    const now = new Date();
    // Claim the version first: from here on no other writer can change the commitment, its
    // parties or its history until this transaction ends, so what is judged below is current.
    if (input.expectedVersion != null) await this.bumpVersion(em, commitment, input.expectedVersion, { updatedAt: now });
    else commitment = await this.claim(em, id, { updatedAt: now });

    const parties = await em.find(CommitmentParty, { where: { commitmentId: id }, order: { id: 'ASC' } });
    const partyId = input.party != null ? parseId(input.party, 'input.party') : null;
    if (partyId !== null && !parties.some((p) => p.id === partyId)) throw new NotFoundError('CommitmentParty', input.party!, 'input.party');
    const plan = planStatusChange(commitment.status, parties, input.status, partyId);
    if (!plan.ok) {
      const whose = plan.partyId !== null ? `party ${plan.partyId}` : 'input.status';
      throw new BadUserInputError(`${whose}: ${plan.message}`, [{ path: 'input.status', message: plan.message }]);
    }
    const refs = await this.requireEvidence(em, input.evidence ?? null, evidence ?? null);
    if (needsEvidence(input.status) && refs.evidenceStatementId === null && refs.evidenceOutcomeId === null && refs.evidenceUrl === null) {
      throw BadUserInputError.field('input.evidence', `${input.status} needs evidence: a statement, a meeting outcome or a url`);
    }
    const validFrom = await this.checkValidFrom(em, id, input.validFrom ?? null, todayIso(now));

    if (plan.overall) await em.update(Commitment, { id }, { status: plan.overall.to });
    for (const change of plan.changes) await em.update(CommitmentParty, { id: change.partyId }, { status: change.to });
    const common = { commitmentId: id, validFrom, recordedAt: now, actor, note: input.note?.trim() || null, ...refs };
    const eventIds = await this.insertEvents(em, [
      ...plan.changes.map((c) => ({ ...common, partyId: c.partyId, fromStatus: c.from, toStatus: c.to })),
      ...(plan.overall ? [{ ...common, partyId: null, fromStatus: plan.overall.from, toStatus: plan.overall.to }] : []),
    ]);
    await this.announce(em, events, id, eventIds);
    return em.findOneByOrFail(Commitment, { id });
  }

  /**
   * The optimistic lock: the version check and the write are one UPDATE, so of two writers
   * holding the same version exactly one matches a row; the other gets CONFLICT.
   */
  private async bumpVersion(em: EntityManager, current: Commitment, expectedVersion: number, changes: Partial<Commitment>): Promise<void> {
    const result = await em
      .createQueryBuilder()
      .update(Commitment)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id', { id: current.id })
      .andWhere('version = :expectedVersion', { expectedVersion })
      .execute();
    if (result.affected === 1) return;
    const now = await em.findOne(Commitment, { where: { id: current.id }, select: { id: true, version: true } });
    throw staleVersion(now ?? current, expectedVersion);
  }

  /**
   * The version bump of a change that expects no version: an UPDATE on the id alone, which
   * waits for a concurrent writer's lock on the row (PostgreSQL; SQLite runs one transaction
   * at a time) and then applies to the row as that writer left it; the commitment is read back
   * afterwards, so the change is judged against the current status. So concurrent changes
   * without expectedVersion run one after the other instead of failing with CONFLICT.
   */
  private async claim(em: EntityManager, id: number, changes: Partial<Commitment>): Promise<Commitment> {
    const result = await em
      .createQueryBuilder()
      .update(Commitment)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
    const claimed = result.affected === 1 ? await em.findOneBy(Commitment, { id }) : null;
    if (!claimed) throw new NotFoundError('Commitment', id, 'input.id');
    return claimed;
  }

  /** validFrom: today by default, never after today, never before the commitment's last event. */
  private async checkValidFrom(em: EntityManager, commitmentId: number, given: string | null, today: string): Promise<string> {
    const validFrom = given ?? today;
    if (validFrom > today) throw BadUserInputError.field('input.validFrom', `must not be after today (${today})`);
    const last = await em.findOne(CommitmentEvent, { where: { commitmentId }, order: { validFrom: 'DESC', id: 'DESC' }, select: { id: true, validFrom: true } });
    if (last && validFrom < last.validFrom) {
      throw BadUserInputError.field('input.validFrom', `must not be before the last status change (${last.validFrom})`);
    }
    return validFrom;
  }

  /** The evidence given in the input, plus the caller's (a meeting outcome), each checked to exist. */
  private async requireEvidence(
    em: EntityManager,
    input: EvidenceInput | null,
    extra: { outcomeId?: number | null; statementId?: number | null; url?: string | null } | null,
  ): Promise<EvidenceRefs> {
    const statementId = extra?.statementId ?? (input?.statementId != null ? parseId(input.statementId, 'input.evidence.statementId') : null);
    const outcomeId = extra?.outcomeId ?? (input?.outcomeId != null ? parseId(input.outcomeId, 'input.evidence.outcomeId') : null);
    if (statementId !== null && !(await em.existsBy(Statement, { id: statementId }))) {
      throw new NotFoundError('Statement', input?.statementId ?? statementId, 'input.evidence.statementId');
    }
    if (outcomeId !== null && !(await em.existsBy(MeetingOutcome, { id: outcomeId }))) {
      throw new NotFoundError('MeetingOutcome', input?.outcomeId ?? outcomeId, 'input.evidence.outcomeId');
    }
    return { evidenceStatementId: statementId, evidenceOutcomeId: outcomeId, evidenceUrl: extra?.url ?? (input?.url?.trim() || null) };
  }

  /** Inserts events in order and returns their ids. */
  private async insertEvents(em: EntityManager, rows: Omit<CommitmentEvent, 'id'>[]): Promise<number[]> {
    const ids: number[] = [];
    for (const row of rows) ids.push(Number((await em.insert(CommitmentEvent, row)).identifiers[0].id));
    return ids;
  }

  /** Holds COMMITMENT_CHANGED for each event until the transaction commits. */
  private async announce(em: EntityManager, events: PendingEvents, commitmentId: number, eventIds: number[]): Promise<void> {
    if (!eventIds.length) return;
    const topicIds = await this.topicIdsWithAncestors(em, commitmentId);
    for (const eventId of eventIds) events.add(COMMITMENT_CHANGED, { eventId, commitmentId, topicIds });
  }

  /** The commitment's topics and all their ancestors, in id order (the subscription's topic filter). */
  private async topicIdsWithAncestors(em: EntityManager, commitmentId: number): Promise<number[]> {
    const [query, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      `WITH RECURSIVE up(id, parent_id) AS (
         SELECT t.id, t.parent_id FROM topic t INNER JOIN commitment_topic ct ON ct.topic_id = t.id WHERE ct.commitment_id = :commitmentId
         UNION
         SELECT t.id, t.parent_id FROM topic t INNER JOIN up ON t.id = up.parent_id
       )
       SELECT DISTINCT id FROM up ORDER BY id`,
      { commitmentId },
    );
    const rows: { id: number | string }[] = await em.query(query, parameters);
    return rows.map((r) => Number(r.id));
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

  /**
   * Replaces a commitment's parties and returns them as they were and are. A party that stays keeps its row, status
   * and history; a party with a status history cannot be removed (CONFLICT: its events would
   * lose their party; set it WITHDRAWN instead). New parties start ANNOUNCED, except on a
   * commitment that had none: its status so far was theirs, so they start in it.
   */
  private async replaceParties(em: EntityManager, commitment: Commitment, wanted: PartyKey[]): Promise<{ before: CommitmentParty[]; after: CommitmentParty[] }> {
    const commitmentId = commitment.id;
    const existing = await em.find(CommitmentParty, { where: { commitmentId }, order: { id: 'ASC' } });
    const keep = new Set(wanted.map(partyKey));
    const gone = existing.filter((p) => !keep.has(partyKey(p)));
    if (gone.length) {
      const withHistory = await em.findOne(CommitmentEvent, { where: { partyId: In(gone.map((p) => p.id)) }, select: { id: true, partyId: true } });
      if (withHistory) {
        throw new ConflictError(`Party ${withHistory.partyId} of commitment ${commitmentId} has a status history and cannot be removed; set it WITHDRAWN instead`, {
          partyId: String(withHistory.partyId),
        });
      }
      await em.delete(CommitmentParty, { id: In(gone.map((p) => p.id)) });
    }
    const have = new Set(existing.map(partyKey));
    const fresh = wanted.filter((p) => !have.has(partyKey(p)));
    const status = existing.length ? CommitmentStatus.ANNOUNCED : commitment.status;
    if (fresh.length) await em.insert(CommitmentParty, fresh.map((p) => ({ ...p, commitmentId, status })));
    return { before: existing, after: await em.find(CommitmentParty, { where: { commitmentId }, order: { id: 'ASC' } }) };
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

  /**
   * Each commitment's timeline: its quoted statements (dated by their briefing), the meetings
   * it is tied to (with the outcome that tied it), and its history, in one ordered list.
   * Three queries for any number of commitments (the history shared with Commitment.history).
   */
  timelineLoader(loaders: LoaderRegistry) {
    return loaders.get<number, TimelineEntry[]>('commitments.timeline', async (ids) => {
      const [spans, links, histories] = await Promise.all([
        this.dataSource.getRepository(SourceSpan).find({
          where: { commitmentId: In([...ids]) },
          relations: { statement: { briefing: true } },
          select: { id: true, commitmentId: true, statementId: true, statement: { id: true, briefingId: true, briefing: { id: true, date: true } } },
          order: { id: 'ASC' },
        }),
        this.dataSource.getRepository(CommitmentMeeting).find({ where: { commitmentId: In([...ids]) }, relations: { meeting: true, outcome: true } }),
        this.historyLoader(loaders).loadMany(ids),
      ]);
      return ids.map((id, i) => {
        const history = histories[i];
        return buildTimeline({
          statements: spans.filter((s) => s.commitmentId === id).map((s) => ({ statementId: s.statementId, date: s.statement?.briefing?.date ?? null })),
          meetings: links.filter((l) => l.commitmentId === id && l.meeting).map((l) => ({ relation: l.relation, meeting: l.meeting!, outcome: l.outcome ?? null })),
          events: history instanceof Error ? [] : history,
        });
      });
    });
  }

  /** Each meeting's commitments with how they are tied to it (created, advanced, discussed), by commitment id. */
  meetingLinksLoader(loaders: LoaderRegistry) {
    return loaders.get<number, MeetingCommitmentLink[]>('commitments.meetingLinks', async (meetingIds) => {
      const rows = await this.dataSource
        .getRepository(CommitmentMeeting)
        .find({ where: { meetingId: In([...meetingIds]) }, relations: { outcome: true }, order: { commitmentId: 'ASC' } });
      const links = rows.map((r) => ({ meetingId: r.meetingId, link: { commitmentId: r.commitmentId, relation: r.relation, outcome: r.outcome ?? null } }));
      return groupByKey(meetingIds, links, (l) => l.meetingId).map((list) => list.map((l) => l.link));
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

function staleVersion(current: { id: number; version: number }, expectedVersion: number): ConflictError {
  return new ConflictError(`Commitment ${current.id} is at version ${current.version}, not ${expectedVersion}; read it again`, {
    currentVersion: current.version,
  });
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
