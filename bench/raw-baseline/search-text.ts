/**
 * What the API does with search text (src/search/search-query.ts), restated without the app's
 * modules so the baseline stays a plain node program: the same words, phrases, prefixes and OR,
 * written as an FTS5 MATCH (SQLite) or a to_tsquery (PostgreSQL); snippets HTML-escaped with
 * matches in <mark>. test/e2e/raw-baseline.e2e-spec.ts catches any drift.
 */
interface Term {
  words: string[];
  prefix: boolean;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CHUNK = /"([^"]*)"?(\*?)|[^\s"]+/g;
const wordsOf = (chunk: string) => (chunk.match(WORD) ?? []).map((w) => w.toLowerCase());

/** Groups of terms (AND between groups, OR within); null when the text cannot be searched (the API answers BAD_USER_INPUT). */
export function parseSearch(text: string): Term[][] | null {
  if (text.length > 500) return null;
  const groups: Term[][] = [];
  let joinNext = false;
  const add = (term: Term) => {
    if (term.words.length === 0) return;
    if (joinNext && groups.length > 0) groups[groups.length - 1].push(term);
    else groups.push([term]);
    joinNext = false;
  };
  for (const m of text.normalize('NFC').matchAll(CHUNK)) {
    if (m[1] !== undefined) add({ words: wordsOf(m[1]), prefix: m[2] === '*' });
    else if (m[0] === 'OR') joinNext = groups.length > 0;
    else add({ words: wordsOf(m[0]), prefix: /[\p{L}\p{N}\p{M}]\*+$/u.test(m[0]) });
  }
  const terms = groups.reduce((n, g) => n + g.length, 0);
  return terms === 0 || terms > 32 ? null : groups;
}

export function toFts5(query: Term[][]): string {
  const term = (t: Term) => `"${t.words.join(' ')}"${t.prefix ? ' *' : ''}`;
  return query.map((g) => (g.length === 1 ? term(g[0]) : `(${g.map(term).join(' OR ')})`)).join(' AND ');
}

export function toTsQuery(query: Term[][]): string {
  const term = (t: Term) => {
    const words = t.words.map((w, i) => (t.prefix && i === t.words.length - 1 ? `${w}:*` : w));
    return words.length === 1 ? words[0] : `(${words.join(' <-> ')})`;
  };
  return query.map((g) => (g.length === 1 ? term(g[0]) : `(${g.map(term).join(' | ')})`)).join(' & ');
}

/** Sentinels around matches in SQLite's snippet(), replaced by <mark> after escaping. */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function markedToHtml(snippet: string): string {
  return snippet
    .replace(/[&<>"']/g, (c) => ESCAPES[c])
    .split(MARK_OPEN)
    .join('<mark>')
    .split(MARK_CLOSE)
    .join('</mark>');
}
