import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Commitment } from '../commitments/commitment.entity';
import { BadUserInputError, DomainError, NotFoundError } from '../common/errors/domain-errors';
import { parseId } from '../common/ids';
import { groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Statement } from '../statements/statement.entity';
import { SourceSpanInput } from './dto/source-span.input';
import { SourceSpan } from './source-span.entity';

export type SpanOwner = { commitmentId: number } | { meetingId: number };

/** The rule behind every source span: inside its statement's text, and quoting exactly that slice. */
@Injectable()
export class SourceSpansService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Validates spans from an input; fills in the quote. Errors name `path.<i>.<field>`. */
  async validate(em: EntityManager, inputs: SourceSpanInput[], path: string): Promise<Omit<SourceSpan, 'id' | 'commitmentId' | 'meetingId'>[]> {
    const ids = inputs.map((s, i) => parseId(s.statementId, `${path}.${i}.statementId`));
    const statements = ids.length ? await em.find(Statement, { where: { id: In(ids) }, select: { id: true, text: true } }) : [];
    const textOf = new Map(statements.map((s) => [s.id, s.text]));
    return inputs.map((span, i) => {
      const text = textOf.get(ids[i]);
      if (text === undefined) throw new NotFoundError('Statement', span.statementId, `${path}.${i}.statementId`);
      if (!Number.isInteger(span.start) || span.start < 0) throw BadUserInputError.field(`${path}.${i}.start`, 'must be a non-negative integer');
      if (span.end <= span.start) throw BadUserInputError.field(`${path}.${i}.end`, 'must be greater than start');
      if (span.end > text.length) {
        throw BadUserInputError.field(`${path}.${i}.end`, `lies outside the statement text (${text.length} characters)`);
      }
      const quote = text.slice(span.start, span.end);
      if (span.quote != null && span.quote !== quote) {
        throw BadUserInputError.field(`${path}.${i}.quote`, `does not match the statement text at ${span.start}-${span.end}: "${quote}"`);
      }
      return { statementId: ids[i], start: span.start, end: span.end, quote };
    });
  }

  /** Replaces the spans of a commitment or a meeting (inside the caller's transaction). */
  async replaceFor(em: EntityManager, owner: SpanOwner, inputs: SourceSpanInput[], path: string): Promise<void> {
    const spans = await this.validate(em, inputs, path);
    await em.delete(SourceSpan, owner);
    if (spans.length) {
      await em.insert(
        SourceSpan,
        spans.map((s) => ({ ...s, commitmentId: null, meetingId: null, ...owner })),
      );
    }
  }

  /** Adds spans to a commitment or meeting, skipping ones it already has. */
  async addTo(em: EntityManager, owner: SpanOwner, inputs: SourceSpanInput[], path: string): Promise<SourceSpan[]> {
    const spans = await this.validate(em, inputs, path);
    const existing = await em.findBy(SourceSpan, owner);
    const key = (s: { statementId: number; start: number; end: number }) => `${s.statementId}:${s.start}:${s.end}`;
    const have = new Set(existing.map(key));
    const fresh = spans.filter((s) => !have.has(key(s)));
    if (fresh.length) await em.insert(SourceSpan, fresh.map((s) => ({ ...s, commitmentId: null, meetingId: null, ...owner })));
    return em.find(SourceSpan, { where: owner, order: { id: 'ASC' } });
  }

  /** linkCommitmentSource: one more span for a commitment, in one transaction; bumps its version. */
  async linkToCommitment(rawCommitmentId: string, span: SourceSpanInput): Promise<Commitment> {
    const commitmentId = parseId(rawCommitmentId, 'commitmentId');
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(Commitment, { id: commitmentId }))) throw new NotFoundError('Commitment', rawCommitmentId, 'commitmentId');
      const before = await em.countBy(SourceSpan, { commitmentId });
      const inputs = [Object.assign(new SourceSpanInput(), span)];
      try {
        await this.addTo(em, { commitmentId }, inputs, 'span');
      } catch (error) {
        // Errors name the mutation's own arguments (statementId, start, end, quote).
        if (error instanceof DomainError) rename(error, /^span\.0\./, '');
        throw error;
      }
      if ((await em.countBy(SourceSpan, { commitmentId })) !== before) {
        await em.increment(Commitment, { id: commitmentId }, 'version', 1);
        await em.update(Commitment, { id: commitmentId }, { updatedAt: new Date() });
      }
      return (await em.findOneBy(Commitment, { id: commitmentId }))!;
    });
  }

  byCommitmentLoader(loaders: LoaderRegistry) {
    return loaders.get<number, SourceSpan[]>('sourceSpan.byCommitment', async (ids) => {
      const rows = await this.dataSource.getRepository(SourceSpan).find({ where: { commitmentId: In([...ids]) }, order: { id: 'ASC' } });
      return groupByKey(ids, rows, (s) => s.commitmentId!);
    });
  }

  byMeetingLoader(loaders: LoaderRegistry) {
    return loaders.get<number, SourceSpan[]>('sourceSpan.byMeeting', async (ids) => {
      const rows = await this.dataSource.getRepository(SourceSpan).find({ where: { meetingId: In([...ids]) }, order: { id: 'ASC' } });
      return groupByKey(ids, rows, (s) => s.meetingId!);
    });
  }
}

/** Rewrites the input paths an error names (extensions.path and extensions.fields[].path). */
function rename(error: DomainError, from: RegExp, to: string): void {
  const ext = error.extensions as { path?: string; fields?: { path: string }[] };
  if (ext.path) ext.path = ext.path.replace(from, to);
  for (const f of ext.fields ?? []) f.path = f.path.replace(from, to);
}
