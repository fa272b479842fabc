/**
 * The English language model behind the commitment features: wink-nlp with its light web
 * model (part of speech, lemmas, dates and other entities). Loaded once per thread, on first
 * use (about 80 ms), then about 0.5 ms per paragraph. Pure: same text, same analysis.
 *
 * Offsets are rebuilt from the tokens' preceding spaces (wink's tokenisation is lossless), so
 * every token and entity points back into the text it came from.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** Universal part-of-speech tags (wink's tag set). */
export type Pos = 'ADJ' | 'ADP' | 'ADV' | 'AUX' | 'CCONJ' | 'DET' | 'INTJ' | 'NOUN' | 'NUM' | 'PART' | 'PRON' | 'PROPN' | 'PUNCT' | 'SCONJ' | 'SYM' | 'VERB' | 'X' | 'SPACE';

export interface Token {
  /** As written. */
  text: string;
  lower: string;
  pos: Pos;
  lemma: string;
  start: number;
  end: number;
}

/** A named entity of wink's: DATE, TIME, DURATION, MONEY, PERCENT, CARDINAL, ORDINAL, ... */
export interface Entity {
  type: string;
  start: number;
  end: number;
  /** Token indices, end exclusive. */
  first: number;
  last: number;
}

export interface TextAnalysis {
  tokens: Token[];
  entities: Entity[];
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | null = null;

function instance(): Nlp {
  // sentence boundaries come from sentences.ts (tuned to briefings: "U.S.", "a.m."); negation
  // is read from the tokens, so the model runs tagging and entities only
  nlp ??= winkNLP(model, ['pos', 'ner']);
  return nlp;
}

/** Tokens (with part of speech and lemma) and entities of `text`. */
export function analyseText(text: string): TextAnalysis {
  const n = instance();
  const its = n.its;
  const doc = n.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const pos = doc.tokens().out(its.pos) as Pos[];
  // the typings disagree with themselves on lemma's signature; the call is the documented one
  const lemmas = doc.tokens().out(its.lemma as unknown as typeof its.value) as string[];
  const tokens: Token[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    at += spaces[i].length;
    // the tokeniser can normalise a character; find the token where it is when it moved
    if (text.startsWith(values[i], at) === false) {
      const found = text.indexOf(values[i], at);
      if (found >= 0 && found - at < 8) at = found;
    }
    const start = at;
    at += values[i].length;
    tokens.push({ text: values[i], lower: values[i].toLowerCase(), pos: pos[i], lemma: (lemmas[i] ?? values[i]).toLowerCase(), start, end: Math.min(at, text.length) });
  }
  const entities: Entity[] = [];
  doc.entities().each((e: { out: (f: unknown) => unknown }) => {
    const [first, last] = e.out(its.span) as unknown as number[];
    if (!tokens[first] || !tokens[last]) return;
    entities.push({ type: e.out(its.type) as string, start: tokens[first].start, end: tokens[last].end, first, last: last + 1 });
  });
  return { tokens, entities };
}

/** The first index of `items` (sorted by start) whose start is >= `pos`. */
function lowerBound(items: Array<{ start: number }>, pos: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The tokens and entities inside [start, end), with offsets made relative to `start`. */
export function sliceAnalysis(a: TextAnalysis, start: number, end: number): TextAnalysis {
  const first = lowerBound(a.tokens, start);
  const tokens: Token[] = [];
  for (let i = first; i < a.tokens.length && a.tokens[i].end <= end; i++) tokens.push({ ...a.tokens[i], start: a.tokens[i].start - start, end: a.tokens[i].end - start });
  const entities: Entity[] = [];
  for (let i = lowerBound(a.entities, start); i < a.entities.length && a.entities[i].end <= end; i++) {
    const e = a.entities[i];
    entities.push({ ...e, start: e.start - start, end: e.end - start, first: e.first - first, last: e.last - first });
  }
  return { tokens, entities };
}
