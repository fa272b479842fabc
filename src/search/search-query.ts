import { BadUserInputError } from '../common/errors/domain-errors';

/**
 * What users type into a search box, parsed into a small, safe query that is then written out
 * in each database's own syntax (SQLite FTS5 MATCH, PostgreSQL to_tsquery). User text never
 * reaches either query language as syntax: every word is a plain token, so nothing a user
 * types can be a syntax error there.
 *
 * Understood: words (all must occur; English stems match: "cooperate" finds "cooperation"),
 * "quoted phrases" (an unclosed quote runs to the end), a trailing * for a prefix (`coop*`),
 * and OR between two terms (`mexico OR canada`; OR binds tighter than the implicit AND).
 * Words joined by punctuation (`well-known`, `U.S.`) are a phrase. Everything else is spacing.
 */
export interface SearchTerm {
  /** Lower-cased letters and digits only; more than one word is a phrase. */
  words: string[];
  /** The last word is a prefix. */
  prefix: boolean;
}

/** All groups must match; within a group, any term (OR). */
export type SearchQuery = SearchTerm[][];

export const MAX_SEARCH_LENGTH = 500;
/**
 * What one search may ask (issue 14): every term is a lookup in the full-text index, and a
 * prefix term reads the posting lists of every indexed word it begins (`co*`: thousands on
 * the 1M-statement dataset, seconds of work), so prefix terms are counted apart.
 */
export const MAX_SEARCH_TERMS = 16;
export const MAX_PREFIX_TERMS = 4;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** Parses user text; no searchable word (e.g. `*`, `"`, `OR`) or too long -> BAD_USER_INPUT at `path`. */
export function parseSearch(text: string, path: string): SearchQuery {
  if (text.length > MAX_SEARCH_LENGTH) throw BadUserInputError.field(path, `must be at most ${MAX_SEARCH_LENGTH} characters`);
  const groups: SearchQuery = [];
  let joinNext = false;
  const add = (term: SearchTerm) => {
    if (term.words.length === 0) return;
    if (joinNext && groups.length > 0) groups[groups.length - 1].push(term);
    else groups.push([term]);
    joinNext = false;
  };
  // A quoted phrase (closed or running to the end), or a run of non-space characters.
  const CHUNK = /"([^"]*)"?(\*?)|[^\s"]+/g;
  for (const m of text.normalize('NFC').matchAll(CHUNK)) {
    if (m[1] !== undefined) {
      add({ words: wordsOf(m[1]), prefix: m[2] === '*' });
    } else if (m[0] === 'OR') {
      joinNext = groups.length > 0;
    } else {
      add({ words: wordsOf(m[0]), prefix: /[\p{L}\p{N}\p{M}]\*+$/u.test(m[0]) });
    }
  }
  const terms = groups.reduce((n, g) => n + g.length, 0);
  if (terms === 0) throw BadUserInputError.field(path, 'has no words to search for');
  if (terms > MAX_SEARCH_TERMS) throw BadUserInputError.field(path, `has more than ${MAX_SEARCH_TERMS} terms`);
  const prefixes = groups.reduce((n, g) => n + g.filter((t) => t.prefix).length, 0);
  if (prefixes > MAX_PREFIX_TERMS) throw BadUserInputError.field(path, `has more than ${MAX_PREFIX_TERMS} prefix terms (words ending in *)`);
  return groups;
}

function wordsOf(chunk: string): string[] {
  return (chunk.match(WORD) ?? []).map((w) => w.toLowerCase());
}

/** SQLite FTS5 MATCH syntax: every word a string, so no FTS5 keyword or operator comes from the user. */
export function toFts5(query: SearchQuery): string {
  const term = (t: SearchTerm) => `"${t.words.join(' ')}"${t.prefix ? ' *' : ''}`;
  return query.map((g) => (g.length === 1 ? term(g[0]) : `(${g.map(term).join(' OR ')})`)).join(' AND ');
}

/** PostgreSQL to_tsquery syntax: words joined by <-> (phrase), | and &; :* marks a prefix. */
export function toTsQuery(query: SearchQuery): string {
  const term = (t: SearchTerm) => {
    const words = t.words.map((w, i) => (t.prefix && i === t.words.length - 1 ? `${w}:*` : w));
    return words.length === 1 ? words[0] : `(${words.join(' <-> ')})`;
  };
  return query.map((g) => (g.length === 1 ? term(g[0]) : `(${g.map(term).join(' | ')})`)).join(' & ');
}

/** Sentinels the SQLite snippet() puts around matches, replaced by <mark> after HTML-escaping. */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A snippet with sentinel-marked matches as HTML: escaped text, matches in <mark>…</mark>. */
export function markedToHtml(snippet: string): string {
  return escapeHtml(snippet).split(MARK_OPEN).join('<mark>').split(MARK_CLOSE).join('</mark>');
}
