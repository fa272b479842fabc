import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { isForeignKeyViolation } from '../common/errors/db-errors';
import { parseId } from '../common/ids';
import { CountriesService } from '../countries/countries.service';
import { DialoguesService } from '../dialogues/dialogues.service';
import { PendingEvents } from '../events/domain-events';
import { EventsService } from '../events/events.service';
import { Organization } from '../organizations/organization.entity';
import { SourceSpanInput } from '../sources/dto/source-span.input';
import { SourceSpansService } from '../sources/source-spans.service';
import { Statement } from '../statements/statement.entity';
import { TopicsService } from '../topics/topics.service';
import { Commitment, CommitmentEvent, CommitmentParty, CommitmentTopic } from './commitment.entity';
import { CommitmentStatus } from './commitment.enums';
import { announceEvents, insertEvents } from './commitment-history-rows';
import { deriveOverallStatus } from './commitment-lifecycle';
import { normaliseDueDate, todayIso } from './commitment-rules';
import { bumpVersion } from './commitment-version';
import { CommitmentPartyInput, CreateCommitmentInput } from './dto/create-commitment.input';
import { UpdateCommitmentInput } from './dto/update-commitment.input';

/** A party as stored: exactly one of an organisation or a country. */
type PartyKey = { organizationId: number | null; countryCode: string | null };
const partyKey = (p: PartyKey) => (p.organizationId !== null ? `o:${p.organizationId}` : `c:${p.countryCode}`);

/**
 * Creating, changing and deleting commitments: what they say, their due date, topics, parties
 * and sources (a status is changed through CommitmentStatusService; a change of parties may
 * move the overall status, recorded here as an event).
 */
@Injectable()
export class CommitmentWritesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly topics: TopicsService,
    private readonly countries: CountriesService,
    private readonly dialogues: DialoguesService,
    private readonly sourceSpans: SourceSpansService,
    private readonly events: EventsService,
  ) {}

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
    const eventIds = await insertEvents(em, [
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
    if (events) await announceEvents(em, events, commitment.id, eventIds);
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
      await bumpVersion(em, current, input.expectedVersion ?? current.version, { ...changes, updatedAt: now });
      if (input.topicIds !== undefined) {
        await this.replaceTopics(em, id, await this.topics.requireTopicIds(em, input.topicIds, 'input.topicIds'));
      }
      if (input.parties !== undefined) {
        const parties = await this.replaceParties(em, current, await this.requireParties(em, input.parties ?? [], 'input.parties'));
        const was = deriveOverallStatus(parties.before.map((p) => p.status)) ?? current.status;
        const derived = deriveOverallStatus(parties.after.map((p) => p.status));
        if (derived !== null && derived !== was && derived !== current.status) {
          await em.update(Commitment, { id }, { status: derived });
          const eventIds = await insertEvents(em, [
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
          await announceEvents(em, events, id, eventIds);
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
