/**
 * Fast whole-word phrase lookup: phrases are indexed by their first word, and a text is
 * scanned once, word start by word start. Linear in the text length (times the few phrases
 * sharing a first word), with no giant regular-expression alternations.
 */

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function isWordChar(ch: string | undefined): boolean {
  if (!ch) return false;
  return isWordCode(ch.charCodeAt(0));
}

// Per UTF-16 unit, as isWordChar: 0 = not yet known, 1 = word, 2 = not. The scans below test
// every character of every text, so the Unicode regex runs once per distinct character only.
const WORD_CODE = new Uint8Array(65536);

function isWordCode(c: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  if (c < 128 || Number.isNaN(c)) return false;
  let k = WORD_CODE[c];
  if (k === 0) WORD_CODE[c] = k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

function firstWord(s: string, from = 0): string {
  let e = from;
  while (e < s.length && isWordChar(s[e])) e++;
  return s.slice(from, e);
}

export interface PhraseHit<T> {
  start: number;
  end: number;
  phrase: string;
  value: T;
}

// A word's first two characters (the second 0 for a one-letter word) and length (capped), as
// one small integer: the cheap test before a lookup. Collisions only cost a lookup.
const shape = (first: number, second: number, length: number) => ((first & 1023) << 16) | (length > 1 ? (second & 1023) << 6 : 0) | Math.min(length, 63);

export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Array<{ phrase: string; value: T }>>();
  /** shape() of every first word: most words of a text start no phrase, and are passed over without a string made. */
  private readonly shapes = new Set<number>();

  constructor(
    entries: Array<{ phrase: string; value: T }>,
    private readonly caseInsensitive = false,
    /** Allow a plural 's'/'es' after the phrase. */
    private readonly plurals = false,
  ) {
    for (const e of entries) {
      const phrase = caseInsensitive ? e.phrase.toLowerCase() : e.phrase;
      const key = firstWord(phrase);
      if (!key) continue;
      const list = this.byFirst.get(key) ?? [];
      list.push({ phrase, value: e.value });
      this.byFirst.set(key, list);
    }
    for (const [key, list] of this.byFirst) {
      list.sort((a, b) => b.phrase.length - a.phrase.length);
      this.shapes.add(shape(key.charCodeAt(0), key.charCodeAt(1), key.length));
    }
  }

  /** Every match (overlapping ones included), in text order. */
  findAll(text: string): Array<PhraseHit<T>> {
    const hay = this.caseInsensitive ? text.toLowerCase() : text;
    const out: Array<PhraseHit<T>> = [];
    const n = hay.length;
    // charCodeAt past the end is NaN: not a word character, as isWordChar(undefined)
    const word = (k: number) => isWordCode(hay.charCodeAt(k));
    let i = 0;
    while (i < n) {
      if (!word(i)) {
        i++;
        continue;
      }
      let e = i + 1;
      while (e < n && word(e)) e++;
      const first = hay.charCodeAt(i);
      const second = hay.charCodeAt(i + 1);
      const length = e - i;
      // direct phrases, then (plurals) those whose first word is this one's "-es"/"-s" stem ("cartels" for "cartel")
      if (this.shapes.has(shape(first, second, length))) this.matchAt(text, hay, i, this.byFirst.get(hay.slice(i, e)), out);
      if (this.plurals && hay.charCodeAt(e - 1) === 115 /* s */) {
        if (length > 2 && hay.charCodeAt(e - 2) === 101 /* e */ && this.shapes.has(shape(first, second, length - 2))) this.matchAt(text, hay, i, this.byFirst.get(hay.slice(i, e - 2)), out);
        if (length > 1 && this.shapes.has(shape(first, second, length - 1))) this.matchAt(text, hay, i, this.byFirst.get(hay.slice(i, e - 1)), out);
      }
      i = e;
    }
    return out;
  }

  private matchAt(text: string, hay: string, i: number, cands: Array<{ phrase: string; value: T }> | undefined, out: Array<PhraseHit<T>>): void {
    if (!cands) return;
    for (const c of cands) {
      if (!hay.startsWith(c.phrase, i)) continue;
      let end = i + c.phrase.length;
      if (isWordCode(hay.charCodeAt(end)) && isWordCode(c.phrase.charCodeAt(c.phrase.length - 1))) {
        if (!this.plurals) continue;
        if (hay[end] === 's' && !isWordCode(hay.charCodeAt(end + 1))) end += 1;
        else if (hay[end] === 'e' && hay[end + 1] === 's' && !isWordCode(hay.charCodeAt(end + 2))) end += 2;
        else continue;
      }
      out.push({ start: i, end, phrase: text.slice(i, end), value: c.value });
    }
  }

  /** Non-overlapping matches, longest first (ties: earliest, then insertion order). */
  findLongest(text: string, tieBreak?: (a: PhraseHit<T>, b: PhraseHit<T>) => number): Array<PhraseHit<T>> {
    const all = this.findAll(text);
    all.sort((a, b) => b.end - b.start - (a.end - a.start) || (tieBreak ? tieBreak(a, b) : 0) || a.start - b.start);
    const kept: Array<PhraseHit<T>> = [];
    for (const h of all) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
    return kept.sort((a, b) => a.start - b.start);
  }
}
