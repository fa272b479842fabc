import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HeavyReads } from '../database/heavy-reads';
import { BadUserInputError } from '../common/errors/domain-errors';
import { ConnectionResult } from '../common/pagination/connection.types';
import { decodeCursor, encodeCursor } from '../common/pagination/paginate';
import { SearchArgs, SearchType } from './dto/search.args';
import { SearchHit } from './dto/search-hit.type';
import { markedToHtml, MARK_CLOSE, MARK_OPEN, parseSearch, SearchQuery, toFts5, toTsQuery } from './search-query';

/** What can be searched: the table, and (PostgreSQL) the indexed document of a row aliased `a`. */
export type SearchTarget = 'statement' | 'commitment';

const TARGET_OF: Record<SearchType, SearchTarget> = { [SearchType.STATEMENT]: 'statement', [SearchType.COMMITMENT]: 'commitment' };

/** Ranks are compared as integers (rank x 1e6) so keyset cursors never depend on float round-trips. */
const SCORE_SCALE = 1_000_000;

const isPostgres = (dataSource: DataSource) => dataSource.options.type === 'postgres';

/**
 * A WHERE condition keeping the rows (aliased `alias`) of `target` that match user search text,
 * through the full-text index: for the `search` field of the statements and commitments
 * filters. Text without words to search for -> BAD_USER_INPUT at `path`.
 */
export function fullTextCondition(
  dataSource: DataSource,
  target: SearchTarget,
  alias: string,
  text: string,
  path: string,
): [where: string, parameters: Record<string, string>] {
  const query = parseSearch(text, path);
  const param = `fts_${target}`;
  if (isPostgres(dataSource)) {
    // The stored, GIN-indexed documents (migration 1764360000000).
    return [`${alias}.id IN (SELECT d.id FROM ${target}_search d WHERE d.document @@ to_tsquery('english', :${param}))`, { [param]: toTsQuery(query) }];
  }
  return [`${alias}.id IN (SELECT rowid FROM ${target}_fts WHERE ${target}_fts MATCH :${param})`, { [param]: toFts5(query) }];
}

interface ScoredRow {
  type: SearchType;
  id: number;
  score: number;
}

interface SnippetRow {
  id: number;
  statementId: number | null;
  snippet: string;
}

/** HTML-escaping in SQL (PostgreSQL's ts_headline drops anything that looks like a tag). */
const escapedSql = (expr: string) =>
  `replace(replace(replace(replace(replace(${expr}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')`;
const HEADLINE_OPTIONS = 'StartSel="<mark>", StopSel="</mark>", MaxWords=32, MinWords=12, ShortWord=2';

/** The first statement a commitment quotes (its "words behind"), for a commitment hit's briefing and speaker. */
const FIRST_SOURCE = (commitmentId: string) =>
  `(SELECT ss.statement_id FROM source_span ss WHERE ss.commitment_id = ${commitmentId} ORDER BY ss.id LIMIT 1)`;

@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly heavyReads: HeavyReads,
  ) {}

  /**
   * `search(text, types, first, after)`: statements and commitments matching the text, most
   * relevant first (then by id, then type), keyset-paginated. One statement ranks the page, one
   * per type makes its snippets, a COUNT runs only when totalCount is asked for.
   */
  async search(args: SearchArgs): Promise<ConnectionResult<SearchHit>> {
    const query = parseSearch(args.text, 'text');
    const types = args.types?.length ? [...new Set(args.types)] : [SearchType.STATEMENT, SearchType.COMMITMENT];
    const params: Record<string, unknown> = { q: isPostgres(this.dataSource) ? toTsQuery(query) : toFts5(query) };
    const scored = types.map((t) => this.scoredSql(t)).join(' UNION ALL ');
    let after = '';
    if (args.after) {
      const [score, id, type] = decodeCursor(args.after, 3);
      if (!Number.isSafeInteger(score) || !Number.isSafeInteger(id) || !Object.values(SearchType).includes(type as SearchType)) {
        throw BadUserInputError.field('after', 'is not a cursor this list produced');
      }
      after = 'WHERE hits.score < :cScore OR (hits.score = :cScore AND (hits.id > :cId OR (hits.id = :cId AND hits.type > :cType)))';
      Object.assign(params, { cScore: score, cId: id, cType: type });
    }
    const rows = (
      await this.run(`SELECT hits.type, hits.id, hits.score FROM (${scored}) hits ${after} ORDER BY hits.score DESC, hits.id ASC, hits.type ASC LIMIT :limit`, {
        ...params,
        limit: args.first + 1,
      })
    ).map((r): ScoredRow => ({ type: r.type, id: Number(r.id), score: Number(r.score) }));
    const page = rows.slice(0, args.first);
    const snippets = await this.snippets(page, params.q as string);
    const nodes = page.map((row): SearchHit => {
      const found = snippets.get(`${row.type}:${row.id}`);
      return {
        id: `${row.type}:${row.id}`,
        type: row.type,
        rank: row.score / SCORE_SCALE,
        snippet: found?.snippet ?? '',
        statementId: row.type === SearchType.STATEMENT ? row.id : (found?.statementId ?? null),
        commitmentId: row.type === SearchType.COMMITMENT ? row.id : null,
        score: row.score,
        recordId: row.id,
      };
    });
    const edges = nodes.map((node) => ({ node, cursor: encodeCursor([node.score, node.recordId, node.type]) }));
    return {
      edges,
      nodes,
      pageInfo: {
        hasNextPage: rows.length > args.first,
        hasPreviousPage: Boolean(args.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      totalCount: async () => {
        const counted = types.map((t) => `SELECT COUNT(*) AS n FROM (${this.scoredSql(t)}) m`).join(' UNION ALL ');
        const counts = await this.run(counted, { q: params.q });
        return counts.reduce((sum, r) => sum + Number(r.n), 0);
      },
    };
  }

  /** type, id and integer score of every row of one type matching :q. */
  private scoredSql(type: SearchType): string {
    const target = TARGET_OF[type];
    if (isPostgres(this.dataSource)) {
      // Ranked over the stored documents: to_tsvector is not recomputed for every match.
      return `SELECT '${type}' AS type, r.id AS id, ROUND(ts_rank(r.document, to_tsquery('english', :q)) * ${SCORE_SCALE})::bigint AS score
        FROM ${target}_search r WHERE r.document @@ to_tsquery('english', :q)`;
    }
    // bm25() is lower for better matches; a commitment's title weighs twice its text.
    const weights = target === 'commitment' ? ', 2.0, 1.0' : '';
    return `SELECT '${type}' AS type, rowid AS id, CAST(ROUND(-bm25(${target}_fts${weights}) * ${SCORE_SCALE}) AS INTEGER) AS score
      FROM ${target}_fts WHERE ${target}_fts MATCH :q`;
  }

  /**
   * Snippets of the page's hits (and a commitment's first quoted statement), keyed by "TYPE:id".
   * A commitment's snippet: SQLite's snippet() takes the column with the most matches, PostgreSQL the title when it matches, else the text.
   */
  private async snippets(page: ScoredRow[], q: string): Promise<Map<string, SnippetRow>> {
    const result = new Map<string, SnippetRow>();
    for (const type of [SearchType.STATEMENT, SearchType.COMMITMENT]) {
      const ids = page.filter((r) => r.type === type).map((r) => r.id);
      if (ids.length === 0) continue;
      const rows = await this.run(this.snippetSql(type), { q, ids });
      for (const r of rows) {
        const html = isPostgres(this.dataSource) ? String(r.snippet) : markedToHtml(String(r.snippet));
        result.set(`${type}:${Number(r.id)}`, { id: Number(r.id), statementId: r.statement_id == null ? null : Number(r.statement_id), snippet: html });
      }
    }
    return result;
  }

  private snippetSql(type: SearchType): string {
    if (isPostgres(this.dataSource)) {
      const headline = (expr: string) => `ts_headline('english', ${escapedSql(expr)}, to_tsquery('english', :q), '${HEADLINE_OPTIONS}')`;
      if (type === SearchType.STATEMENT) return `SELECT r.id, r.id AS statement_id, ${headline('r.text')} AS snippet FROM statement r WHERE r.id IN (:...ids)`;
      return `SELECT r.id, ${FIRST_SOURCE('r.id')} AS statement_id,
          CASE WHEN to_tsvector('english', r.title) @@ to_tsquery('english', :q) THEN ${headline('r.title')} ELSE ${headline('r.text')} END AS snippet
        FROM commitment r WHERE r.id IN (:...ids)`;
    }
    // snippet(): the best column (-1), matches between sentinels, '…' where cut, up to 32 tokens.
    const snippet = (table: string) => `snippet(${table}, -1, char(${MARK_OPEN.charCodeAt(0)}), char(${MARK_CLOSE.charCodeAt(0)}), '…', 32)`;
    if (type === SearchType.STATEMENT) {
      return `SELECT rowid AS id, rowid AS statement_id, ${snippet('statement_fts')} AS snippet
        FROM statement_fts WHERE statement_fts MATCH :q AND rowid IN (:...ids)`;
    }
    return `SELECT rowid AS id, ${FIRST_SOURCE('commitment_fts.rowid')} AS statement_id, ${snippet('commitment_fts')} AS snippet
      FROM commitment_fts WHERE commitment_fts MATCH :q AND rowid IN (:...ids)`;
  }

  /** Off the event loop and under the request's time budget (HeavyReads): the ranking, the snippets and the count. */
  private run(sql: string, params: Record<string, unknown>): Promise<any[]> {
    return this.heavyReads.query(sql, params);
  }
}
