/**
 * Fast whole-word phrase lookup: phrases are indexed by their first word, and a text is
 * scanned once, word start by word start. Linear in the text length (times the few phrases
 * sharing a first word), with no giant regular-expression alternations.
 */

const WORD_CHAR = /[\p{L}\p{N}]/u;

export function isWordChar(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return true;
  if (c < 128) return false;
  return WORD_CHAR.test(ch);
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

export class PhraseIndex<T> {
  private readonly byFirst = new Map<string, Array<{ phrase: string; value: T }>>();

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
    for (const list of this.byFirst.values()) list.sort((a, b) => b.phrase.length - a.phrase.length);
  }

  /** Every match (overlapping ones included), in text order. */
  findAll(text: string): Array<PhraseHit<T>> {
    const hay = this.caseInsensitive ? text.toLowerCase() : text;
    const out: Array<PhraseHit<T>> = [];
    const n = hay.length;
    let i = 0;
    while (i < n) {
      if (!isWordChar(hay[i]) || (i > 0 && isWordChar(hay[i - 1]))) {
        i++;
        continue;
      }
      let e = i;
      while (e < n && isWordChar(hay[e])) e++;
      const key = hay.slice(i, e);
      const cands = this.candidates(key);
      for (const c of cands) {
        if (!hay.startsWith(c.phrase, i)) continue;
        let end = i + c.phrase.length;
        if (isWordChar(hay[end]) && isWordChar(c.phrase[c.phrase.length - 1])) {
          if (!this.plurals) continue;
          if (hay[end] === 's' && !isWordChar(hay[end + 1])) end += 1;
          else if (hay[end] === 'e' && hay[end + 1] === 's' && !isWordChar(hay[end + 2])) end += 2;
          else continue;
        }
        out.push({ start: i, end, phrase: text.slice(i, end), value: c.value });
      }
      i = e;
    }
    return out;
  }

  private candidates(key: string): Array<{ phrase: string; value: T }> {
    const direct = this.byFirst.get(key) ?? [];
    if (!this.plurals) return direct;
    // the first word may itself carry the plural ("cartels" for "cartel")
    const extra: Array<{ phrase: string; value: T }> = [];
    if (key.endsWith('es')) extra.push(...(this.byFirst.get(key.slice(0, -2)) ?? []));
    if (key.endsWith('s')) extra.push(...(this.byFirst.get(key.slice(0, -1)) ?? []));
    return extra.length ? [...direct, ...extra] : direct;
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
