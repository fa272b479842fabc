import { Injectable } from '@nestjs/common';
import { todayIso } from '../commitments/commitment-rules';
import { CommitmentQueriesService } from '../commitments/commitment-queries.service';
import { CommitmentsArgs } from '../commitments/dto/commitments.args';
import { ConnectionResult } from '../common/pagination/connection.types';
import { HeavyReads } from '../database/heavy-reads';
import { MeetingsArgs } from '../meetings/dto/meetings.args';
import { MeetingsService } from '../meetings/meetings.service';
import { StatementsArgs } from '../statements/dto/statements.args';
import { StatementsService } from '../statements/statements.service';
import { csvDocument } from './export-csv';
import { ExportFormat, ExportKind, ExportQuery, parseExportParams, RawParams } from './export-params';
import { PopoloExport } from './export-popolo';
import { EXPORT_BATCH_SIZE, ExportRows } from './export-rows';

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

/**
 * Streams commitments, statements and meetings as CSV or Popolo-style JSON, filtered and ordered
 * exactly as the API lists them: each batch is one page of the feature's own list() (keyset
 * pagination, EXPORT_BATCH_SIZE rows), and its related records come through the features'
 * DataLoaders (ExportRows), fresh for each batch, so memory holds one batch, never the export.
 * The documents are written by csvDocument (export-csv.ts) and PopoloExport (export-popolo.ts).
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly commitments: CommitmentQueriesService,
    private readonly statements: StatementsService,
    private readonly meetings: MeetingsService,
    private readonly heavyReads: HeavyReads,
    private readonly rows: ExportRows,
    private readonly popolo: PopoloExport,
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
      chunks: format === 'csv' ? csvDocument(this.rows, kind, batches, today) : this.popolo.document(kind, query, batches, today),
      stats,
    };
  }

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
}
