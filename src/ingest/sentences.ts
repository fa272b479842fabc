/**
 * Sentence splitting for briefing prose (normalised or original text: curly quotes are
 * treated like straight ones). Abbreviations common in briefings (Mr., U.S., Gen., a.m.)
 * and initials do not end a sentence. Linear time.
 */

export interface Span {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'gen', 'adm', 'lt', 'col', 'capt', 'maj', 'sgt', 'sen', 'rep', 'gov',
    'amb', 'prof', 'rev', 'hon', 'no', 'nos', 'vs', 'etc', 'inc', 'co', 'corp', 'ltd', 'dept', 'est', 'approx', 'fig',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft', 'pres', 'sec',
  ],
);

const CLOSERS = new Set(['"', "'", ')', ']', '\u201d', '\u2019']);

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\u00a0';
}

/** Is the '.' at `i` part of an abbreviation, an initial or a dotted acronym? */
function isAbbreviationDot(text: string, i: number): boolean {
  let k = i - 1;
  while (k >= 0 && /[A-Za-z.]/.test(text[k])) k--;
  const token = text.slice(k + 1, i); // without the final dot
  if (!token) return false;
  if (token.includes('.')) {
    // U.S, D.C, a.m, p.m, U.N
    return /^([A-Za-z]\.)+[A-Za-z]$/.test(token);
  }
  if (token.length === 1 && /[A-Z]/.test(token)) return true; // initial: "Mark C. Toner"
  return ABBREVIATIONS.has(token.toLowerCase());
}

/** After "D.P.R.K." or "U.S." a sentence starts only with a word that usually starts one. */
const SENTENCE_STARTER = /^(?:The|This|That|These|Those|He|She|We|They|It|I|In|On|At|But|And|So|As|Our|There|What|When|Now)\b/;

function isDottedAcronym(text: string, i: number): boolean {
  return /(?:^|[^A-Za-z.])(?:[A-Z]\.){1,}[A-Z]$/.test(text.slice(Math.max(0, i - 12), i));
}

export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  const n = text.length;
  let start = 0;
  const push = (s: number, e: number) => {
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (e > s) out.push({ start: s, end: e });
  };
  for (let i = 0; i < n; i++) {
    const ch = text[i];
    if (ch !== '.' && ch !== '?' && ch !== '!' && ch !== '\u2026') continue;
    // extend over repeated punctuation and closing quotes/brackets
    let j = i + 1;
    while (j < n && (text[j] === '.' || text[j] === '?' || text[j] === '!')) j++;
    while (j < n && CLOSERS.has(text[j])) j++;
    if (j < n && !isSpace(text[j])) continue;
    // look at what follows
    let k = j;
    while (k < n && isSpace(text[k])) k++;
    if (k >= n) {
      push(start, j);
      start = j;
      i = j - 1;
      continue;
    }
    const next = text[k];
    if (ch === '.' && j === i + 1 && isAbbreviationDot(text, i) && !(isDottedAcronym(text, i) && SENTENCE_STARTER.test(text.slice(k, k + 8)))) {
      // a.m./p.m. followed by a capital starts a sentence; other abbreviations never do
      const tok = text.slice(Math.max(0, i - 3), i + 1).toLowerCase();
      if (!(/[ap]\.m\.$/.test(tok) && /[A-Z]/.test(next))) continue;
      // "5:00 a.m. Eastern Time", "9 a.m. EST"
      if (/^(?:Eastern|Central|Pacific|Mountain|Atlantic|Greenwich|GMT|UTC|[ECMP][SD]T|local|Washington|Mexico City)\b/.test(text.slice(k, k + 12))) continue;
    }
    if (!/[\p{Lu}\p{N}"'\u201c\u2018(\[\-]/u.test(next)) continue;
    push(start, j);
    start = j;
    i = j - 1;
  }
  push(start, n);
  return out;
}

/** Index of the sentence that contains offset `pos` (or the last one before it). */
export function sentenceAt(spans: Span[], pos: number): number {
  let best = 0;
  for (let i = 0; i < spans.length; i++) {
    if (spans[i].start <= pos) best = i;
    else break;
  }
  return best;
}

/** The union of the sentences that overlap [start, end). */
export function sourceSentence(text: string, start: number, end: number, spans: Span[] = splitSentences(text)): Span {
  let s = start;
  let e = end;
  for (const sp of spans) {
    if (sp.end > start && sp.start < end) {
      s = Math.min(s, sp.start);
      e = Math.max(e, sp.end);
    }
  }
  if (s === start && e === end && spans.length) {
    const i = sentenceAt(spans, start);
    s = Math.min(s, spans[i].start);
    e = Math.max(e, spans[i].end);
  }
  return { start: s, end: e };
}
