/**
 * The English language model behind the commitment features: wink-nlp with its light web
 * model (tokens, part of speech, lemmas). Loaded once per thread, on first use (about 80 ms),
 * then about 0.1 ms per paragraph. Pure: same text, same analysis.
 *
 * Only the tagger runs: sentence boundaries come from sentences.ts (tuned to briefings: "U.S.",
 * "a.m."), dates from dates.ts (resolved against the briefing date, which tells past from
 * future), negation from the tokens; wink's entity recogniser cost a third of the parse time
 * and added nothing the model used.
 *
 * Offsets are rebuilt from the tokens' preceding spaces (wink's tokenisation is lossless), so
 * every token points back into the text it came from.
 */
import type winkNLP from 'wink-nlp';

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

export interface TextAnalysis {
  tokens: Token[];
}

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | null = null;

function instance(): Nlp {
  // loaded here, not at import: a server or command that never parses does not pay for the model
  if (!nlp) {
    const load = require('wink-nlp') as typeof winkNLP | { default: typeof winkNLP };
    const create = typeof load === 'function' ? load : load.default;
    nlp = create(require('wink-eng-lite-web-model'), ['pos']);
  }
  return nlp;
}

/** Tokens of `text`, with part of speech and lemma. */
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
  return { tokens };
}

/**
 * The tokens of each sentence of `text` (spans in `text`, in order), offsets relative to its
 * sentence: one tagging of the whole paragraph (the tagger reads context across sentences).
 */
export function analyseSentences(text: string, sentences: Array<{ start: number; end: number }>): TextAnalysis[] {
  const out: TextAnalysis[] = sentences.map(() => ({ tokens: [] }));
  if (!sentences.length) return out;
  const { tokens } = analyseText(text);
  let k = 0;
  for (const t of tokens) {
    while (k < sentences.length && t.start >= sentences[k].end) k++;
    if (k >= sentences.length) break;
    const s = sentences[k];
    if (t.start < s.start || t.end > s.end) continue;
    t.start -= s.start;
    t.end -= s.start;
    out[k].tokens.push(t);
  }
  return out;
}
