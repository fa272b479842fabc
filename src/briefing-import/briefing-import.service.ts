import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Briefing, BriefingMention } from '../briefings/briefing.entity';
import { briefingTextSha256 } from '../briefings/briefing-text';
import { CandidatePartyRef, CandidateState, CommitmentCandidate } from '../candidates/commitment-candidate.entity';
import { CandidatesService } from '../candidates/candidates.service';
import { CommitmentKind, DatePrecision } from '../commitments/commitment.enums';
import { BadUserInputError } from '../common/errors/domain-errors';
import { escapeLike, LIKE_ESCAPE } from '../common/sql/like';
import { Country } from '../countries/country.entity';
import { Dialogue } from '../dialogues/dialogue.entity';
import { EventsService } from '../events/events.service';
import { DialoguesService } from '../dialogues/dialogues.service';
import { Meeting, MeetingKind, MeetingParticipant, MeetingStatus, MeetingTopic } from '../meetings/meeting.entity';
import { Organization, OrganizationKind } from '../organizations/organization.entity';
import { Participant, ParticipantRole } from '../participants/participant.entity';
import { SourceSpan } from '../sources/source-span.entity';
import { Statement, StatementKind, StatementTopic } from '../statements/statement.entity';
import { Topic } from '../topics/topic.entity';
import { IngestBriefingInput } from './dto/ingest-briefing.input';
import { IngestCounts, IngestPreview, IngestResult } from './dto/ingest-result.types';
import { IngestInputError } from '../ingest/errors';
import { findSamePerson, samePerson } from '../ingest/identity';
import { lexiconKey, parseBriefing } from '../ingest/index';
import { insertRows, selectRows } from './lean-sql';
import { IngestOptions, ParsedBriefing, ParsedMeeting, ParsedOrganization, ParsedPerson, TopicLexiconEntry } from '../ingest/ingest.types';
import { defaultParseWorkers, ParsePool } from '../ingest/parse-pool';
import { replaceLoneSurrogates } from '../ingest/text-input';

export { DEFAULT_INGEST_MAX_BYTES } from '../config/security.config';
import { DEFAULT_INGEST_MAX_BYTES } from '../config/security.config';
/** A text ingested one at a time (the API) from this many bytes on is parsed in a worker thread. */
export const DEFAULT_INGEST_WORKER_MIN_BYTES = 64 * 1024;

/** A briefing parsed ahead of its write (in a parse worker), with the lexicon it was tagged from. */
export interface PreParsed {
  parsed: ParsedBriefing;
  /** lexiconKey() of the topics it was parsed with. */
  lexiconKey: string;
}

/** One text of a bulk ingest: its result, or the error that stopped it (nothing of it was written). */
export type BulkOutcome = { index: number; ms: number } & ({ result: IngestResult } | { error: unknown });

type Prepared = { input: IngestBriefingInput; parsed: PreParsed | null } | { error: unknown };

const emptyCounts = (): IngestCounts => ({ statements: 0, participants: 0, organizations: 0, meetings: 0, topicTags: 0, candidates: 0, commitments: 0 });

/**
 * Turns a transcript into records: one transaction per briefing, idempotent by the SHA-256 of
 * the text with line endings and spaces normalised (the text itself is stored as given). The parsing itself is the pure library beside this file; this service only matches
 * what it found against the database and writes it.
 */
/** How long the parse workers of single large ingests are kept without work. */
const PARSE_POOL_IDLE_MS = 30_000;

@Injectable()
export class BriefingImportService implements OnModuleDestroy {
  private readonly logger = new Logger(BriefingImportService.name);
  /** The worker threads that parse large texts ingested one at a time; started on the first. */
  private pool: ParsePool | null = null;
  /** Closes the pool once no large text came for PARSE_POOL_IDLE_MS. */
  private poolIdle: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dialogues: DialoguesService,
    private readonly candidates: CandidatesService,
    private readonly events: EventsService,
  ) {}

  /** The briefing's identity: the same text with other line endings, NBSP or trailing spaces is the same briefing. */
  static sha256(text: string): string {
    return briefingTextSha256(text);
  }

  maxBytes(): number {
    const configured = Number(process.env.INGEST_MAX_BYTES);
    return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_INGEST_MAX_BYTES;
  }

  /** INGEST_WORKER_MIN_BYTES: from this size on, `ingest` parses off the event loop (0: never). */
  workerMinBytes(): number {
    const configured = Number(process.env.INGEST_WORKER_MIN_BYTES);
    return process.env.INGEST_WORKER_MIN_BYTES && Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_INGEST_WORKER_MIN_BYTES;
  }

  async onModuleDestroy(): Promise<void> {
    await this.closePool();
  }

  private async closePool(): Promise<void> {
    if (this.poolIdle) clearTimeout(this.poolIdle);
    this.poolIdle = null;
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  /**
   * A worker's heap keeps the size its largest parse needed (a 2 MB briefing left the server
   * 200 MB larger): the pool is closed once idle and started again for the next large text. A
   * parse still in flight then finishes on this thread, with the same result.
   */
  private closePoolWhenIdle(): void {
    if (this.poolIdle) clearTimeout(this.poolIdle);
    this.poolIdle = setTimeout(() => void this.closePool(), PARSE_POOL_IDLE_MS);
    this.poolIdle.unref();
  }

  /**
   * Ingests one text in one transaction. `prepared` is the same text already parsed (by a parse
   * worker); it is used only if it was tagged from the topics as they are now, else the text is
   * parsed again here, so an edited topic or keyword always reaches the next ingest. A text of
   * `workerMinBytes()` or more is parsed in a worker thread, so the server answers other
   * requests meanwhile (a 2 MB briefing takes a second or more); the writes stay on this thread.
   */
  async ingest(input: IngestBriefingInput, actor: string, prepared?: PreParsed | null, acceptWhere?: (candidate: CommitmentCandidate) => boolean): Promise<IngestResult> {
    return (await this.ingestWith(input, actor, prepared ?? null, true, acceptWhere)).result;
  }

  /**
   * Ingests many texts, in order, each in its own transaction (a failed one leaves nothing and
   * the others still go in), yielding each outcome as it is written. The next texts are read and
   * parsed in worker threads meanwhile, which changes nothing in what is written: the same rows
   * as one `ingest` after another. The threads: `pool` (the caller's, left open), else `workers`
   * new ones (default one fewer than the cores; 0 parses on this thread).
   *
   * `deferSync` (SQLite): the commits of the run are not flushed to disk one by one (a flush costs
   * more than writing a briefing) but by SQLite's checkpoints during the run and one at its end,
   * before the generator finishes. Each text stays atomic, and a crash of the process loses
   * nothing committed; a power cut during the run may lose the texts committed since the last
   * checkpoint (whole texts: never half of one), which a second run ingests again. It changes
   * the connection's setting (not the database file's) for the run: meant for a process of its
   * own, the CLI.
   */
  async *ingestAll(
    inputs: Array<() => IngestBriefingInput>,
    actor: string,
    options: { pool?: ParsePool; workers?: number; deferSync?: boolean } = {},
  ): AsyncGenerator<BulkOutcome> {
    const pool = options.pool ?? new ParsePool(options.workers ?? (inputs.length > 1 ? defaultParseWorkers() : 0));
    let flush: (() => Promise<void>) | null = null;
    try {
      if (options.deferSync) flush = await this.deferSync();
      let lexicon = await this.lexicon();
      let key = lexiconKey(lexicon);
      // texts read and handed to the workers ahead of the one being written
      const depth = pool.size * 2;
      const ahead: Array<Promise<Prepared>> = [];
      let next = 0;
      for (let i = 0; i < inputs.length; i++) {
        while (next < inputs.length && next <= i + depth) ahead.push(this.prepare(inputs[next++], pool, lexicon, key));
        const t0 = performance.now();
        const slot = await ahead.shift()!;
        if ('error' in slot) {
          yield { index: i, ms: performance.now() - t0, error: slot.error };
          continue;
        }
        let outcome: BulkOutcome;
        try {
          const done = await this.ingestWith(slot.input, actor, slot.parsed);
          // the topics changed during the run: parse what comes next with the new ones
          if (done.lexicon && done.lexicon.key !== key) ({ entries: lexicon, key } = done.lexicon);
          outcome = { index: i, ms: performance.now() - t0, result: done.result };
        } catch (error) {
          outcome = { index: i, ms: performance.now() - t0, error };
        }
        yield outcome;
      }
    } finally {
      if (!options.pool) await pool.close();
      await flush?.();
    }
  }

  /**
   * Lowers SQLite's `synchronous` from FULL (or EXTRA) to NORMAL on this connection: in WAL mode
   * a commit is then written but not fsynced, and checkpoints fsync. Returns what restores the
   * level and flushes every commit made meanwhile (a FULL checkpoint: it waits for readers
   * still on older snapshots, syncs the log, copies it into the database and syncs that).
   */
  private async deferSync(): Promise<(() => Promise<void>) | null> {
    if (this.dataSource.options.type !== 'better-sqlite3') return null;
    const [{ synchronous: level }] = (await this.dataSource.query('PRAGMA synchronous')) as Array<{ synchronous: number }>;
    if (level < 2) return null; // NORMAL or OFF already: nothing to defer
    await this.dataSource.query('PRAGMA synchronous = NORMAL');
    return async () => {
      await this.dataSource.query(`PRAGMA synchronous = ${level}`);
      const [result] = (await this.dataSource.query('PRAGMA wal_checkpoint(FULL)')) as Array<{ busy: number; log: number; checkpointed: number }>;
      if (result?.busy) this.logger.warn(`The last briefings are committed but not yet flushed to disk (the database stayed busy); the next checkpoint will flush them`);
    };
  }

  /** Reads one input and starts its parse in a worker; never rejects (a failure is the outcome). */
  private async prepare(read: () => IngestBriefingInput, pool: ParsePool, lexicon: TopicLexiconEntry[], key: string): Promise<Prepared> {
    let input: IngestBriefingInput;
    try {
      input = read();
    } catch (error) {
      return { error };
    }
    // text that will be refused is not worth a worker's time; the write step refuses it
    const clean = BriefingImportService.wellFormed(input).input;
    if (!pool.size || this.textProblem(clean.text)) return { input, parsed: null };
    const parsed = await pool.parse(clean.text, this.parseOptions(clean, lexicon));
    return { input, parsed: parsed && { parsed, lexiconKey: key } };
  }

  private async ingestWith(
    input: IngestBriefingInput,
    actor: string,
    prepared: PreParsed | null,
    offThread = false,
    acceptWhere?: (candidate: CommitmentCandidate) => boolean,
  ): Promise<{ result: IngestResult; lexicon?: { entries: TopicLexiconEntry[]; key: string } }> {
    // before anything is hashed, parsed or counted in it
    const wellFormed = BriefingImportService.wellFormed(input);
    input = wellFormed.input;
    this.checkText(input.text);
    const textSha256 = BriefingImportService.sha256(input.text);

    const [known] = await selectRows(this.dataSource.manager, Briefing, 'SELECT id FROM briefing WHERE text_sha256 = :textSha256', { textSha256 });
    const existing = known ? await this.dataSource.getRepository(Briefing).findOneBy({ id: known.id }) : null;
    if (existing) {
      const result: IngestResult = {
        briefing: existing,
        created: emptyCounts(),
        candidates: await this.dataSource.getRepository(CommitmentCandidate).find({ where: { briefingId: existing.id }, order: { id: 'ASC' } }),
        warnings: [...wellFormed.warnings, `This text was already ingested as briefing ${existing.id}; nothing was created`],
        dryRun: Boolean(input.dryRun),
        alreadyIngested: true,
        preview: null,
      };
      return { result };
    }

    const entries = await this.lexicon();
    const lexicon = { entries, key: lexiconKey(entries) };
    const parsed = prepared && prepared.lexiconKey === lexicon.key ? prepared.parsed : await this.parseText(input, entries, offThread);
    const warnings = [...wellFormed.warnings, ...parsed.warnings];
    if (!parsed.statements.length) warnings.push('No statements were found in the text');

    if (input.dryRun) return { result: await this.preview(parsed, warnings, input.sourceUrl ?? null), lexicon };

    const result = await this.events.transaction(async (em, events): Promise<IngestResult> => {
      const counts = emptyCounts();
      const dialogueId = await this.dialogueFor(em, input.dialogueId);
      const writer = await IngestWriter.open(em, counts, parsed);
      const people = await writer.resolvePeople([...parsed.speakers, ...parsed.mentioned]);

      const header = parsed.header;
      const title = input.title?.trim() || header.title || `Untitled briefing ${textSha256.slice(0, 8)}`;
      if (!input.title && !header.title) warnings.push('No title found in the text; a placeholder title was used');
      const date = input.date ?? header.date ?? null;
      if (!date) warnings.push('No date found in the header; relative dates could not be resolved');
      const now = new Date();
      const briefing = em.create(Briefing, {
        title,
        kind: header.kind,
        date,
        location: header.location,
        medium: header.medium,
        sourceUrl: input.sourceUrl ?? header.sourceUrl ?? null,
        startTime: header.startTime,
        endTime: header.endTime,
        text: input.text,
        textSha256,
        dialogueId,
        createdBy: actor,
        createdAt: now,
      });
      [{ id: briefing.id }] = await insertRows(em, Briefing, [briefing], { returning: ['id'] });

      const statementIds = await writer.insertStatements(briefing.id, people);
      await writer.insertTopicTags(statementIds);

      const speakerKeys = new Set(parsed.speakers.map((p) => p.key));
      const mentions = dedupeBy(
        parsed.mentioned.filter((p) => !speakerKeys.has(p.key)).map((p) => ({ briefingId: briefing.id, participantId: people.get(p.key)!, quote: p.aliases[0] ?? p.name })),
        (m) => m.participantId,
      );
      await insertRows(em, BriefingMention, mentions);

      await writer.recordMeetings(
        parsed.meetings.map((meeting) => ({ meeting, participants: meeting.sides.flatMap((side) => side.personKeys.map((k) => ({ id: people.get(k)!, side: side.country }))) })),
        dialogueId,
        statementIds,
      );

      const candidates = await writer.insertCandidates(briefing.id, statementIds, now);
      // acceptAll: every candidate; acceptWhere (the demo data): those a careful reviewer would take
      const accept = acceptWhere ?? (input.acceptAll ? () => true : null);
      if (accept) {
        for (const candidate of candidates) {
          if (!accept(candidate)) continue;
          await this.candidates.acceptWithin(em, events, candidate, {}, actor);
          counts.commitments++;
        }
      }
      this.logger.log(`Ingested briefing ${briefing.id} "${title}": ${counts.statements} statements, ${counts.candidates} candidates`);
      return { briefing, created: counts, candidates, warnings, dryRun: false, alreadyIngested: false, preview: null };
    });
    return { result, lexicon };
  }

  /** The topics as ingest's tagging lexicon (editable through the API). */
  async lexicon(): Promise<TopicLexiconEntry[]> {
    const topics = await selectRows(this.dataSource.manager, Topic, 'SELECT id, slug, title, parent_id, keywords FROM topic ORDER BY id');
    const slugById = new Map(topics.map((t) => [t.id, t.slug]));
    return topics.map((t) => ({ slug: t.slug, title: t.title, parentSlug: t.parentId ? (slugById.get(t.parentId) ?? null) : null, keywords: t.keywords }));
  }

  /**
   * The input with each lone surrogate of its text and title replaced by U+FFFD (one UTF-16
   * unit, like what it replaces: no offset moves), and a warning for each field that had any.
   */
  static wellFormed(input: IngestBriefingInput): { input: IngestBriefingInput; warnings: string[] } {
    const warnings: string[] = [];
    const out = { ...input };
    if (typeof input.text === 'string') {
      const { text, warning } = replaceLoneSurrogates(input.text, 'text');
      out.text = text;
      if (warning) warnings.push(warning);
    }
    if (typeof input.title === 'string') {
      const { text, warning } = replaceLoneSurrogates(input.title, 'title');
      out.title = text;
      if (warning) warnings.push(warning);
    }
    return { input: warnings.length ? out : input, warnings };
  }

  private checkText(text: string): void {
    const problem = this.textProblem(text);
    if (problem) throw BadUserInputError.field('input.text', problem);
  }

  private textProblem(text: string): string | null {
    if (typeof text !== 'string' || !text.trim()) return 'is empty';
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.maxBytes()) return `is ${bytes} bytes; the limit is ${this.maxBytes()}`;
    if (looksBinary(text)) return 'looks like binary data, not a transcript';
    return null;
  }

  private parseOptions(input: IngestBriefingInput, topics: TopicLexiconEntry[]): IngestOptions {
    return { title: input.title ?? null, date: input.date ?? null, topics, minConfidence: input.minConfidence ?? null };
  }

  /**
   * The text parsed: in a worker thread when `offThread` and it is large, else (or when no
   * worker could parse it) on this thread. The same ParsedBriefing either way; a text the parser
   * refuses is refused by the parse on this thread, with the same error.
   */
  private async parseText(input: IngestBriefingInput, topics: TopicLexiconEntry[], offThread: boolean): Promise<ParsedBriefing> {
    const min = this.workerMinBytes();
    if (offThread && min > 0 && Buffer.byteLength(input.text, 'utf8') >= min) {
      // a pool whose threads all died (a worker that failed) is replaced by a new one
      if (!this.pool?.size) {
        void this.pool?.close();
        this.pool = new ParsePool(defaultParseWorkers());
      }
      const parsed = await this.pool.parse(input.text, this.parseOptions(input, topics));
      this.closePoolWhenIdle();
      if (parsed) return parsed;
    }
    return this.parse(input, topics);
  }

  private parse(input: IngestBriefingInput, topics: TopicLexiconEntry[]): ParsedBriefing {
    try {
      return parseBriefing(input.text, this.parseOptions(input, topics));
    } catch (error) {
      if (error instanceof IngestInputError) throw BadUserInputError.field('input.text', error.message);
      throw error;
    }
  }

  private async dialogueFor(em: EntityManager, raw: string | null | undefined): Promise<number | null> {
    if (raw != null) return this.dialogues.requireId(em, raw, 'input.dialogueId');
    const all = await selectRows(em, Dialogue, 'SELECT id FROM dialogue LIMIT 2');
    return all.length === 1 ? all[0].id : null;
  }

  private async preview(parsed: ParsedBriefing, warnings: string[], sourceUrl: string | null): Promise<IngestResult> {
    const names = [...parsed.speakers, ...parsed.mentioned].map((p) => p.name.toLowerCase());
    const known = names.length
      ? new Set((await this.dataSource.getRepository(Participant).createQueryBuilder('p').where('LOWER(p.name) IN (:...names)', { names }).getMany()).map((p) => p.name.toLowerCase()))
      : new Set<string>();
    const nameOf = new Map([...parsed.speakers, ...parsed.mentioned].map((p) => [p.key, p.name]));
    const speakerKeys = new Set(parsed.speakers.map((p) => p.key));
    const preview: IngestPreview = {
      title: parsed.header.title,
      kind: parsed.header.kind,
      date: parsed.header.date,
      location: parsed.header.location,
      medium: parsed.header.medium,
      sourceUrl: sourceUrl ?? parsed.header.sourceUrl,
      startTime: parsed.header.startTime,
      endTime: parsed.header.endTime,
      statements: parsed.statements.map((s) => ({
        turnIndex: s.turnIndex,
        paragraphIndex: s.paragraphIndex,
        speakerLabel: s.speakerLabel,
        speakerName: s.speakerKey ? (nameOf.get(s.speakerKey) ?? null) : null,
        kind: s.kind,
        text: s.text,
        topics: s.topics.map((t) => t.slug),
        topicCues: s.topics.map((t) => t.cue),
      })),
      participants: [...parsed.speakers, ...parsed.mentioned.filter((p) => !speakerKeys.has(p.key))].map((p) => ({
        name: p.name,
        post: p.post,
        country: p.country,
        organization: p.organization?.name ?? null,
        role: p.role,
        anonymous: p.anonymous,
        speaker: speakerKeys.has(p.key),
        aliases: p.aliases,
        // a role in a briefing (Moderator, a senior official on background) is always a new record
        existing: !p.anonymous && known.has(p.name.toLowerCase()),
      })),
      meetings: parsed.meetings.map((m) => ({
        title: m.title,
        kind: m.kind,
        status: m.status,
        date: m.date,
        location: m.location,
        participants: m.sides.flatMap((s) => s.personKeys.map((k) => `${nameOf.get(k) ?? k}${s.country ? ` (${s.country})` : ''}`)),
        quote: m.span.quote,
        cue: m.cue,
      })),
      candidates: parsed.candidates.map((c) => ({
        statementIndex: c.span.statementIndex,
        quote: c.span.quote,
        kind: c.kind,
        topics: c.topics.map((t) => t.slug),
        parties: c.parties.map((p) => p.organization?.name ?? p.country ?? ''),
        dueDate: c.dueDate,
        dueDatePrecision: c.dueDatePrecision,
        confidence: c.confidence,
        cue: c.cue,
        reasons: c.reasons,
      })),
    };
    const created: IngestCounts = {
      ...emptyCounts(),
      statements: parsed.statements.length,
      participants: preview.participants.filter((p) => !p.existing).length,
      meetings: parsed.meetings.length,
      topicTags: parsed.statements.reduce((n, s) => n + new Set(s.topics.map((t) => t.slug)).size, 0),
      candidates: parsed.candidates.length,
    };
    return { briefing: null, created, candidates: [], warnings, dryRun: true, alreadyIngested: false, preview };
  }
}

/**
 * Writes one parsed briefing inside the caller's transaction, with as few statements as it can:
 * reference lookups are loaded once, rows of a kind go in together.
 */
class IngestWriter {
  private readonly orgIds = new Map<string, number>();

  private constructor(
    private readonly em: EntityManager,
    private readonly counts: IngestCounts,
    private readonly parsed: ParsedBriefing,
    private readonly countries: Set<string>,
    private readonly topicIdBySlug: Map<string, number>,
  ) {}

  static async open(em: EntityManager, counts: IngestCounts, parsed: ParsedBriefing): Promise<IngestWriter> {
    const countries = new Set((await selectRows(em, Country, 'SELECT code FROM country')).map((c) => c.code));
    const topics = new Map((await selectRows(em, Topic, 'SELECT id, slug FROM topic')).map((t) => [t.slug, t.id]));
    const writer = new IngestWriter(em, counts, parsed, countries, topics);
    await writer.preloadOrganizations();
    return writer;
  }

  private country(code: string | null | undefined): string | null {
    return code && this.countries.has(code) ? code : null;
  }

  /** Every organisation the text names, found in one query; the missing ones are created on first use. */
  private async preloadOrganizations(): Promise<void> {
    const orgs = [
      ...[...this.parsed.speakers, ...this.parsed.mentioned].map((p) => p.organization),
      ...this.parsed.candidates.flatMap((c) => c.parties.map((p) => p.organization)),
    ].filter((o): o is ParsedOrganization => Boolean(o));
    if (!orgs.length) return;
    const names = dedupeBy(orgs.map((o) => o.name.toLowerCase()), (n) => n);
    const acronyms = dedupeBy(orgs.flatMap((o) => (o.acronym ? [o.acronym] : [])), (a) => a);
    const found = await selectRows(
      this.em,
      Organization,
      `SELECT * FROM organization WHERE LOWER(name) IN (:...names)${acronyms.length ? ' OR acronym IN (:...acronyms)' : ''} ORDER BY id`,
      { names, acronyms },
    );
    for (const org of orgs) {
      const match = found.find((f) => f.name.toLowerCase() === org.name.toLowerCase()) ?? (org.acronym ? found.find((f) => f.acronym === org.acronym) : undefined);
      if (match && !this.orgIds.has(org.name.toLowerCase())) this.orgIds.set(org.name.toLowerCase(), match.id);
    }
  }

  async organizationId(org: ParsedOrganization): Promise<number> {
    const key = org.name.toLowerCase();
    const known = this.orgIds.get(key);
    if (known) return known;
    const now = new Date();
    const { identifiers } = await this.em.insert(Organization, {
      name: org.name.slice(0, 200),
      acronym: org.acronym,
      kind: org.kind as OrganizationKind,
      countryCode: this.country(org.country),
      createdAt: now,
      updatedAt: now,
    });
    const id = identifiers[0].id as number;
    this.orgIds.set(key, id);
    this.counts.organizations++;
    return id;
  }

  /**
   * Matches every speaker and mentioned person to a known participant, in one query for all of
   * them: only a named person matches, and only when name, post and country agree
   * (`samePerson`); a role in this briefing (Moderator, Operator, a senior official on
   * background, an unidentified questioner) is a new record each time, never a person shared
   * with another briefing. The unknown ones are created in one insert; known ones only gain
   * what was missing (aliases, post, organisation, country), never lose what staff set.
   */
  async resolvePeople(persons: ParsedPerson[]): Promise<Map<string, number>> {
    const namesOf = (p: ParsedPerson) => dedupeBy([p.name, ...p.aliases].map((n) => n.trim()).filter(Boolean), (n) => n.toLowerCase());
    const known = await this.knownPeople(persons.filter((p) => !p.anonymous));

    const people = new Map<string, number>();
    const now = new Date();
    const fresh: Array<{ person: ParsedPerson; row: Partial<Participant>; keys: string[] }> = [];
    for (const person of persons) {
      const names = namesOf(person);
      const organizationId = person.organization ? await this.organizationId(person.organization) : null;
      const countryCode = this.country(person.country);
      const match = person.anonymous ? null : findSamePerson(known, { ...person, country: countryCode });
      if (match) {
        const aliases = dedupeBy([...match.aliases, ...names.filter((n) => n.toLowerCase() !== match.name.toLowerCase())], (n) => n.toLowerCase());
        const patch: Partial<Participant> = {};
        if (aliases.length !== match.aliases.length) patch.aliases = aliases;
        if (!match.post && person.post) patch.post = person.post;
        if (!match.organizationId && organizationId) patch.organizationId = organizationId;
        if (!match.countryCode && countryCode) patch.countryCode = countryCode;
        if (Object.keys(patch).length) {
          await this.em.update(Participant, { id: match.id }, { ...patch, updatedAt: now });
          Object.assign(match, patch);
        }
        people.set(person.key, match.id);
        continue;
      }
      // the same person twice in one text (one record each way it was parsed) gets one new record
      const same = person.anonymous ? undefined : fresh.find((f) => !f.person.anonymous && samePerson({ ...f.row, aliases: f.row.aliases ?? [] } as Participant, { ...person, country: countryCode }));
      if (same) {
        same.keys.push(person.key);
        continue;
      }
      fresh.push({
        person,
        keys: [person.key],
        row: {
          name: person.name.slice(0, 200),
          honorific: person.honorific,
          post: person.post,
          organizationId,
          countryCode,
          role: person.role as ParticipantRole,
          anonymous: person.anonymous,
          attribution: person.attribution,
          aliases: names.filter((n) => n !== person.name),
          createdAt: now,
          updatedAt: now,
        },
      });
    }
    // ids come back in insertion order
    const ids = (await insertRows(this.em, Participant, fresh.map((f) => f.row), { returning: ['id'] })).map((r) => r.id).sort((a, b) => a - b);
    fresh.forEach((f, i) => {
      for (const key of f.keys) people.set(key, ids[i]);
    });
    this.counts.participants += fresh.length;
    return people;
  }

  /**
   * The named participants that could be one of `persons`: the same name or alias, or a name
   * ending with the same surname (accents and case aside; `samePerson` then decides).
   */
  private async knownPeople(persons: ParsedPerson[]): Promise<Participant[]> {
    if (!persons.length) return [];
    const names = dedupeBy(persons.flatMap((p) => [p.name, ...p.aliases]).map((n) => n.trim().toLowerCase()).filter(Boolean), (n) => n);
    // accented letters may be stored either way, and LOWER() leaves them alone on SQLite: any one letter there
    const loose = (s: string) => escapeLike(s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()).replace(/[aeiounc]/g, '_');
    const surnames = dedupeBy(persons.map((p) => (p.surname ?? p.name).split(/\s+/).pop()!).filter((s) => s.length >= 2), (s) => s.toLowerCase());
    const params: Record<string, unknown> = { names };
    const likes: string[] = [];
    persons.forEach((p, i) => {
      params[`alias${i}`] = `%${escapeLike(JSON.stringify(p.name.toLowerCase()))}%`;
      likes.push(`LOWER(aliases) LIKE :alias${i} ${LIKE_ESCAPE}`);
    });
    surnames.forEach((s, i) => {
      params[`surname${i}`] = `%${loose(s)}`;
      likes.push(`LOWER(name) LIKE :surname${i} ${LIKE_ESCAPE}`);
    });
    // "anonymous = FALSE" (not "NOT anonymous") lets the index leave out the roles, a new one per briefing
    return selectRows(this.em, Participant, `SELECT * FROM participant WHERE anonymous = FALSE AND (LOWER(name) IN (:...names) OR ${likes.join(' OR ')}) ORDER BY id`, params);
  }

  /** All statements in one multi-row insert, their ids returned by it, in reading order. */
  async insertStatements(briefingId: number, people: Map<string, number>): Promise<number[]> {
    const rows = this.parsed.statements.map((s) => ({
      briefingId,
      speakerId: s.speakerKey ? (people.get(s.speakerKey) ?? null) : null,
      speakerLabel: s.speakerLabel,
      turnIndex: s.turnIndex,
      paragraphIndex: s.paragraphIndex,
      kind: s.kind as StatementKind,
      text: s.text,
      textStart: s.start,
      textEnd: s.end,
    }));
    const inserted = await insertRows(this.em, Statement, rows, { returning: ['id', 'turnIndex', 'paragraphIndex'], chunk: 300 });
    const idAt = new Map(inserted.map((s) => [`${s.turnIndex}:${s.paragraphIndex}`, s.id]));
    this.counts.statements = rows.length;
    return rows.map((r) => idAt.get(`${r.turnIndex}:${r.paragraphIndex}`)!);
  }

  async insertTopicTags(statementIds: number[]): Promise<void> {
    const tags = this.parsed.statements.flatMap((s, i) =>
      dedupeBy(s.topics, (t) => t.slug).flatMap((t) => {
        const topicId = this.topicIdBySlug.get(t.slug);
        return topicId ? [{ statementId: statementIds[i], topicId, cue: t.cue.slice(0, 200) }] : [];
      }),
    );
    await insertRows(this.em, StatementTopic, tags);
    this.counts.topicTags = tags.length;
  }

  /**
   * The same call or meeting is often mentioned by several briefings: a dated meeting of the
   * same kind with a participant in common is the same meeting (the earliest such), and gains
   * this mention and its topics. Meetings are matched in the text's order, so a later mention
   * in the same briefing finds one created by an earlier mention. A fixed handful of statements
   * for all of them: one to find the known meetings, one for their topics, one insert per table.
   */
  async recordMeetings(meetings: Array<{ meeting: ParsedMeeting; participants: { id: number; side: string | null }[] }>, dialogueId: number | null, statementIds: number[]): Promise<void> {
    if (!meetings.length) return;
    interface Slot {
      id?: number; // known meetings; new ones get theirs from the insert
      date: string;
      kind: string;
      participantIds: Set<number>;
      topicIds?: Set<number>; // known meetings: loaded below
      fresh: number[]; // topics this briefing adds
    }
    const dated = meetings.filter((x) => x.meeting.date && x.participants.length);
    const known: Slot[] = [];
    if (dated.length) {
      const dates = dedupeBy(dated.map((x) => x.meeting.date!), (d) => d);
      const ids = dedupeBy(dated.flatMap((x) => x.participants.map((p) => p.id)), (id) => id);
      const driver = this.em.connection.driver;
      const dateColumn = this.em.connection.getMetadata(Meeting).findColumnWithPropertyName('date')!;
      // CROSS JOIN keeps SQLite on the date index (the participants' index would read every
      // meeting they were ever in: a bulk ingest slowed down as it went); PostgreSQL plans it as any join
      const [sql, params] = driver.escapeQueryWithParameters(
        `SELECT m.id AS "id", m.date AS "date", m.kind AS "kind", mp.participant_id AS "participantId"
         FROM meeting m CROSS JOIN meeting_participant mp
         WHERE mp.meeting_id = m.id AND m.date IN (:...dates) AND mp.participant_id IN (:...ids) ORDER BY m.id`,
        { dates, ids },
      );
      const rows = (await this.em.query(sql, params)) as Array<{ id: number; date: unknown; kind: string; participantId: number }>;
      for (const row of rows) {
        const id = Number(row.id);
        let slot = known.find((k) => k.id === id);
        if (!slot) known.push((slot = { id, date: this.em.connection.driver.prepareHydratedValue(row.date, dateColumn) as string, kind: row.kind, participantIds: new Set(), fresh: [] }));
        slot.participantIds.add(Number(row.participantId));
      }
    }

    const created: Slot[] = [];
    const newMeetings: Array<{ parsed: ParsedMeeting; participants: { id: number; side: string | null }[]; topicIds: number[] }> = [];
    const spanOwner: Array<Slot | number> = []; // per parsed meeting: a known slot, or the index of a new meeting
    for (const { meeting: m, participants } of meetings) {
      const topicIds = dedupeBy(m.topics, (s) => s).flatMap((slug) => (this.topicIdBySlug.has(slug) ? [this.topicIdBySlug.get(slug)!] : []));
      const same = m.date && participants.length ? [...known, ...created].find((k) => k.date === m.date && k.kind === m.kind && participants.some((p) => k.participantIds.has(p.id))) : undefined;
      if (same) {
        if (same.id !== undefined) same.fresh.push(...topicIds);
        else newMeetings[created.indexOf(same)].topicIds.push(...topicIds);
        spanOwner.push(same.id !== undefined ? same : created.indexOf(same));
        continue;
      }
      created.push({ date: m.date ?? '', kind: m.kind, participantIds: m.date ? new Set(participants.map((p) => p.id)) : new Set(), fresh: [] });
      newMeetings.push({ parsed: m, participants, topicIds });
      spanOwner.push(newMeetings.length - 1);
    }

    // topics the known meetings gain
    const gaining = known.filter((k) => k.fresh.length);
    const meetingTopics: Array<{ meetingId: number; topicId: number }> = [];
    if (gaining.length) {
      const rows = await this.em.find(MeetingTopic, { where: { meetingId: In(gaining.map((k) => k.id!)) }, select: { meetingId: true, topicId: true } });
      for (const k of gaining) {
        const has = new Set(rows.filter((r) => r.meetingId === k.id).map((r) => r.topicId));
        for (const topicId of k.fresh) if (!has.has(topicId)) (has.add(topicId), meetingTopics.push({ meetingId: k.id!, topicId }));
      }
    }

    // the new meetings, with their participants and topics; ids come back in insertion order
    const now = new Date();
    const newIds = (
      await insertRows(
        this.em,
        Meeting,
        newMeetings.map(({ parsed: m }) => ({
          title: m.title.slice(0, 500),
          kind: m.kind as MeetingKind,
          status: m.status as MeetingStatus,
          date: m.date,
          location: m.location,
          dialogueId,
          createdAt: now,
          updatedAt: now,
        })),
        { returning: ['id'] },
      )
    )
      .map((r) => r.id)
      .sort((a, b) => a - b);
    const meetingParticipants = newMeetings.flatMap((n, i) =>
      dedupeBy(n.participants, (p) => p.id).map((p) => ({ meetingId: newIds[i], participantId: p.id, sideCode: this.country(p.side), role: null })),
    );
    newMeetings.forEach((n, i) => meetingTopics.push(...dedupeBy(n.topicIds, (t) => t).map((topicId) => ({ meetingId: newIds[i], topicId }))));
    await insertRows(this.em, MeetingParticipant, meetingParticipants);
    await insertRows(this.em, MeetingTopic, meetingTopics);
    this.counts.meetings += newMeetings.length;

    await insertRows(
      this.em,
      SourceSpan,
      meetings.map(({ meeting: m }, i) => {
        const owner = spanOwner[i];
        return {
          statementId: statementIds[m.span.statementIndex],
          start: m.span.start,
          end: m.span.end,
          quote: m.span.quote,
          meetingId: typeof owner === 'number' ? newIds[owner] : owner.id!,
          commitmentId: null,
        };
      }),
    );
  }

  /** All candidates in one insert, returned by it, in id order. */
  async insertCandidates(briefingId: number, statementIds: number[], now: Date): Promise<CommitmentCandidate[]> {
    const rows = [];
    for (const c of this.parsed.candidates) {
      const partyRefs: CandidatePartyRef[] = [];
      for (const party of c.parties) {
        const organizationId = party.organization ? await this.organizationId(party.organization) : null;
        const countryCode = this.country(party.country) ?? this.country(party.organization?.country);
        if (organizationId || countryCode) partyRefs.push({ organizationId, countryCode, name: party.organization?.name ?? party.country ?? '' });
      }
      rows.push({
        briefingId,
        statementId: statementIds[c.span.statementIndex],
        start: c.span.start,
        end: c.span.end,
        quote: c.span.quote,
        title: c.title.slice(0, 500),
        kind: c.kind as CommitmentKind,
        topicRefs: dedupeBy(c.topics, (t) => t.slug).flatMap((t) => (this.topicIdBySlug.has(t.slug) ? [{ topicId: this.topicIdBySlug.get(t.slug)!, cue: t.cue }] : [])),
        partyRefs: dedupeBy(partyRefs, (p) => `${p.organizationId}:${p.countryCode}`),
        dueDate: c.dueDate,
        dueDatePrecision: (c.dueDate ? c.dueDatePrecision : DatePrecision.NONE) as DatePrecision,
        confidence: c.confidence,
        cue: c.cue.slice(0, 200),
        reasons: c.reasons,
        state: CandidateState.PENDING,
        reason: null,
        commitmentId: null,
        reviewedBy: null,
        reviewedAt: null,
        createdAt: now,
      });
    }
    const columns = this.em.connection.getMetadata(CommitmentCandidate).columns.map((c) => c.propertyName as keyof CommitmentCandidate & string);
    const inserted = await insertRows(this.em, CommitmentCandidate, rows, { returning: columns, chunk: 100 });
    this.counts.candidates = rows.length;
    return inserted.sort((a, b) => a.id - b.id);
  }
}

function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 8192);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd > sample.length * 0.05;
}

function dedupeBy<T>(items: T[], key: (item: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
