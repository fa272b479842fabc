import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { CommitmentMeeting } from '../commitments/commitment.entity';
import { conflictOnDuplicate } from '../common/errors/db-errors';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { parseId } from '../common/ids';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { paginate, SortKey } from '../common/pagination/paginate';
import { paginateGrouped } from '../common/pagination/paginate-grouped';
import { LIKE_ESCAPE, likePattern } from '../common/sql/like';
import { CountriesService } from '../countries/countries.service';
import { DialoguesService } from '../dialogues/dialogues.service';
import { ParticipantsService } from '../participants/participants.service';
import { SourceSpansService } from '../sources/source-spans.service';
import { Topic } from '../topics/topic.entity';
import { TopicsService } from '../topics/topics.service';
import { CreateMeetingInput, MeetingParticipantInput } from './dto/create-meeting.input';
import { AddMeetingParticipantsInput, RemoveMeetingParticipantsInput } from './dto/meeting-participants.input';
import { MeetingFilter, MeetingOrder, MeetingOrderField, MeetingsArgs } from './dto/meetings.args';
import { SetMeetingStatusInput } from './dto/set-meeting-status.input';
import { UpdateMeetingInput } from './dto/update-meeting.input';
import { Meeting, MeetingOutcome, MeetingParticipant, MeetingStatus } from './meeting.entity';
import { refuseHeldInFuture } from './meeting-rules';

/** Where a meeting may go from each status; HELD is final, CANCELLED can only be revived as PLANNED. */
export const MEETING_STATUS_MOVES: Record<MeetingStatus, MeetingStatus[]> = {
  PLANNED: [MeetingStatus.HELD, MeetingStatus.POSTPONED, MeetingStatus.CANCELLED],
  POSTPONED: [MeetingStatus.PLANNED, MeetingStatus.HELD, MeetingStatus.CANCELLED],
  CANCELLED: [MeetingStatus.PLANNED],
  HELD: [],
};

/** Sorts undated meetings after every dated one (ascending). */
const UNDATED = '9999-12-31';

/** Link tables that tie meetings to an owner shown with a `meetings(...)` connection. */
export type MeetingOwner = 'participant' | 'topic';

@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly topics: TopicsService,
    private readonly participants: ParticipantsService,
    private readonly countries: CountriesService,
    private readonly dialogues: DialoguesService,
    private readonly sources: SourceSpansService,
  ) {}

  findById(id: number): Promise<Meeting | null> {
    return this.dataSource.getRepository(Meeting).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Meeting[]> {
    return this.dataSource.getRepository(Meeting).findBy({ id: In([...ids]) });
  }

  async list(args: MeetingsArgs): Promise<ConnectionResult<Meeting>> {
    const qb = this.dataSource.getRepository(Meeting).createQueryBuilder('m');
    await this.applyFilter(qb, args.filter ?? {});
    return paginate(qb, args, sortKeys(args.orderBy ?? new MeetingOrder()));
  }

  async create(input: CreateMeetingInput): Promise<Meeting> {
    return this.dataSource.transaction(async (em) => {
      const now = new Date();
      const status = input.status ?? MeetingStatus.PLANNED;
      const date = input.date ?? null;
      refuseHeldInFuture(status, date);
      const meeting = await em.save(
        em.create(Meeting, {
          title: input.title.trim(),
          kind: input.kind,
          status,
          date,
          location: input.location?.trim() || null,
          dialogueId: await this.dialogues.requireId(em, input.dialogueId, 'input.dialogueId'),
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.topics.setLinks(em, 'meeting_topic', meeting.id, await this.topics.requireTopicIds(em, input.topicIds, 'input.topicIds'));
      await this.seat(em, meeting.id, input.participants ?? [], 'input.participants');
      if (input.sources?.length) await this.sources.replaceFor(em, { meetingId: meeting.id }, input.sources, 'input.sources');
      return meeting;
    });
  }

  async update(rawId: string, input: UpdateMeetingInput): Promise<Meeting> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      const meeting = await this.require(em, rawId, id, 'id');
      for (const field of ['title', 'kind'] as const) if (input[field] === null) throw BadUserInputError.field(`input.${field}`, 'cannot be null');
      if (input.title !== undefined) meeting.title = input.title!.trim();
      if (input.kind !== undefined) meeting.kind = input.kind!;
      if (input.date !== undefined) meeting.date = input.date;
      if (input.location !== undefined) meeting.location = input.location?.trim() || null;
      if (input.dialogueId !== undefined) meeting.dialogueId = await this.dialogues.requireId(em, input.dialogueId, 'input.dialogueId');
      refuseHeldInFuture(meeting.status, meeting.date);
      if (input.topicIds !== undefined) {
        await this.topics.setLinks(em, 'meeting_topic', id, await this.topics.requireTopicIds(em, input.topicIds, 'input.topicIds'));
      }
      if (input.sources !== undefined) await this.sources.replaceFor(em, { meetingId: id }, input.sources ?? [], 'input.sources');
      meeting.updatedAt = new Date();
      return em.save(meeting);
    });
  }

  /** Moves a meeting along PLANNED -> HELD / POSTPONED / CANCELLED (see MEETING_STATUS_MOVES); CONFLICT otherwise. */
  async setStatus(input: SetMeetingStatusInput): Promise<Meeting> {
    const id = parseId(input.id, 'input.id');
    return this.dataSource.transaction(async (em) => {
      const meeting = await this.require(em, input.id, id, 'input.id');
      if (meeting.status !== input.status && !MEETING_STATUS_MOVES[meeting.status].includes(input.status)) {
        throw new ConflictError(`A ${meeting.status} meeting cannot become ${input.status}`, { status: meeting.status });
      }
      meeting.status = input.status;
      if (input.date != null) meeting.date = input.date;
      refuseHeldInFuture(meeting.status, meeting.date);
      meeting.updatedAt = new Date();
      return em.save(meeting);
    });
  }

  /** Adds participants; one already in the meeting is a CONFLICT. */
  async addParticipants(input: AddMeetingParticipantsInput): Promise<Meeting> {
    const id = parseId(input.meetingId, 'input.meetingId');
    return this.dataSource.transaction(async (em) => {
      const meeting = await this.require(em, input.meetingId, id, 'input.meetingId');
      await this.seat(em, id, input.participants, 'input.participants');
      return this.touch(em, meeting);
    });
  }

  /** Removes participants; one not in the meeting is NOT_FOUND. */
  async removeParticipants(input: RemoveMeetingParticipantsInput): Promise<Meeting> {
    const id = parseId(input.meetingId, 'input.meetingId');
    return this.dataSource.transaction(async (em) => {
      const meeting = await this.require(em, input.meetingId, id, 'input.meetingId');
      const participantIds = input.participantIds.map((raw, i) => parseId(raw, `input.participantIds.${i}`));
      const seated = new Set((await em.findBy(MeetingParticipant, { meetingId: id, participantId: In(participantIds) })).map((s) => s.participantId));
      const missing = participantIds.findIndex((p) => !seated.has(p));
      if (missing >= 0) throw new NotFoundError('MeetingParticipant', input.participantIds[missing], `input.participantIds.${missing}`);
      await em.delete(MeetingParticipant, { meetingId: id, participantId: In(participantIds) });
      return this.touch(em, meeting);
    });
  }

  /** Deletes a meeting with its participants, topics and sources; refused (CONFLICT) once outcomes or commitments refer to it. */
  async delete(rawId: string): Promise<string> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      await this.require(em, rawId, id, 'id');
      if (await em.existsBy(MeetingOutcome, { meetingId: id })) throw new ConflictError(`Meeting ${rawId} has logged outcomes`);
      if (await em.existsBy(CommitmentMeeting, { meetingId: id })) throw new ConflictError(`Meeting ${rawId} is tied to commitments`);
      await em.delete(Meeting, { id });
      return rawId;
    });
  }

  /** Checks a meeting id from an input (NOT_FOUND names the path). */
  async requireId(em: EntityManager, raw: string, path: string): Promise<number> {
    const id = parseId(raw, path);
    if (!(await em.existsBy(Meeting, { id }))) throw new NotFoundError('Meeting', raw, path);
    return id;
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Meeting | null>('meetings.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }

  participantsLoader(loaders: LoaderRegistry) {
    return loaders.get<number, MeetingParticipant[]>('meetings.participants', async (ids) => {
      const rows = await this.dataSource.getRepository(MeetingParticipant).find({ where: { meetingId: In([...ids]) }, order: { id: 'ASC' } });
      return groupByKey(ids, rows, (r) => r.meetingId);
    });
  }

  /** Meetings a briefing speaks of: those with a source span in one of its statements, by date. */
  byBriefingLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Meeting[]>('meetings.byBriefing', async (briefingIds) => {
      const links: { owner_id: number | string; meeting_id: number | string }[] = await this.dataSource
        .createQueryBuilder()
        .select('st.briefing_id', 'owner_id')
        .addSelect('ss.meeting_id', 'meeting_id')
        .distinct(true)
        .from('source_span', 'ss')
        .innerJoin('statement', 'st', 'st.id = ss.statement_id')
        .where('st.briefing_id IN (:...briefingIds)', { briefingIds })
        .andWhere('ss.meeting_id IS NOT NULL')
        .getRawMany();
      return this.meetingsOf(loaders, briefingIds, links);
    });
  }

  /** Meetings a commitment is tied to (discussed at, created or advanced by), by date. */
  byCommitmentLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Meeting[]>('meetings.byCommitment', async (commitmentIds) => {
      const links = await this.dataSource.getRepository(CommitmentMeeting).find({
        where: { commitmentId: In([...commitmentIds]) },
        select: { commitmentId: true, meetingId: true },
      });
      return this.meetingsOf(loaders, commitmentIds, links.map((l) => ({ owner_id: l.commitmentId, meeting_id: l.meetingId })));
    });
  }

  /** `meetings(...)` of many participants or topics at once: one page per owner from one query. */
  pageByOwnerLoader(loaders: LoaderRegistry, owner: MeetingOwner, args: MeetingsArgs) {
    const key = JSON.stringify([args.first, args.after ?? null, args.filter ?? null, args.orderBy ?? null]);
    return loaders.get<number, ConnectionResult<Meeting>>(`meetings.of.${owner}.${key}`, async (ownerIds) => {
      const qb = this.dataSource.getRepository(Meeting).createQueryBuilder('m');
      await this.applyFilter(qb, args.filter ?? {});
      const pairs = owner === 'participant' ? participantPairs(ownerIds) : topicPairs(ownerIds, await this.topics.findAll());
      qb.innerJoin(`(${pairs})`, 'o', 'o.node_id = m.id');
      return paginateGrouped(qb, 'o.owner_id', ownerIds, args, sortKeys(args.orderBy ?? new MeetingOrder()), (ids) => this.findByIds(ids));
    });
  }

  private async applyFilter(qb: SelectQueryBuilder<Meeting>, filter: MeetingFilter): Promise<void> {
    if (filter.status?.length) qb.andWhere('m.status IN (:...statuses)', { statuses: filter.status });
    if (filter.kind?.length) qb.andWhere('m.kind IN (:...kinds)', { kinds: filter.kind });
    if (filter.topic) {
      const topicIds = subtreeOf(parseId(filter.topic, 'filter.topic'), await this.topics.findAll());
      qb.andWhere('EXISTS (SELECT 1 FROM meeting_topic mt WHERE mt.meeting_id = m.id AND mt.topic_id IN (:...topicIds))', { topicIds });
    }
    if (filter.participant) {
      const participant = parseId(filter.participant, 'filter.participant');
      qb.andWhere('EXISTS (SELECT 1 FROM meeting_participant mp WHERE mp.meeting_id = m.id AND mp.participant_id = :participant)', { participant });
    }
    if (filter.dialogue) qb.andWhere('m.dialogueId = :dialogue', { dialogue: parseId(filter.dialogue, 'filter.dialogue') });
    if (filter.from) qb.andWhere('m.date >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('m.date <= :to', { to: filter.to });
    if (filter.search) {
      const like = likePattern(filter.search);
      qb.andWhere(new Brackets((w) => w.where(`LOWER(m.title) LIKE :like ${LIKE_ESCAPE}`, { like }).orWhere(`LOWER(m.location) LIKE :like ${LIKE_ESCAPE}`)));
    }
  }

  /** Seats participants in a meeting; a participant listed twice is BAD_USER_INPUT, one already there CONFLICT. */
  private async seat(em: EntityManager, meetingId: number, seats: MeetingParticipantInput[], path: string): Promise<void> {
    if (!seats.length) return;
    const participantIds = await this.participants.requireIds(em, seats.map((s) => s.participantId), (i) => `${path}.${i}.participantId`);
    const twice = participantIds.findIndex((id, i) => participantIds.indexOf(id) !== i);
    if (twice >= 0) throw BadUserInputError.field(`${path}.${twice}.participantId`, 'lists a participant already listed');
    const rows: Partial<MeetingParticipant>[] = [];
    for (const [i, s] of seats.entries()) {
      rows.push({
        meetingId,
        participantId: participantIds[i],
        sideCode: await this.countries.requireCode(em, s.sideCode, `${path}.${i}.sideCode`),
        role: s.role?.trim() || null,
      });
    }
    const already = await em.findBy(MeetingParticipant, { meetingId, participantId: In(participantIds) });
    if (already.length) {
      const i = participantIds.indexOf(already[0].participantId);
      throw new ConflictError(`Participant ${seats[i].participantId} already takes part in meeting ${meetingId}`, { path: `${path}.${i}.participantId` });
    }
    await conflictOnDuplicate(() => em.insert(MeetingParticipant, rows), `A participant already takes part in meeting ${meetingId}`);
  }

  private async require(em: EntityManager, raw: string, id: number, path: string): Promise<Meeting> {
    const meeting = await em.findOneBy(Meeting, { id });
    if (!meeting) throw new NotFoundError('Meeting', raw, path);
    return meeting;
  }

  private touch(em: EntityManager, meeting: Meeting): Promise<Meeting> {
    meeting.updatedAt = new Date();
    return em.save(meeting);
  }

  /** Loads the meetings of (owner, meeting) links in one batch and groups them by owner, by date. */
  private async meetingsOf(loaders: LoaderRegistry, ownerIds: readonly number[], links: { owner_id: number | string; meeting_id: number | string }[]): Promise<Meeting[][]> {
    const meetings = await this.byIdLoader(loaders).loadMany(links.map((l) => Number(l.meeting_id)));
    const rows = links.flatMap((l, i) => {
      const meeting = meetings[i];
      return meeting && !(meeting instanceof Error) ? [{ ownerId: Number(l.owner_id), meeting }] : [];
    });
    return groupByKey(ownerIds, rows, (r) => r.ownerId).map((list) => list.map((r) => r.meeting).sort(byDate));
  }
}

function byDate(a: Meeting, b: Meeting): number {
  const da = a.date ?? UNDATED;
  const db = b.date ?? UNDATED;
  return da < db ? -1 : da > db ? 1 : a.id - b.id;
}

/** A topic and all its subtopics. */
export function subtreeOf(rootId: number, topics: Pick<Topic, 'id' | 'parentId'>[]): number[] {
  const out = [rootId];
  for (let i = 0; i < out.length; i++) for (const t of topics) if (t.parentId === out[i] && !out.includes(t.id)) out.push(t.id);
  return out;
}

/** SQL for (owner_id, meeting_id) rows; the ids are integers from the database, inlined. */
function participantPairs(ownerIds: readonly number[]): string {
  return `SELECT mp.participant_id AS owner_id, mp.meeting_id AS node_id FROM meeting_participant mp WHERE mp.participant_id IN (${ownerIds.map(Number).join(', ')})`;
}

function topicPairs(ownerIds: readonly number[], topics: Topic[]): string {
  return ownerIds
    .map((id) => `SELECT ${Number(id)} AS owner_id, mt.meeting_id AS node_id FROM meeting_topic mt WHERE mt.topic_id IN (${subtreeOf(Number(id), topics).join(', ')})`)
    .join(' UNION ');
}

function sortKeys(order: MeetingOrder): SortKey<Meeting>[] {
  const direction = order.direction ?? OrderDirection.ASC;
  switch (order.field) {
    case MeetingOrderField.TITLE:
      return [{ expression: 'm.title', value: (m) => m.title, kind: 'string', direction }];
    case MeetingOrderField.CREATED_AT:
      return [{ expression: 'm.id', value: (m) => m.id, kind: 'number', direction }];
    default:
      return [{ expression: 'm.date', value: (m) => m.date, kind: 'date', direction, nullsAs: UNDATED }];
  }
}
