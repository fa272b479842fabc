import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Briefing, BriefingMention } from '../briefings/briefing.entity';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { parseId, parseIds } from '../common/ids';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { paginate, SortKey } from '../common/pagination/paginate';
import { LIKE_ESCAPE, likePattern } from '../common/sql/like';
import { CountriesService } from '../countries/countries.service';
import { MeetingOutcome, MeetingParticipant } from '../meetings/meeting.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { Statement } from '../statements/statement.entity';
import { CreateParticipantInput } from './dto/create-participant.input';
import { MergeParticipantsArgs } from './dto/merge-participants.args';
import { SplitParticipantInput } from './dto/split-participant.input';
import { ParticipantFilter, ParticipantOrder, ParticipantOrderField, ParticipantsArgs } from './dto/participants.args';
import { UpdateParticipantInput } from './dto/update-participant.input';
import { Participant } from './participant.entity';

/** Optional fields a merge copies onto the kept record when it has none. */
const FILLED_ON_MERGE = ['honorific', 'post', 'organizationId', 'countryCode', 'attribution'] as const;

@Injectable()
export class ParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly countries: CountriesService,
    private readonly organizations: OrganizationsService,
  ) {}

  findById(id: number): Promise<Participant | null> {
    return this.dataSource.getRepository(Participant).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Participant[]> {
    return this.dataSource.getRepository(Participant).findBy({ id: In([...ids]) });
  }

  list(args: ParticipantsArgs): Promise<ConnectionResult<Participant>> {
    const qb = this.dataSource.getRepository(Participant).createQueryBuilder('p');
    applyFilter(qb, args.filter ?? {});
    return paginate(qb, args, sortKeys(args.orderBy ?? new ParticipantOrder()));
  }

  async create(input: CreateParticipantInput): Promise<Participant> {
    return this.dataSource.transaction(async (em) => {
      const now = new Date();
      const name = input.name.trim();
      const participant = em.create(Participant, {
        name,
        honorific: blankToNull(input.honorific),
        post: blankToNull(input.post),
        organizationId: await this.organizations.requireId(em, input.organizationId, 'input.organizationId'),
        countryCode: await this.countries.requireCode(em, input.countryCode, 'input.countryCode'),
        role: input.role,
        anonymous: input.anonymous ?? false,
        attribution: blankToNull(input.attribution),
        aliases: normaliseAliases(name, input.aliases ?? []),
        createdAt: now,
        updatedAt: now,
      });
      return em.save(participant);
    });
  }

  async update(rawId: string, input: UpdateParticipantInput): Promise<Participant> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      const participant = await em.findOneBy(Participant, { id });
      if (!participant) throw new NotFoundError('Participant', rawId, 'id');
      for (const field of ['name', 'role', 'anonymous'] as const) if (input[field] === null) throw BadUserInputError.field(`input.${field}`, 'cannot be null');
      if (input.name !== undefined) participant.name = input.name.trim();
      if (input.honorific !== undefined) participant.honorific = blankToNull(input.honorific);
      if (input.post !== undefined) participant.post = blankToNull(input.post);
      if (input.organizationId !== undefined) participant.organizationId = await this.organizations.requireId(em, input.organizationId, 'input.organizationId');
      if (input.countryCode !== undefined) participant.countryCode = await this.countries.requireCode(em, input.countryCode, 'input.countryCode');
      if (input.role !== undefined) participant.role = input.role!;
      if (input.anonymous !== undefined) participant.anonymous = input.anonymous!;
      if (input.attribution !== undefined) participant.attribution = blankToNull(input.attribution);
      participant.aliases = normaliseAliases(participant.name, input.aliases !== undefined ? (input.aliases ?? []) : participant.aliases);
      participant.updatedAt = new Date();
      return em.save(participant);
    });
  }

  /**
   * Folds duplicate records into one: their statements, meetings and briefing mentions move
   * to the kept record, their names become its aliases, and what it lacks (post, organization,
   * ...) is filled from them in the order given. The merged records are then deleted.
   */
  async merge(args: MergeParticipantsArgs): Promise<Participant> {
    const keepId = parseId(args.keepId, 'keepId');
    const mergeIds = parseIds(args.mergeIds, 'mergeIds');
    const self = args.mergeIds.findIndex((raw) => parseId(raw, 'mergeIds') === keepId);
    if (self >= 0) throw BadUserInputError.field(`mergeIds.${self}`, 'cannot merge a participant into itself');
    return this.dataSource.transaction(async (em) => {
      const keep = await em.findOneBy(Participant, { id: keepId });
      if (!keep) throw new NotFoundError('Participant', args.keepId, 'keepId');
      const found = new Map((await em.findBy(Participant, { id: In(mergeIds) })).map((p) => [p.id, p]));
      const merged = mergeIds.map((id, i) => found.get(id) ?? notFound(id, i));

      await em.update(Statement, { speakerId: In(mergeIds) }, { speakerId: keepId });
      await this.moveMeetingSeats(em, mergeIds, keepId);
      await this.moveMentions(em, mergeIds, keepId);
      await this.moveAttendance(em, mergeIds, keepId);

      for (const other of merged) {
        for (const field of FILLED_ON_MERGE) if (keep[field] == null && other[field] != null) (keep as any)[field] = other[field];
      }
      keep.aliases = normaliseAliases(keep.name, [...keep.aliases, ...merged.flatMap((p) => [p.name, ...p.aliases])]);
      keep.updatedAt = new Date();
      await em.save(keep);
      await em.delete(Participant, { id: In(mergeIds) });
      return keep;
    });
  }

  /**
   * Undoes a wrong merge: the participant's turns in the given briefings, those briefings'
   * mention of them, and their seats (and outcome attendance) in the meetings quoted only by
   * those briefings move to a new participant, a copy of this one except for the fields given.
   * The aliases given are the new record's and are taken off this one. Refused (BAD_USER_INPUT)
   * when the participant has nothing in those briefings, or nothing elsewhere (that is a rename:
   * updateParticipant).
   */
  async split(rawId: string, input: SplitParticipantInput): Promise<Participant> {
    const id = parseId(rawId, 'id');
    const briefingIds = parseIds(input.briefingIds, 'input.briefingIds');
    for (const field of ['name', 'role', 'anonymous'] as const) if (input[field] === null) throw BadUserInputError.field(`input.${field}`, 'cannot be null');
    return this.dataSource.transaction(async (em) => {
      const old = await em.findOneBy(Participant, { id });
      if (!old) throw new NotFoundError('Participant', rawId, 'id');
      const found = new Set((await em.find(Briefing, { where: { id: In(briefingIds) }, select: { id: true } })).map((b) => b.id));
      const missing = briefingIds.findIndex((b) => !found.has(b));
      if (missing >= 0) throw new NotFoundError('Briefing', input.briefingIds[missing], `input.briefingIds.${missing}`);

      const statements = await em.find(Statement, { where: { speakerId: id }, select: { id: true, briefingId: true } });
      const mentions = await em.find(BriefingMention, { where: { participantId: id }, select: { briefingId: true } });
      const seats = await this.seatsByBriefings(em, id);
      const inSplit = (bs: number[]) => bs.length > 0 && bs.every((b) => found.has(b));
      const moving = {
        statements: statements.filter((s) => found.has(s.briefingId)).map((s) => s.id),
        mentions: mentions.filter((m) => found.has(m.briefingId)).map((m) => m.briefingId),
        meetings: seats.filter((s) => inSplit(s.briefingIds)).map((s) => s.meetingId),
      };
      const moved = moving.statements.length + moving.mentions.length + moving.meetings.length;
      if (!moved) throw BadUserInputError.field('input.briefingIds', `participant ${rawId} neither speaks in nor is mentioned by these briefings`);
      if (moved === statements.length + mentions.length + seats.length) {
        throw BadUserInputError.field('input.briefingIds', `everything participant ${rawId} has is in these briefings: nothing would be left to split from; use updateParticipant to change the record`);
      }

      const now = new Date();
      const name = input.name?.trim() || old.name;
      const aliases = input.aliases != null ? normaliseAliases(name, input.aliases) : [];
      const created = await em.save(
        em.create(Participant, {
          name,
          honorific: input.honorific !== undefined ? blankToNull(input.honorific) : old.honorific,
          post: input.post !== undefined ? blankToNull(input.post) : old.post,
          organizationId: input.organizationId !== undefined ? await this.organizations.requireId(em, input.organizationId, 'input.organizationId') : old.organizationId,
          countryCode: input.countryCode !== undefined ? await this.countries.requireCode(em, input.countryCode, 'input.countryCode') : old.countryCode,
          role: input.role ?? old.role,
          anonymous: input.anonymous ?? old.anonymous,
          attribution: input.attribution !== undefined ? blankToNull(input.attribution) : old.attribution,
          aliases,
          createdAt: now,
          updatedAt: now,
        }),
      );
      if (moving.statements.length) await em.update(Statement, { id: In(moving.statements) }, { speakerId: created.id });
      if (moving.mentions.length) await em.update(BriefingMention, { participantId: id, briefingId: In(moving.mentions) }, { participantId: created.id });
      if (moving.meetings.length) {
        await em.update(MeetingParticipant, { participantId: id, meetingId: In(moving.meetings) }, { participantId: created.id });
        await this.moveAttendanceOf(em, moving.meetings, id, created.id);
      }
      // the names that were the other person's leave this record
      const gone = new Set([...aliases, name !== old.name ? name : ''].filter(Boolean).map((a) => a.toLowerCase()));
      if (gone.size) {
        old.aliases = old.aliases.filter((a) => !gone.has(a.toLowerCase()));
        old.updatedAt = now;
        await em.save(old);
      }
      return created;
    });
  }

  /** Each meeting the participant sits in, with the briefings that quote it. */
  private async seatsByBriefings(em: EntityManager, participantId: number): Promise<Array<{ meetingId: number; briefingIds: number[] }>> {
    const rows: { meeting_id: number | string; briefing_id: number | string | null }[] = await em
      .createQueryBuilder()
      .select('mp.meeting_id', 'meeting_id')
      .addSelect('st.briefing_id', 'briefing_id')
      .from('meeting_participant', 'mp')
      .leftJoin('source_span', 'sp', 'sp.meeting_id = mp.meeting_id')
      .leftJoin('statement', 'st', 'st.id = sp.statement_id')
      .where('mp.participant_id = :participantId', { participantId })
      .getRawMany();
    const byMeeting = new Map<number, Set<number>>();
    for (const r of rows) {
      const set = byMeeting.get(Number(r.meeting_id)) ?? new Set<number>();
      if (r.briefing_id != null) set.add(Number(r.briefing_id));
      byMeeting.set(Number(r.meeting_id), set);
    }
    return Array.from(byMeeting, ([meetingId, set]) => ({ meetingId, briefingIds: [...set] }));
  }

  /** Attendance of the outcomes of `meetingIds` moves from one participant to the other. */
  private async moveAttendanceOf(em: EntityManager, meetingIds: number[], fromId: number, toId: number): Promise<void> {
    const outcomes = await em.find(MeetingOutcome, { where: { meetingId: In(meetingIds) }, select: { id: true } });
    if (!outcomes.length) return;
    const rows: { outcome_id: number | string }[] = await em
      .createQueryBuilder()
      .select('a.outcome_id', 'outcome_id')
      .from('meeting_outcome_attendee', 'a')
      .where('a.participant_id = :fromId AND a.outcome_id IN (:...ids)', { fromId, ids: outcomes.map((o) => o.id) })
      .getRawMany();
    const attendees = em.createQueryBuilder().relation(MeetingOutcome, 'attendees');
    for (const row of rows) {
      await attendees.of(Number(row.outcome_id)).remove(fromId);
      await attendees.of(Number(row.outcome_id)).add(toId);
    }
  }

  /** Refused (CONFLICT) while the participant speaks in a briefing, is mentioned in one, or took part in a meeting. */
  async delete(rawId: string): Promise<string> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(Participant, { id }))) throw new NotFoundError('Participant', rawId, 'id');
      const uses = [
        (await em.existsBy(Statement, { speakerId: id })) && 'speaks in briefings',
        (await em.existsBy(BriefingMention, { participantId: id })) && 'is mentioned in briefings',
        (await em.existsBy(MeetingParticipant, { participantId: id })) && 'took part in meetings',
      ].filter(Boolean);
      if (uses.length) throw new ConflictError(`Participant ${rawId} ${uses.join(', ')}; merge it into another record instead`);
      await em.delete(Participant, { id });
      return rawId;
    });
  }

  /** Checks participant ids from an input; errors name the path of the offending one. */
  async requireIds(em: EntityManager, rawIds: string[], pathOf: (index: number) => string): Promise<number[]> {
    const ids = rawIds.map((raw, i) => parseId(raw, pathOf(i)));
    const found = new Set((await em.find(Participant, { where: { id: In(ids) }, select: { id: true } })).map((p) => p.id));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw new NotFoundError('Participant', rawIds[missing], pathOf(missing));
    return ids;
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Participant | null>('participants.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }

  /** The people who speak in each briefing, in order of their first turn. */
  speakersByBriefingLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Participant[]>('participants.speakersByBriefing', async (briefingIds) => {
      const rows: { briefing_id: number | string; speaker_id: number | string }[] = await this.dataSource
        .createQueryBuilder()
        .select('s.briefing_id', 'briefing_id')
        .addSelect('s.speaker_id', 'speaker_id')
        .addSelect('MIN(s.turn_index)', 'first_turn')
        .from('statement', 's')
        .where('s.briefing_id IN (:...briefingIds)', { briefingIds })
        .andWhere('s.speaker_id IS NOT NULL')
        .groupBy('s.briefing_id')
        .addGroupBy('s.speaker_id')
        .orderBy('MIN(s.turn_index)')
        .addOrderBy('s.speaker_id')
        .getRawMany();
      return this.participantsOf(loaders, briefingIds, rows.map((r) => ({ ownerId: Number(r.briefing_id), participantId: Number(r.speaker_id) })));
    });
  }

  /** The people each briefing mentions without their speaking (e.g. Foreign Secretary Luis Videgaray). */
  mentionedByBriefingLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Participant[]>('participants.mentionedByBriefing', async (briefingIds) => {
      const rows = await this.dataSource.getRepository(BriefingMention).find({
        where: { briefingId: In([...briefingIds]) },
        select: { briefingId: true, participantId: true },
        order: { participantId: 'ASC' },
      });
      return this.participantsOf(loaders, briefingIds, rows.map((r) => ({ ownerId: r.briefingId, participantId: r.participantId })));
    });
  }

  /** Groups (owner, participant) links under their owners, loading the participants in one batch. */
  private async participantsOf(loaders: LoaderRegistry, ownerIds: readonly number[], links: { ownerId: number; participantId: number }[]): Promise<Participant[][]> {
    const participants = await this.byIdLoader(loaders).loadMany(links.map((l) => l.participantId));
    const rows = links.flatMap((l, i) => {
      const participant = participants[i];
      return participant && !(participant instanceof Error) ? [{ ownerId: l.ownerId, participant }] : [];
    });
    return groupByKey(ownerIds, rows, (r) => r.ownerId).map((list) => list.map((r) => r.participant));
  }

  /** Meeting seats move to the kept record; where it already sat in that meeting, its own side and role win. */
  private async moveMeetingSeats(em: EntityManager, fromIds: number[], toId: number): Promise<void> {
    const seats = await em.find(MeetingParticipant, { where: { participantId: In([...fromIds, toId]) }, order: { id: 'ASC' } });
    const kept = new Map(seats.filter((s) => s.participantId === toId).map((s) => [s.meetingId, s]));
    for (const seat of seats.filter((s) => s.participantId !== toId)) {
      const existing = kept.get(seat.meetingId);
      if (existing) {
        await em.delete(MeetingParticipant, { id: seat.id });
        existing.sideCode ??= seat.sideCode;
        existing.role ??= seat.role;
        await em.update(MeetingParticipant, { id: existing.id }, { sideCode: existing.sideCode, role: existing.role });
      } else {
        await em.update(MeetingParticipant, { id: seat.id }, { participantId: toId });
        kept.set(seat.meetingId, { ...seat, participantId: toId });
      }
    }
  }

  /** Outcome attendance moves to the kept record (once per outcome); otherwise it would be deleted with the merged rows. */
  private async moveAttendance(em: EntityManager, fromIds: number[], toId: number): Promise<void> {
    const rows: { outcome_id: number | string; participant_id: number | string }[] = await em
      .createQueryBuilder()
      .select('a.outcome_id', 'outcome_id')
      .addSelect('a.participant_id', 'participant_id')
      .from('meeting_outcome_attendee', 'a')
      .where('a.participant_id IN (:...ids)', { ids: [...fromIds, toId] })
      .getRawMany();
    const already = new Set(rows.filter((r) => Number(r.participant_id) === toId).map((r) => Number(r.outcome_id)));
    const attendees = em.createQueryBuilder().relation(MeetingOutcome, 'attendees');
    for (const row of rows.filter((r) => Number(r.participant_id) !== toId)) {
      const outcomeId = Number(row.outcome_id);
      await attendees.of(outcomeId).remove(Number(row.participant_id));
      if (!already.has(outcomeId)) {
        await attendees.of(outcomeId).add(toId);
        already.add(outcomeId);
      }
    }
  }

  /** Briefing mentions move to the kept record; one it already has is dropped. */
  private async moveMentions(em: EntityManager, fromIds: number[], toId: number): Promise<void> {
    const mentions = await em.find(BriefingMention, { where: { participantId: In([...fromIds, toId]) }, order: { participantId: 'ASC' } });
    const kept = new Map(mentions.filter((m) => m.participantId === toId).map((m) => [m.briefingId, m]));
    for (const mention of mentions.filter((m) => m.participantId !== toId)) {
      const where = { briefingId: mention.briefingId, participantId: mention.participantId };
      const existing = kept.get(mention.briefingId);
      if (existing) {
        await em.delete(BriefingMention, where);
        if (existing.quote == null && mention.quote != null) {
          existing.quote = mention.quote;
          await em.update(BriefingMention, { briefingId: existing.briefingId, participantId: toId }, { quote: mention.quote });
        }
      } else {
        await em.update(BriefingMention, where, { participantId: toId });
        kept.set(mention.briefingId, { ...mention, participantId: toId });
      }
    }
  }
}

function notFound(id: number, index: number): never {
  throw new NotFoundError('Participant', id, `mergeIds.${index}`);
}

function applyFilter(qb: SelectQueryBuilder<Participant>, filter: ParticipantFilter): void {
  if (filter.search) {
    const like = likePattern(filter.search);
    qb.andWhere(
      new Brackets((w) =>
        w.where(`LOWER(p.name) LIKE :like ${LIKE_ESCAPE}`, { like }).orWhere(`LOWER(p.aliases) LIKE :like ${LIKE_ESCAPE}`).orWhere(`LOWER(p.post) LIKE :like ${LIKE_ESCAPE}`),
      ),
    );
  }
  if (filter.role?.length) qb.andWhere('p.role IN (:...roles)', { roles: filter.role });
  if (filter.organization) qb.andWhere('p.organizationId = :organization', { organization: parseId(filter.organization, 'filter.organization') });
  if (filter.country) qb.andWhere('p.countryCode = :country', { country: filter.country.toUpperCase() });
  if (filter.anonymous != null) qb.andWhere('p.anonymous = :anonymous', { anonymous: filter.anonymous });
}

function sortKeys(order: ParticipantOrder): SortKey<Participant>[] {
  const direction = order.direction ?? OrderDirection.ASC;
  if (order.field === ParticipantOrderField.CREATED_AT) return [{ expression: 'p.id', value: (p) => p.id, kind: 'number', direction }];
  return [{ expression: 'p.name', value: (p) => p.name, kind: 'string', direction }];
}

function blankToNull(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

/** Trimmed, without blanks, repeats (ignoring case) or the name itself, first spelling kept. */
export function normaliseAliases(name: string, aliases: string[]): string[] {
  const seen = new Set([name.trim().toLowerCase()]);
  const out: string[] = [];
  for (const alias of aliases.map((a) => a.trim()).filter(Boolean)) {
    const key = alias.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(alias);
    }
  }
  return out;
}
