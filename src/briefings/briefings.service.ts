import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { BadUserInputError, ConflictError, FieldError, NotFoundError } from '../common/errors/domain-errors';
import { loneSurrogateProblem, loneSurrogates } from '../ingest/text-input';
import { conflictOnDuplicate } from '../common/errors/db-errors';
import { parseId } from '../common/ids';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { paginateSorted, SortKey } from '../common/pagination/paginate';
import { DialoguesService } from '../dialogues/dialogues.service';
import { Participant } from '../participants/participant.entity';
import { SourceSpan } from '../sources/source-span.entity';
import { LIKE_ESCAPE, likePattern } from '../common/sql/like';
import { NewStatement, StatementsService } from '../statements/statements.service';
import { TopicsService } from '../topics/topics.service';
import { Briefing } from './briefing.entity';
import { assignPositions, briefingTextSha256, composeText, locateTexts, StatementDraftError, TextSpan } from './briefing-text';
import { BriefingFilter, BriefingOrder, BriefingOrderField, BriefingsArgs } from './dto/briefings.args';
import { CreateBriefingInput } from './dto/create-briefing.input';
import { UpdateBriefingInput } from './dto/update-briefing.input';

/** A briefing's own columns, as createBriefing and (later) ingest write them. */
export type NewBriefing = Pick<Briefing, 'title' | 'kind' | 'date' | 'location' | 'medium' | 'sourceUrl' | 'startTime' | 'endTime' | 'text' | 'dialogueId' | 'createdBy'>;

@Injectable()
export class BriefingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statements: StatementsService,
    private readonly topics: TopicsService,
    private readonly dialogues: DialoguesService,
  ) {}

  findById(id: number): Promise<Briefing | null> {
    return this.dataSource.getRepository(Briefing).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Briefing[]> {
    return this.dataSource.getRepository(Briefing).findBy({ id: In([...ids]) });
  }

  /** A briefing's identity: SHA-256 (hex) of its text with line endings and spaces normalised (identityText). */
  sha256(text: string): string {
    return briefingTextSha256(text);
  }

  /** The briefing with this text (up to line endings and spaces), if it was recorded already. */
  findBySha256(sha: string, em: EntityManager = this.dataSource.manager): Promise<Briefing | null> {
    return em.findOneBy(Briefing, { textSha256: sha.toLowerCase() });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Briefing | null>('briefings.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }

  list(args: BriefingsArgs): Promise<ConnectionResult<Briefing>> {
    const qb = this.dataSource.getRepository(Briefing).createQueryBuilder('b');
    const filter: BriefingFilter = args.filter ?? {};
    if (filter.search) {
      const like = likePattern(filter.search);
      qb.andWhere(new Brackets((w) => w.where(`LOWER(b.title) LIKE :like ${LIKE_ESCAPE}`, { like }).orWhere(`LOWER(b.text) LIKE :like ${LIKE_ESCAPE}`, { like })));
    }
    if (filter.dialogue != null) qb.andWhere('b.dialogueId = :dialogue', { dialogue: parseId(filter.dialogue, 'filter.dialogue') });
    if (filter.from != null) qb.andWhere('b.date >= :from', { from: filter.from });
    if (filter.to != null) qb.andWhere('b.date <= :to', { to: filter.to });
    if (filter.kind) qb.andWhere('LOWER(b.kind) = :kind', { kind: filter.kind.trim().toLowerCase() });
    return paginateSorted(qb, args, sortKeys(args.orderBy));
  }

  /**
   * A briefing from given statements, in one transaction: the text is built from them (or
   * checked to contain them, in order), each statement gets its offsets, turn and paragraph.
   */
  async create(input: CreateBriefingInput, actor: string): Promise<Briefing> {
    refuseLoneSurrogates([
      ...(['title', 'kind', 'location', 'medium', 'sourceUrl', 'text'] as const).map((f) => [`input.${f}`, input[f]] as const),
      ...input.statements.flatMap((s, i) => [[`input.statements.${i}.text`, s.text] as const, [`input.statements.${i}.speakerLabel`, s.speakerLabel] as const]),
    ]);
    const speakerIds = input.statements.map((s, i) => (s.speakerId == null ? null : parseId(s.speakerId, `input.statements.${i}.speakerId`)));
    const positions = placed(() => assignPositions(input.statements.map((s, i) => ({ ...s, speakerId: speakerIds[i] }))));
    return this.dataSource.transaction(async (em) => {
      const dialogueId = await this.dialogues.requireId(em, input.dialogueId, 'input.dialogueId');
      const speakers = await this.requireSpeakers(em, speakerIds);
      const topicIds: number[][] = [];
      for (const [i, s] of input.statements.entries()) topicIds.push(await this.topics.requireTopicIds(em, s.topicIds, `input.statements.${i}.topicIds`));

      let text: string;
      let spans: TextSpan[];
      let labels: (string | null)[];
      if (input.text == null) {
        labels = input.statements.map((s, i) => s.speakerLabel?.trim() || speakers[i]?.name.toUpperCase() || null);
        ({ text, spans } = composeText(input.statements.map((s, i) => ({ label: labels[i], text: s.text, opensTurn: positions[i].opensTurn }))));
      } else {
        text = input.text;
        spans = placed(() => locateTexts(text, input.statements.map((s) => s.text)));
        labels = input.statements.map((s) => s.speakerLabel?.trim() || null);
      }

      const statements: NewStatement[] = input.statements.map((s, i) => ({
        speakerId: speakers[i]?.id ?? null,
        speakerLabel: labels[i],
        turnIndex: positions[i].turnIndex,
        paragraphIndex: positions[i].paragraphIndex,
        kind: s.kind,
        text: s.text,
        textStart: spans[i].start,
        textEnd: spans[i].end,
        topics: topicIds[i].map((topicId) => ({ topicId, cue: null })),
      }));
      return this.insert(
        em,
        {
          title: input.title.trim(),
          kind: input.kind?.trim() || null,
          date: input.date ?? null,
          location: input.location ?? null,
          medium: input.medium ?? null,
          sourceUrl: input.sourceUrl ?? null,
          startTime: input.startTime ?? null,
          endTime: input.endTime ?? null,
          text,
          dialogueId,
          createdBy: actor,
        },
        statements,
      );
    });
  }

  /** Writes a briefing and its statements inside the caller's transaction; CONFLICT if the same text is recorded. */
  async insert(em: EntityManager, fields: NewBriefing, statements: NewStatement[]): Promise<Briefing> {
    const textSha256 = this.sha256(fields.text);
    const duplicate = await this.findBySha256(textSha256, em);
    if (duplicate) throw duplicateText(duplicate.id);
    const briefing = await conflictOnDuplicate(
      () => em.save(em.create(Briefing, { ...fields, textSha256, createdAt: new Date() })),
      'A briefing with this text (up to line endings and spaces) is already recorded',
    );
    await this.statements.insertForBriefing(em, briefing.id, statements);
    return briefing;
  }

  async update(rawId: string, input: UpdateBriefingInput): Promise<Briefing> {
    const id = parseId(rawId, 'id');
    refuseLoneSurrogates((['title', 'kind', 'location', 'medium', 'sourceUrl'] as const).map((f) => [`input.${f}`, input[f]] as const));
    return this.dataSource.transaction(async (em) => {
      const briefing = await em.findOneBy(Briefing, { id });
      if (!briefing) throw new NotFoundError('Briefing', rawId, 'id');
      if (input.title !== undefined) briefing.title = input.title.trim();
      if (input.kind !== undefined) briefing.kind = input.kind?.trim() || null;
      if (input.date !== undefined) briefing.date = input.date;
      if (input.location !== undefined) briefing.location = input.location;
      if (input.medium !== undefined) briefing.medium = input.medium;
      if (input.sourceUrl !== undefined) briefing.sourceUrl = input.sourceUrl;
      if (input.dialogueId !== undefined) briefing.dialogueId = await this.dialogues.requireId(em, input.dialogueId, 'input.dialogueId');
      return em.save(briefing);
    });
  }

  /**
   * Deletes a briefing with its statements; refused (CONFLICT) while a commitment or meeting
   * quotes one of them or an event cites one as evidence, so no provenance is lost silently.
   */
  async delete(rawId: string): Promise<string> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(Briefing, { id }))) throw new NotFoundError('Briefing', rawId, 'id');
      const ofBriefing = (column: string) => `${column} IN (SELECT s.id FROM statement s WHERE s.briefing_id = :id)`;
      const quoted = await em.createQueryBuilder(SourceSpan, 'ss').where(ofBriefing('ss.statementId'), { id }).getCount();
      const cited = Number(
        (await em.createQueryBuilder().select('COUNT(*)', 'n').from('commitment_event', 'e').where(ofBriefing('e.evidence_statement_id'), { id }).getRawOne())?.n ?? 0,
      );
      if (quoted > 0 || cited > 0) {
        throw new ConflictError(`Briefing ${rawId} is still cited by ${quoted} source span(s) and ${cited} status change(s); remove those first`);
      }
      await em.delete(Briefing, { id });
      return rawId;
    });
  }

  /** The participants named by each statement's speakerId, in input order (null where none is given). */
  private async requireSpeakers(em: EntityManager, speakerIds: (number | null)[]): Promise<(Participant | null)[]> {
    const wanted = [...new Set(speakerIds.filter((id): id is number => id !== null))];
    const found = wanted.length ? await em.find(Participant, { where: { id: In(wanted) }, select: { id: true, name: true } }) : [];
    const byId = new Map(found.map((p) => [p.id, p]));
    return speakerIds.map((id, i) => {
      if (id === null) return null;
      const speaker = byId.get(id);
      if (!speaker) throw new NotFoundError('Participant', id, `input.statements.${i}.speakerId`);
      return speaker;
    });
  }
}

function sortKeys(order: BriefingOrder | null | undefined): SortKey<Briefing>[] {
  const direction = order?.direction ?? OrderDirection.ASC;
  if ((order?.field ?? BriefingOrderField.ID) === BriefingOrderField.ID) return [{ expression: 'b.id', value: (b) => b.id, kind: 'number', direction }];
  // Undated briefings come last either way.
  return [{ expression: 'b.date', value: (b) => b.date, kind: 'date', direction, nullsAs: direction === OrderDirection.ASC ? '9999-12-31' : '0001-01-01' }];
}

function duplicateText(existingId: number): ConflictError {
  return new ConflictError(`A briefing with this text (up to line endings and spaces) is already recorded (briefing ${existingId})`, { briefingId: String(existingId) });
}

/**
 * BAD_USER_INPUT naming every field that holds a lone UTF-16 surrogate: it has no UTF-8 form,
 * so it would not be stored as given and the statements' offsets after it would point elsewhere.
 */
function refuseLoneSurrogates(fields: ReadonlyArray<readonly [string, string | null | undefined]>): void {
  const bad: FieldError[] = [];
  for (const [path, value] of fields) {
    const problem = typeof value === 'string' ? loneSurrogateProblem(loneSurrogates(value)) : null;
    if (problem) bad.push({ path, message: problem });
  }
  if (bad.length) throw new BadUserInputError(bad.map((f) => `${f.path}: ${f.message}`).join('; '), bad);
}

/** Runs a pure placement step; a statement it cannot place becomes BAD_USER_INPUT naming that statement. */
function placed<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof StatementDraftError) throw BadUserInputError.field(`input.statements.${error.index}.${error.field}`, error.message);
    throw error;
  }
}
