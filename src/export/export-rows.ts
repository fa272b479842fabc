import { Injectable } from '@nestjs/common';
import { Briefing } from '../briefings/briefing.entity';
import { BriefingsService } from '../briefings/briefings.service';
import { Commitment, CommitmentParty } from '../commitments/commitment.entity';
import { CommitmentLoaders } from '../commitments/commitment-loaders';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { Meeting, MeetingParticipant } from '../meetings/meeting.entity';
import { MeetingsService } from '../meetings/meetings.service';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { Participant } from '../participants/participant.entity';
import { ParticipantsService } from '../participants/participants.service';
import { SourceSpan } from '../sources/source-span.entity';
import { SourceSpansService } from '../sources/source-spans.service';
import { Statement } from '../statements/statement.entity';
import { StatementsService } from '../statements/statements.service';
import { TopicsService } from '../topics/topics.service';
import { ExportKind } from './export-params';

/** Rows read per query: the most an export holds in memory at once. */
export const EXPORT_BATCH_SIZE = 1000;

export type CommitmentRow = { commitment: Commitment; topics: string[]; parties: { party: CommitmentParty; name: string }[]; sources: SourceSpan[]; sourceStatements: (Statement | null)[] };
export type StatementRow = { statement: Statement; briefing: Briefing | null; speaker: Participant | null; organization: Organization | null; topics: string[] };
export type MeetingRow = { meeting: Meeting; attendees: { seat: MeetingParticipant; person: Participant | null }[]; topics: string[] };

/**
 * One batch of an export's main list with what its rows show beside the record itself (topics,
 * parties, sources, speakers, attendees), read through the features' DataLoaders, fresh for
 * each batch, so memory holds one batch, never the export.
 */
@Injectable()
export class ExportRows {
  constructor(
    private readonly commitmentLoaders: CommitmentLoaders,
    private readonly statements: StatementsService,
    private readonly meetings: MeetingsService,
    private readonly topics: TopicsService,
    private readonly participants: ParticipantsService,
    private readonly organizations: OrganizationsService,
    private readonly briefings: BriefingsService,
    private readonly sources: SourceSpansService,
  ) {}

  /** The rows of one batch of `kind`. */
  of(kind: ExportKind, batch: unknown[]): Promise<(CommitmentRow | StatementRow | MeetingRow)[]> {
    if (kind === 'commitments') return this.commitmentRows(batch as Commitment[]);
    if (kind === 'statements') return this.statementRows(batch as Statement[]);
    return this.meetingRows(batch as Meeting[]);
  }

  async commitmentRows(batch: Commitment[]): Promise<CommitmentRow[]> {
    const loaders = new LoaderRegistry();
    const ids = batch.map((c) => c.id);
    const [topics, parties, sources] = await Promise.all([
      this.topics.linkedLoader(loaders, 'commitment_topic').loadMany(ids),
      this.commitmentLoaders.partiesLoader(loaders).loadMany(ids),
      this.sources.byCommitmentLoader(loaders).loadMany(ids),
    ]);
    const partyOrganizations = parties.flatMap((list) => (list instanceof Error ? [] : list.flatMap((p) => (p.organizationId !== null ? [p.organizationId] : []))));
    const sourceStatements = sources.flatMap((list) => (list instanceof Error ? [] : list.map((s) => s.statementId)));
    const [organizations, statements] = await Promise.all([
      this.organizations.byIdLoader(loaders).loadMany(partyOrganizations),
      this.statements.byIdLoader(loaders).loadMany(sourceStatements),
    ]);
    const organizationName = new Map(organizations.flatMap((o) => (o && !(o instanceof Error) ? [[o.id, o.name] as const] : [])));
    const statementById = new Map(statements.flatMap((s) => (s && !(s instanceof Error) ? [[s.id, s] as const] : [])));
    return batch.map((commitment, i) => {
      const spans = listOrThrow(sources[i]);
      return {
        commitment,
        topics: listOrThrow(topics[i]).map((t) => t.slug),
        parties: listOrThrow(parties[i]).map((party) => ({ party, name: party.organizationId !== null ? (organizationName.get(party.organizationId) ?? '') : party.countryCode! })),
        sources: spans,
        sourceStatements: spans.map((s) => statementById.get(s.statementId) ?? null),
      };
    });
  }

  async statementRows(batch: Statement[]): Promise<StatementRow[]> {
    const loaders = new LoaderRegistry();
    const ids = batch.map((s) => s.id);
    const speakerIds = [...new Set(batch.flatMap((s) => (s.speakerId !== null ? [s.speakerId] : [])))];
    const [topics, briefings, speakers] = await Promise.all([
      this.topics.linkedLoader(loaders, 'statement_topic').loadMany(ids),
      this.briefings.byIdLoader(loaders).loadMany([...new Set(batch.map((s) => s.briefingId))]),
      this.participants.byIdLoader(loaders).loadMany(speakerIds),
    ]);
    const briefingById = new Map(briefings.flatMap((b) => (b && !(b instanceof Error) ? [[b.id, b] as const] : [])));
    const speakerById = new Map(speakers.flatMap((p) => (p && !(p instanceof Error) ? [[p.id, p] as const] : [])));
    const organizationIds = [...new Set([...speakerById.values()].flatMap((p) => (p.organizationId !== null ? [p.organizationId] : [])))];
    const organizations = await this.organizations.byIdLoader(loaders).loadMany(organizationIds);
    const organizationById = new Map(organizations.flatMap((o) => (o && !(o instanceof Error) ? [[o.id, o] as const] : [])));
    return batch.map((statement, i) => {
      const speaker = statement.speakerId !== null ? (speakerById.get(statement.speakerId) ?? null) : null;
      return {
        statement,
        briefing: briefingById.get(statement.briefingId) ?? null,
        speaker,
        organization: speaker?.organizationId != null ? (organizationById.get(speaker.organizationId) ?? null) : null,
        topics: listOrThrow(topics[i]).map((t) => t.slug),
      };
    });
  }

  async meetingRows(batch: Meeting[]): Promise<MeetingRow[]> {
    const loaders = new LoaderRegistry();
    const ids = batch.map((m) => m.id);
    const [topics, seats] = await Promise.all([
      this.topics.linkedLoader(loaders, 'meeting_topic').loadMany(ids),
      this.meetings.participantsLoader(loaders).loadMany(ids),
    ]);
    const personIds = [...new Set(seats.flatMap((list) => (list instanceof Error ? [] : list.map((s) => s.participantId))))];
    const persons = await this.participants.byIdLoader(loaders).loadMany(personIds);
    const personById = new Map(persons.flatMap((p) => (p && !(p instanceof Error) ? [[p.id, p] as const] : [])));
    return batch.map((meeting, i) => ({
      meeting,
      topics: listOrThrow(topics[i]).map((t) => t.slug),
      attendees: listOrThrow(seats[i]).map((seat) => ({ seat, person: personById.get(seat.participantId) ?? null })),
    }));
  }
}

/** A DataLoader result that must be a list (a failed key is rethrown). */
export function listOrThrow<T>(value: T[] | Error): T[] {
  if (value instanceof Error) throw value;
  return value;
}
