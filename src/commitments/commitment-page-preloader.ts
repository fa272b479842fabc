import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { groupByKey } from '../common/loaders/loader-registry';
import { setPreloaded } from '../common/preload/preloaded';
import { SelectionTree } from '../common/preload/selection';
import { EntityRows } from '../database/entity-rows';
import { queryNamed } from '../database/named-query';
import { Participant } from '../participants/participant.entity';
import { SourceSpan } from '../sources/source-span.entity';
import { Statement } from '../statements/statement.entity';
import { Topic } from '../topics/topic.entity';
import { Commitment } from './commitment.entity';

/** The relations preload() answers; the rest of a selection decides which columns are read. */
const PRELOADED_RELATIONS = ['topics', 'sources'];

/**
 * Loads, for a whole page of commitments, the relations its query asks for, each in one SQL
 * statement whatever the page size: `topics`, and `sources` with their statement and its
 * speaker joined in. The rows then answer those fields directly (setPreloaded), in the order
 * and shape their own resolvers give (topics by id, sources by id).
 */
@Injectable()
export class CommitmentPagePreloader {
  private readonly commitmentRows: EntityRows<Commitment>;
  private readonly topicRows: EntityRows<Topic>;
  private readonly spanRows: EntityRows<SourceSpan>;
  private readonly statementRows: EntityRows<Statement>;
  private readonly speakerRows: EntityRows<Participant>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.commitmentRows = new EntityRows(dataSource, Commitment, 'c');
    this.topicRows = new EntityRows(dataSource, Topic, 't');
    this.spanRows = new EntityRows(dataSource, SourceSpan, 'ss');
    this.statementRows = new EntityRows(dataSource, Statement, 's');
    this.speakerRows = new EntityRows(dataSource, Participant, 'p');
  }

  /**
   * The commitment properties a page needs for this selection (its sort keys always), or null
   * for all of them: a field with its own resolver may read any.
   */
  columnsFor(selection: SelectionTree): string[] | null {
    const shape = this.commitmentRows.forSelection(selection, ['dueDate', 'updatedAt'], PRELOADED_RELATIONS);
    return shape === this.commitmentRows.all ? null : shape.columns.map((c) => c.property);
  }

  async preload(commitments: Commitment[], selection: SelectionTree): Promise<void> {
    if (!commitments.length) return;
    const ids = commitments.map((c) => c.id);
    const sources = selection.get('sources');
    await Promise.all([
      selection.has('topics') ? this.preloadTopics(commitments, ids, selection.get('topics')!) : null,
      sources ? this.preloadSources(commitments, ids, sources) : null,
    ]);
  }

  private async preloadTopics(commitments: Commitment[], ids: number[], selection: SelectionTree): Promise<void> {
    const shape = this.topicRows.forSelection(selection);
    const rows = await queryNamed(this.dataSource, 
      `SELECT l.commitment_id AS "owner_id", ${shape.select('t')}
       FROM commitment_topic l INNER JOIN topic t ON t.id = l.topic_id
       WHERE l.commitment_id IN (:...ids) ORDER BY t.id`,
      { ids },
    );
    // One Topic object per topic, shared by the commitments tagged with it (as the loader does).
    const topics = new Map<number, Topic>();
    const links = rows.map((row) => {
      const id = Number(row.t_id);
      let topic = topics.get(id);
      if (!topic) topics.set(id, (topic = shape.read(row)!));
      return { ownerId: Number(row.owner_id), topic };
    });
    groupByKey(ids, links, (l) => l.ownerId).forEach((list, i) => setPreloaded(commitments[i], 'topics', list.map((l) => l.topic)));
  }

  private async preloadSources(commitments: Commitment[], ids: number[], selection: SelectionTree): Promise<void> {
    const statement = selection.get('statement');
    const speaker = statement?.get('speaker');
    // Only the columns the query reads, with the keys the rows are put together by.
    const spanShape = this.spanRows.forSelection(selection, ['statementId', 'commitmentId'], ['statement']);
    const statementShape = this.statementRows.forSelection(statement, ['speakerId'], ['speaker']);
    const speakerShape = this.speakerRows.forSelection(speaker);
    const rows = await queryNamed(this.dataSource, 
      `SELECT ${spanShape.select('ss')}
              ${statement ? `, ${statementShape.select('s')}` : ''}
              ${speaker ? `, ${speakerShape.select('p')}` : ''}
       FROM source_span ss
       ${statement ? 'INNER JOIN statement s ON s.id = ss.statement_id' : ''}
       ${speaker ? 'LEFT JOIN participant p ON p.id = s.speaker_id' : ''}
       WHERE ss.commitment_id IN (:...ids) ORDER BY ss.id`,
      { ids },
    );
    const statements = new Map<number, Statement>();
    const speakers = new Map<number, Participant>();
    const spans = rows.map((row) => {
      const span = spanShape.read(row)!;
      if (statement) {
        let said = statements.get(span.statementId);
        if (!said) {
          statements.set(span.statementId, (said = statementShape.read(row)!));
          if (speaker) {
            let who: Participant | null = null;
            if (said.speakerId !== null) {
              who = speakers.get(said.speakerId) ?? speakerShape.read(row);
              if (who) speakers.set(said.speakerId, who);
            }
            setPreloaded(said, 'speaker', who);
          }
        }
        setPreloaded(span, 'statement', said);
      }
      return span;
    });
    groupByKey(ids, spans, (s) => s.commitmentId!).forEach((list, i) => setPreloaded(commitments[i], 'sources', list));
  }
}
