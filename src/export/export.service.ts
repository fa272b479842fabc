import { Injectable } from '@nestjs/common';
import { Briefing } from '../briefings/briefing.entity';
import { BriefingsService } from '../briefings/briefings.service';
import { Commitment, CommitmentParty } from '../commitments/commitment.entity';
import { complianceScoreOf, isOverdue, todayIso } from '../commitments/commitment-rules';
import { CommitmentLoaders } from '../commitments/commitment-loaders';
import { CommitmentQueriesService } from '../commitments/commitment-queries.service';
import { CommitmentsArgs } from '../commitments/dto/commitments.args';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult } from '../common/pagination/connection.types';
import { CountriesService } from '../countries/countries.service';
import { MeetingsArgs } from '../meetings/dto/meetings.args';
import { Meeting, MeetingParticipant } from '../meetings/meeting.entity';
import { MeetingsService } from '../meetings/meetings.service';
import { Organization } from '../organizations/organization.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { Participant } from '../participants/participant.entity';
import { ParticipantsService } from '../participants/participants.service';
import { SourceSpan } from '../sources/source-span.entity';
import { SourceSpansService } from '../sources/source-spans.service';
import { StatementsArgs } from '../statements/dto/statements.args';
import { Statement } from '../statements/statement.entity';
import { StatementsService } from '../statements/statements.service';
import { TopicsService } from '../topics/topics.service';
import { HeavyReads } from '../database/heavy-reads';
import { CsvValue, csvRecord, joinList } from './csv';
import { ExportFormat, ExportKind, ExportQuery, parseExportParams, RawParams } from './export-params';
import * as popolo from './popolo';

/** Rows read per query: the most an export holds in memory at once. */
export const EXPORT_BATCH_SIZE = 1000;
/** Briefings carry their whole text: fewer of them per query. */
const BRIEFING_BATCH_SIZE = 100;

/** An export ready to be written: nothing but its first batch has been read yet. */
export interface ExportStream {
  kind: ExportKind;
  format: ExportFormat;
  contentType: string;
  filename: string;
  /** The document, one chunk per batch; reads the next batch only when the previous chunk is taken. */
  chunks: AsyncIterable<string>;
  /** Rows and batches (list queries) read so far. */
  stats: { rows: number; batches: number };
}

type CommitmentRow = { commitment: Commitment; topics: string[]; parties: { party: CommitmentParty; name: string }[]; sources: SourceSpan[]; sourceStatements: (Statement | null)[] };
type StatementRow = { statement: Statement; briefing: Briefing | null; speaker: Participant | null; organization: Organization | null; topics: string[] };
type MeetingRow = { meeting: Meeting; attendees: { seat: MeetingParticipant; person: Participant | null }[]; topics: string[] };

/** Everything a Popolo document refers to beside its main list, by id: written after it. */
class References {
  readonly speeches = new Set<number>();
  readonly briefings = new Set<number>();
  readonly persons = new Set<number>();
  readonly organizations = new Set<number>();
  readonly areas = new Set<string>();
}

/**
 * Streams commitments, statements and meetings as CSV or Popolo-style JSON, filtered and ordered
 * exactly as the API lists them: each batch is one page of the feature's own list() (keyset
 * pagination, EXPORT_BATCH_SIZE rows), and its related records come through the features'
 * DataLoaders, fresh for each batch, so memory holds one batch, never the export.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly commitments: CommitmentQueriesService,
    private readonly commitmentLoaders: CommitmentLoaders,
    private readonly statements: StatementsService,
    private readonly meetings: MeetingsService,
    private readonly topics: TopicsService,
    private readonly participants: ParticipantsService,
    private readonly organizations: OrganizationsService,
    private readonly briefings: BriefingsService,
    private readonly countries: CountriesService,
    private readonly sources: SourceSpansService,
    private readonly heavyReads: HeavyReads,
  ) {}

  /**
   * Checks the parameters and reads the first batch, so a bad filter fails (BAD_USER_INPUT)
   * before a byte is written; the rest is read as the returned chunks are consumed.
   */
  async open(kind: ExportKind, format: ExportFormat, params: RawParams, batchSize = EXPORT_BATCH_SIZE): Promise<ExportStream> {
    const query = await parseExportParams(kind, params);
    const stats = { rows: 0, batches: 0 };
    const pages = this.pages(kind, query, batchSize, stats);
    const first = await pages.next();
    const batches = (async function* () {
      if (!first.done) yield first.value;
      yield* pages;
    })();
    const today = todayIso();
    return {
      kind,
      format,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
      filename: `${kind}.${format}`,
      chunks: format === 'csv' ? this.csv(kind, batches, today) : this.popolo(kind, query, batches, today),
      stats,
    };
  }

  // ---------------------------------------------------------------- reading

  /** The feature's own list, page after page (keyset cursors), until there is no next page. */
  private async *pages(kind: ExportKind, query: ExportQuery, size: number, stats: ExportStream['stats']): AsyncGenerator<unknown[]> {
    let after: string | null = null;
    for (;;) {
      const args = { first: size, after, filter: query.filter, orderBy: query.orderBy };
      // Each page's SQL off the event loop (HeavyReads: the read pool on SQLite), under a time
      // budget of its own: a page that sorts every row (statements by position on 1M rows: about
      // 0.4 s) no longer holds everyone else.
      const page: ConnectionResult<{ id: number }> = await this.heavyReads.scope(() =>
        kind === 'commitments'
          ? this.commitments.list(args as CommitmentsArgs)
          : kind === 'statements'
            ? this.statements.list(args as StatementsArgs)
            : this.meetings.list(args as MeetingsArgs),
      );
      stats.batches++;
      stats.rows += page.nodes.length;
      if (page.nodes.length) yield page.nodes;
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
      after = page.pageInfo.endCursor;
    }
  }

  private async commitmentRows(batch: Commitment[]): Promise<CommitmentRow[]> {
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
      const spans = ok(sources[i]);
      return {
        commitment,
        topics: ok(topics[i]).map((t) => t.slug),
        parties: ok(parties[i]).map((party) => ({ party, name: party.organizationId !== null ? (organizationName.get(party.organizationId) ?? '') : party.countryCode! })),
        sources: spans,
        sourceStatements: spans.map((s) => statementById.get(s.statementId) ?? null),
      };
    });
  }

  private async statementRows(batch: Statement[]): Promise<StatementRow[]> {
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
        topics: ok(topics[i]).map((t) => t.slug),
      };
    });
  }

  private async meetingRows(batch: Meeting[]): Promise<MeetingRow[]> {
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
      topics: ok(topics[i]).map((t) => t.slug),
      attendees: ok(seats[i]).map((seat) => ({ seat, person: personById.get(seat.participantId) ?? null })),
    }));
  }

  // ---------------------------------------------------------------- CSV

  private async *csv(kind: ExportKind, batches: AsyncIterable<unknown[]>, today: string): AsyncGenerator<string> {
    const columns = CSV_COLUMNS[kind](today);
    yield csvRecord(columns.map(([header]) => header));
    for await (const batch of batches) {
      const rows = await this.rowsOf(kind, batch);
      yield rows.map((row) => csvRecord(columns.map(([, value]) => value(row as never)))).join('');
    }
  }

  private rowsOf(kind: ExportKind, batch: unknown[]): Promise<(CommitmentRow | StatementRow | MeetingRow)[]> {
    if (kind === 'commitments') return this.commitmentRows(batch as Commitment[]);
    if (kind === 'statements') return this.statementRows(batch as Statement[]);
    return this.meetingRows(batch as Meeting[]);
  }

  // ---------------------------------------------------------------- Popolo JSON

  /**
   * `{ meta, <main list>, ...what it refers to }`: the main list streams batch by batch while
   * the ids it refers to are collected; then the persons, organizations, memberships, posts,
   * events (briefings) and areas are read by id, in batches, and written after it.
   */
  private async *popolo(kind: ExportKind, query: ExportQuery, batches: AsyncIterable<unknown[]>, today: string): AsyncGenerator<string> {
    const refs = new References();
    const meta = { kind, format: 'popolo', generated_at: new Date().toISOString(), filter: query.filter, order_by: query.orderBy };
    yield `{"meta":${JSON.stringify(meta)}`;
    const main = kind === 'commitments' ? 'commitments' : kind === 'statements' ? 'speeches' : 'events';
    yield* jsonArray(main, this.mainItems(kind, batches, refs, today));
    if (kind === 'commitments') yield* jsonArray('speeches', this.speechesById(refs));
    if (refs.briefings.size) yield* jsonArray('events', this.byIds(refs.briefings, BRIEFING_BATCH_SIZE, (ids) => this.briefings.findByIds(ids), popolo.briefingEvent));
    yield* jsonArray(
      'persons',
      this.byIds(refs.persons, EXPORT_BATCH_SIZE, (ids) => this.participants.findByIds(ids), (p) => {
        if (p.organizationId !== null) refs.organizations.add(p.organizationId);
        if (p.countryCode) refs.areas.add(p.countryCode);
        return popolo.person(p);
      }),
    );
    yield* jsonArray(
      'organizations',
      this.byIds(refs.organizations, EXPORT_BATCH_SIZE, (ids) => this.organizations.findByIds(ids), (o) => {
        if (o.countryCode) refs.areas.add(o.countryCode);
        return popolo.organization(o);
      }),
    );
    yield* jsonArray('memberships', this.byIds(refs.persons, EXPORT_BATCH_SIZE, (ids) => this.participants.findByIds(ids), popolo.membership));
    const posts = new Set<string>();
    yield* jsonArray(
      'posts',
      this.byIds(refs.persons, EXPORT_BATCH_SIZE, (ids) => this.participants.findByIds(ids), (p) => {
        const item = popolo.post(p);
        if (!item || posts.has(item.id)) return null;
        posts.add(item.id);
        return item;
      }),
    );
    const countries = (await this.countries.findAll()).filter((c) => refs.areas.has(c.code));
    yield* jsonArray('areas', (async function* () {
      yield countries.map(popolo.area);
    })());
    yield '}\n';
  }

  /** The main list's items, batch by batch, noting what each refers to. */
  private async *mainItems(kind: ExportKind, batches: AsyncIterable<unknown[]>, refs: References, today: string): AsyncGenerator<object[]> {
    for await (const batch of batches) {
      if (kind === 'commitments') {
        yield (await this.commitmentRows(batch as Commitment[])).map((row) => {
          for (const p of row.parties) {
            if (p.party.organizationId !== null) refs.organizations.add(p.party.organizationId);
            if (p.party.countryCode) refs.areas.add(p.party.countryCode);
          }
          for (const s of row.sources) refs.speeches.add(s.statementId);
          const c = row.commitment;
          return popolo.commitment(c, {
            topics: row.topics,
            parties: row.parties.map((p) => p.party),
            sources: row.sources,
            overdue: isOverdue(c, today),
            complianceScore: complianceScoreOf(c.status),
          });
        });
      } else if (kind === 'statements') {
        yield (await this.statementRows(batch as Statement[])).map((row) => this.noteSpeech(row.statement, row.briefing?.date ?? null, row.topics, refs));
      } else {
        yield (await this.meetingRows(batch as Meeting[])).map((row) => {
          for (const a of row.attendees) {
            refs.persons.add(a.seat.participantId);
            if (a.seat.sideCode) refs.areas.add(a.seat.sideCode);
          }
          return popolo.meetingEvent(row.meeting, row.attendees.map((a) => a.seat), row.topics);
        });
      }
    }
  }

  /** The statements commitments quote, read by id in batches. */
  private async *speechesById(refs: References): AsyncGenerator<object[]> {
    for (const ids of chunks([...refs.speeches].sort((a, b) => a - b), EXPORT_BATCH_SIZE)) {
      const loaders = new LoaderRegistry();
      const statements = (await this.statements.findByIds(ids)).sort((a, b) => a.id - b.id);
      const [topics, briefings] = await Promise.all([
        this.topics.linkedLoader(loaders, 'statement_topic').loadMany(statements.map((s) => s.id)),
        this.briefings.byIdLoader(loaders).loadMany([...new Set(statements.map((s) => s.briefingId))]),
      ]);
      const dateOf = new Map(briefings.flatMap((b) => (b && !(b instanceof Error) ? [[b.id, b.date] as const] : [])));
      yield statements.map((s, i) => this.noteSpeech(s, dateOf.get(s.briefingId) ?? null, ok(topics[i]).map((t) => t.slug), refs));
    }
  }

  private noteSpeech(s: Statement, date: string | null, topics: string[], refs: References) {
    refs.briefings.add(s.briefingId);
    if (s.speakerId !== null) refs.persons.add(s.speakerId);
    return popolo.speech(s, date, topics);
  }

  /** Records read by id in batches (in id order), each mapped to an item or skipped (null). */
  private async *byIds<T, K extends number>(
    ids: Set<K>,
    size: number,
    load: (ids: K[]) => Promise<(T & { id: K })[]>,
    map: (row: T) => object | null,
  ): AsyncGenerator<object[]> {
    for (const chunk of chunks([...ids].sort((a, b) => a - b), size)) {
      const rows = (await load(chunk)).sort((a, b) => a.id - b.id);
      yield rows.flatMap((row) => map(row) ?? []);
    }
  }
}

/** `,"key":[ item, item, ... ]`, one chunk a batch. */
async function* jsonArray(key: string, batches: AsyncIterable<object[]>): AsyncGenerator<string> {
  yield `,${JSON.stringify(key)}:[`;
  let first = true;
  for await (const items of batches) {
    if (!items.length) continue;
    yield `${first ? '\n' : ',\n'}${items.map((item) => JSON.stringify(item)).join(',\n')}`;
    first = false;
  }
  yield first ? ']' : '\n]';
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A DataLoader result that must be a list (a failed key is rethrown). */
function ok<T>(value: T[] | Error): T[] {
  if (value instanceof Error) throw value;
  return value;
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

type Column<R> = [string, (row: R) => CsvValue];

/** The CSV columns of each kind (snake_case headers; lists joined with "; "). */
const CSV_COLUMNS: Record<ExportKind, (today: string) => Column<never>[]> = {
  commitments: (today): Column<CommitmentRow>[] => [
    ['id', (r) => r.commitment.id],
    ['title', (r) => r.commitment.title],
    ['text', (r) => r.commitment.text],
    ['kind', (r) => r.commitment.kind],
    ['status', (r) => r.commitment.status],
    ['due_date', (r) => r.commitment.dueDate],
    ['due_date_precision', (r) => r.commitment.dueDatePrecision],
    ['overdue', (r) => isOverdue(r.commitment, today)],
    ['compliance_score', (r) => complianceScoreOf(r.commitment.status)],
    ['dialogue_id', (r) => r.commitment.dialogueId],
    ['topics', (r) => joinList(r.topics)],
    ['parties', (r) => joinList(r.parties.map((p) => `${p.name} (${p.party.status})`))],
    ['source_briefing_ids', (r) => joinList([...new Set(r.sourceStatements.map((s) => s?.briefingId))])],
    ['source_statement_ids', (r) => joinList(r.sources.map((s) => s.statementId))],
    ['source_quotes', (r) => r.sources.map((s) => s.quote).join('\n')],
    ['version', (r) => r.commitment.version],
    ['created_by', (r) => r.commitment.createdBy],
    ['created_at', (r) => iso(r.commitment.createdAt)],
    ['updated_at', (r) => iso(r.commitment.updatedAt)],
  ],
  statements: (): Column<StatementRow>[] => [
    ['id', (r) => r.statement.id],
    ['briefing_id', (r) => r.statement.briefingId],
    ['briefing_date', (r) => r.briefing?.date],
    ['briefing_title', (r) => r.briefing?.title],
    ['turn_index', (r) => r.statement.turnIndex],
    ['paragraph_index', (r) => r.statement.paragraphIndex],
    ['kind', (r) => r.statement.kind],
    ['speaker_id', (r) => r.statement.speakerId],
    ['speaker_name', (r) => r.speaker?.name],
    ['speaker_label', (r) => r.statement.speakerLabel],
    ['speaker_organization', (r) => r.organization?.name],
    ['topics', (r) => joinList(r.topics)],
    ['text', (r) => r.statement.text],
  ],
  meetings: (): Column<MeetingRow>[] => [
    ['id', (r) => r.meeting.id],
    ['title', (r) => r.meeting.title],
    ['kind', (r) => r.meeting.kind],
    ['status', (r) => r.meeting.status],
    ['date', (r) => r.meeting.date],
    ['location', (r) => r.meeting.location],
    ['dialogue_id', (r) => r.meeting.dialogueId],
    ['topics', (r) => joinList(r.topics)],
    ['participants', (r) => joinList(r.attendees.map((a) => `${a.person?.name ?? a.seat.participantId}${seatNote(a.seat)}`))],
    ['created_at', (r) => iso(r.meeting.createdAt)],
    ['updated_at', (r) => iso(r.meeting.updatedAt)],
  ],
} as Record<ExportKind, (today: string) => Column<never>[]>;

/** " (MX, host)": a seat's side and role, when known. */
function seatNote(seat: MeetingParticipant): string {
  const parts = [seat.sideCode, seat.role].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
