import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/pagination/connection.types';
import { SearchType } from './search.args';

/** One record matching a search, with the words that matched highlighted. */
@ObjectType()
export class SearchHit {
  @Field(() => ID, { description: 'The type and the record id, e.g. "STATEMENT:12" (unique across types).' })
  id: string;

  @Field(() => SearchType)
  type: SearchType;

  @Field(() => Float, { description: 'Relevance (higher first; BM25 on SQLite, ts_rank on PostgreSQL), rounded to 6 decimals.' })
  rank: number;

  @Field({ description: 'An excerpt around the matches: HTML-escaped text with each match in <mark>…</mark>.' })
  snippet: string;

  /** The matched statement's id, or the first statement a matched commitment quotes. */
  statementId: number | null;

  /** The matched commitment's id (COMMITMENT hits). */
  commitmentId: number | null;

  /** The keyset cursor values: score (rank x 1e6), record id, type. */
  score: number;
  recordId: number;
}

@ObjectType()
export class SearchHitConnection extends Connection(SearchHit) {}
