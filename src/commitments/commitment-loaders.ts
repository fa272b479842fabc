import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { MeetingOutcome } from '../meetings/meeting.entity';
import { SourceSpan } from '../sources/source-span.entity';
import { Commitment, CommitmentEvent, CommitmentMeeting, CommitmentParty } from './commitment.entity';
import { buildTimeline } from './commitment-timeline';
import { MeetingCommitmentLink, TimelineEntry } from './dto/timeline.types';

/**
 * The DataLoader factories for commitments and the fields around them: commitments by id, the
 * parts of a commitment (parties, history, timeline), and the commitments linked to a
 * statement, meeting or meeting outcome. Each batches its keys into one query per request
 * (LoaderRegistry); the commitments connection of topics, participants and briefings is a
 * list with filters and sorting, in CommitmentQueriesService.connectionLoader.
 */
@Injectable()
export class CommitmentLoaders {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByIds(ids: readonly number[]): Promise<Commitment[]> {
    return this.dataSource.getRepository(Commitment).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Commitment | null>('commitments.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }

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
