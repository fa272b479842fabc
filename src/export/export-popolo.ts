import { Injectable } from '@nestjs/common';
import { BriefingsService } from '../briefings/briefings.service';
import { Commitment } from '../commitments/commitment.entity';
import { complianceScoreOf, isOverdue } from '../commitments/commitment-rules';
import { LoaderRegistry } from '../common/loaders/loader-registry';
import { CountriesService } from '../countries/countries.service';
import { Meeting } from '../meetings/meeting.entity';
import { OrganizationsService } from '../organizations/organizations.service';
import { ParticipantsService } from '../participants/participants.service';
import { Statement } from '../statements/statement.entity';
import { StatementsService } from '../statements/statements.service';
import { TopicsService } from '../topics/topics.service';
import { ExportKind, ExportQuery } from './export-params';
import { EXPORT_BATCH_SIZE, ExportRows, listOrThrow } from './export-rows';
import * as popolo from './popolo';

/** Briefings carry their whole text: fewer of them per query. */
const BRIEFING_BATCH_SIZE = 100;

/** Everything a Popolo document refers to beside its main list, by id: written after it. */
class References {
  readonly speeches = new Set<number>();
  readonly briefings = new Set<number>();
  readonly persons = new Set<number>();
  readonly organizations = new Set<number>();
  readonly areas = new Set<string>();
}

/**
 * The Popolo-style JSON document of an export: the main list (commitments, speeches or events)
 * streamed batch by batch, then every record it refers to, read by id in batches.
 */
@Injectable()
export class PopoloExport {
  constructor(
    private readonly rows: ExportRows,
    private readonly statements: StatementsService,
    private readonly topics: TopicsService,
    private readonly participants: ParticipantsService,
    private readonly organizations: OrganizationsService,
    private readonly briefings: BriefingsService,
    private readonly countries: CountriesService,
  ) {}

  /**
   * `{ meta, <main list>, ...what it refers to }`: the main list streams batch by batch while
   * the ids it refers to are collected; then the persons, organizations, memberships, posts,
   * events (briefings) and areas are read by id, in batches, and written after it.
   */
  async *document(kind: ExportKind, query: ExportQuery, batches: AsyncIterable<unknown[]>, today: string): AsyncGenerator<string> {
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
        yield (await this.rows.commitmentRows(batch as Commitment[])).map((row) => {
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
        yield (await this.rows.statementRows(batch as Statement[])).map((row) => this.noteSpeech(row.statement, row.briefing?.date ?? null, row.topics, refs));
      } else {
        yield (await this.rows.meetingRows(batch as Meeting[])).map((row) => {
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
      yield statements.map((s, i) => this.noteSpeech(s, dateOf.get(s.briefingId) ?? null, listOrThrow(topics[i]).map((t) => t.slug), refs));
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
