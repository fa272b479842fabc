/**
 * What the commitment model sees of a sentence: linguistic features read from the language
 * model's tokens (tense and modality, the subject's person, negation, clause type, time
 * expressions, amounts) and domain features (who speaks, question or answer, a government
 * actor as subject, the kind of action, talk about the call itself).
 *
 * Every feature is named for what it means ("future:will", "subject:government"), so that the
 * weights file reads as a table and a candidate's reasons read as an explanation. Pure.
 */
import type { ParticipantRole, StatementKind } from './ingest.types';
import type { TextAnalysis, Token } from './nlp';

export type Features = Record<string, number>;

export interface SentenceContext {
  speakerRole: ParticipantRole | null;
  statementKind: StatementKind;
  /** Position of the sentence in its statement (0 = first). */
  position: number;
  /**
   * Where the sentence names a government actor (a known official, a government body, a
   * country): character ranges relative to the sentence.
   */
  actors: Array<{ start: number; end: number }>;
  /** The sentence carries an agenda topic. */
  topical: boolean;
  /** A due date or event date that falls on or after the briefing date. */
  futureDate: boolean;
  /** A date expression that falls before the briefing date. */
  pastDate: boolean;
  /** The sentence's meta-talk, when the caller has it already (findMetaTalk). */
  meta?: Array<{ kind: MetaKind }>;
  /** Only these word features are kept (a model's own words); all when not given (training). */
  words?: ReadonlySet<string>;
}

// ---------------------------------------------------------------------------------------------
// Word classes, by lemma. Each is a linguistic class, not a phrase fitted to one briefing: the
// model learns how much each one counts.

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Verbs that commit their subject: "we commit to", "the leaders agreed to". */
const COMMISSIVE = set('commit pledge promise vow agree decide resolve guarantee undertake');
/** Verbs of intent or expectation: "we plan to", "we expect to", "we look forward to". */
const INTENT = set('plan intend aim seek expect anticipate prepare hope want wish strive look try');
/** Verbs that order someone else to act: "the President directed DHS to". */
const DIRECTIVE = set('direct instruct order task charge mandate');
/** Verbs that make something new public or official. */
const ANNOUNCE = set('announce unveil launch introduce release publish issue sign propose submit establish create form roll stand set finalize adopt');
/** Verbs of meeting and travel. */
const MEET = set('meet visit travel host convene hold attend welcome receive gather');
/** Concrete government action. */
const ACTION = set(
  'provide fund invest deploy expand build implement deliver send support strengthen increase reduce remove return suspend restrict address combat procure appoint lead join participate partner cooperate help assist train work open close enforce repatriate process admit resettle protect improve promote mobilize facilitate develop advance tackle counter fight prosecute sanction designate deport hire allocate spend request secure negotiate conclude renew extend double triple scale accelerate coordinate bring put make take continue begin start keep maintain ensure commit dedicate contribute donate offer grant pay finance expedite streamline modernize reform bolster boost raise lift waive impose apply deter stop prevent dismantle disrupt target',
);
/** Verbs of talking. */
const SPEECH = set('say talk discuss mention note outline preview walk tell explain highlight share speak describe emphasize stress underscore reiterate raise ask answer thank congratulate acknowledge comment');
/** Verbs of thinking and perceiving. */
const COGNITION = set('think believe know see understand feel recognize consider imagine assume suspect guess wonder remember hear');
/** Copulas and light verbs with no action of their own. */
const LIGHT = set('be have get');

const GOV_NOUNS = set(
  'president vice secretary minister ministry administration government department agency embassy ambassador envoy coordinator official officials leader leaders country countries nation nations state states governments cabinet congress team teams side sides commission task force council white house usaid dhs cbp ice',
);
const INSTITUTION_NOUNS = set('group committee commission dialogue mechanism council forum partnership initiative program programme plan strategy fund center centre corps task force coalition alliance framework roadmap process');
/** Bodies two governments set up to keep working together. */
const PROCEDURAL_BODIES = set('group committee commission dialogue mechanism council forum taskforce force working-group round meeting meetings talks consultations');
const AGREEMENT_NOUNS = set('agreement accord declaration memorandum treaty deal arrangement compact commitment commitments');

const DISCOURSE = set('and so but also now then well look again yes yeah okay ok sure first second third finally lastly additionally furthermore moreover obviously basically actually really just of course');
const HEDGES = /\b(?:I think|I believe|I guess|I suspect|I imagine|maybe|perhaps|probably|possibly|hopefully|kind of|sort of)\b/i;
const BOTH_SIDES = /\b(?:the two (?:nations|countries|governments|sides|presidents|leaders|teams)|both (?:countries|nations|governments|sides|presidents|leaders|of our countries)|our two (?:countries|nations|governments)|the three (?:countries|governments|leaders)|all three)\b/i;

const NEGATORS = set("not n't never no nothing");
const MONEY = /\$\s?\d|\b\d[\d,.]*\s*(?:million|billion|trillion)?\s*(?:dollars|pesos|euros)\b/i;
const DURATION = /\b(?:over|for|within|during|in)\s+(?:the\s+)?(?:next|coming|past|last)?\s*(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|few|couple of)\s+(?:days?|weeks?|months?|years?|decades?)\b/i;
const SEASON = /\b(?:this|next|the|coming) (?:fall|spring|summer|winter|autumn)\b/i;
const AGENDA_FRAME =
  /^(?:(?:And|So|Now|Also|Finally|First|Second|Third|Lastly|Then),?\s+)?(?:On|Regarding|Concerning|As for|In terms of|With respect to|With regard to|When it comes to|Turning to)\s+(?:the\s+)?[^,.;:?!]{2,60},\s+(?:we|they|both|the two|our)\b/i;
const FIRST_PLURAL = set('we us our ourselves');

function isFutureModal(t: Token): boolean {
  return t.pos === 'AUX' && (t.lemma === 'will' || t.lemma === 'shall' || t.lower === "'ll" || t.lower === 'wo');
}

/** Past tense or participle form: a verb whose form differs from its lemma and is not -s/-ing. */
function isPastForm(t: Token): boolean {
  if (t.pos !== 'VERB' && t.pos !== 'AUX') return false;
  if (['was', 'were', 'did', 'had', "'d"].includes(t.lower)) return t.lower !== "'d";
  if (t.lower === t.lemma) return false;
  if (/(?:ing|s)$/.test(t.lower) || ['is', 'are', 'am', "'s", "'re", "'m", "'ve", 'has'].includes(t.lower)) return false;
  return true;
}

/** Is tokens[i] the "going" of "going to (adverb) <verb>"? */
function goingTo(tokens: Token[], i: number): boolean {
  if (tokens[i].lower !== 'going' || tokens[i + 1]?.lower !== 'to') return false;
  const next = tokens[i + 2]?.pos === 'ADV' ? tokens[i + 3] : tokens[i + 2];
  return !!next && (next.pos === 'VERB' || next.pos === 'AUX');
}

export interface Anchor {
  /** Token index of the word that carries a commitment (a modal, a verb). */
  index: number;
  kind: 'future' | 'commissive' | 'intent' | 'directive' | 'progressive' | 'finite';
  /** Token index of the main verb it governs (the "launch" of "will launch"), or -1. */
  verb: number;
}

/**
 * The words that may carry a commitment, in order: future modals ("will", "going to"),
 * commissive, intent and directive verbs, present progressives ("we are working"). Without
 * any, the first finite verb.
 */
export function findAnchors(tokens: Token[]): Anchor[] {
  const out: Anchor[] = [];
  let firstFinite = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isFutureModal(t) || goingTo(tokens, i)) {
      const from = goingTo(tokens, i) ? i + 2 : i + 1;
      out.push({ index: i, kind: 'future', verb: mainVerbAfter(tokens, from) });
      if (goingTo(tokens, i)) i += 1;
      continue;
    }
    if (t.pos !== 'VERB') continue;
    if (COMMISSIVE.has(t.lemma)) out.push({ index: i, kind: 'commissive', verb: mainVerbAfter(tokens, i + 1) });
    else if (DIRECTIVE.has(t.lemma) && tokens.slice(i + 1, i + 10).some((x) => x.lower === 'to')) out.push({ index: i, kind: 'directive', verb: mainVerbAfter(tokens, i + 1) });
    else if (INTENT.has(t.lemma) && (t.lemma !== 'look' || tokens[i + 1]?.lower === 'forward')) out.push({ index: i, kind: 'intent', verb: mainVerbAfter(tokens, i + 1) });
    else if (t.lower.endsWith('ing') && ['am', 'is', 'are', "'re", "'m"].includes((tokens[i - 1]?.pos === 'ADV' ? tokens[i - 2] : tokens[i - 1])?.lower ?? '')) out.push({ index: i, kind: 'progressive', verb: i });
    else if (firstFinite < 0) firstFinite = i;
  }
  if (!out.length && firstFinite >= 0) out.push({ index: firstFinite, kind: 'finite', verb: firstFinite });
  return out;
}

/** The first anchor that carries a commitment (see findAnchors). */
export function findAnchor(tokens: Token[]): Anchor | null {
  return findAnchors(tokens)[0] ?? null;
}

function mainVerbAfter(tokens: Token[], from: number): number {
  for (let j = from; j < Math.min(tokens.length, from + 8); j++) {
    const t = tokens[j];
    if (goingTo(tokens, j)) {
      j += 1;
      continue;
    }
    if (t.pos === 'VERB' && !LIGHT.has(t.lemma)) return j;
    if (t.pos === 'PUNCT' && t.lower !== '—' && t.lower !== '-') break;
  }
  // "will be", "will have": the light verb itself
  for (let j = from; j < Math.min(tokens.length, from + 3); j++) if (tokens[j].pos === 'AUX' || tokens[j].pos === 'VERB') return j;
  return -1;
}

/** Tokens of the subject: from the last clause break before the anchor up to it. */
export function subjectTokens(tokens: Token[], anchor: number): Token[] {
  let start = 0;
  for (let i = anchor - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t.pos === 'PUNCT' && [',', ';', ':', '—', '–', '--', '-'].includes(t.text)) {
      start = i + 1;
      break;
    }
  }
  let out = tokens.slice(start, anchor);
  while (out.length && (DISCOURSE.has(out[0].lower) || out[0].pos === 'CCONJ' || out[0].pos === 'INTJ')) out = out.slice(1);
  // auxiliaries between subject and anchor ("we are going to", "we have agreed to")
  while (out.length && (out[out.length - 1].pos === 'AUX' || out[out.length - 1].pos === 'ADV' || out[out.length - 1].pos === 'PART')) out = out.slice(0, -1);
  return out;
}

function verbClass(t: Token | undefined): string | null {
  if (!t) return null;
  const l = t.lemma;
  if (MEET.has(l)) return 'meet';
  if (ANNOUNCE.has(l)) return 'announce';
  if (DIRECTIVE.has(l)) return 'directive';
  if (COMMISSIVE.has(l)) return 'commissive';
  if (SPEECH.has(l)) return 'speech';
  if (COGNITION.has(l)) return 'cognition';
  if (LIGHT.has(l)) return 'light';
  if (ACTION.has(l)) return 'action';
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// Talk about the call itself: never a commitment.

export type MetaKind = 'handoff' | 'questions' | 'ground-rules' | 'follow-up' | 'brevity' | 'preview' | 'logistics';

const META: Array<[MetaKind, RegExp]> = [
  ['handoff', /\b(?:(?:turn|hand|kick|pass|toss|send)(?:ing)? (?:it|things|this|the (?:call|floor|mic|mike))? ?(?:back )?(?:over|off)\b|over to (?:you|my (?:colleague|friend)|our (?:first|next|second|third)|\[)|without further ado|(?:turn|hand|pass|send) (?:it|things) back to|I(?:'ll| will) let (?:\[|my colleague|him|her|them|[A-Z])|(?:invite|ask) my colleague|(?:our|the) (?:first|next|second|third) speaker)/i],
  ['questions', /\b(?:(?:take|taking|open (?:it|this|things)? ?up (?:for|to)) (?:(?:a few|a couple of|some|your|one|one more|one last|the next|our first|two more|any)\s+)?(?:of your\s+)?questions?|Q&A|question-and-answer|(?:next|first|last|final) question|(?:time for|have time for) (?:about )?(?:one|two|three|a few|a couple(?: of)?) (?:more )?questions?|in (?:the )?queue|press (?:star|\*|#)|one (?:question )?per outlet|(?:call|calling) on|(?:will|'ll) (?:take|pose|be asking) (?:a|one|the) question|ask (?:a|your) question|\b(?:go|start|begin|turn) (?:over )?(?:to|with) [A-Z][a-z]+(?: [A-Z][a-z]+)?(?: next)?\W*$)/i],
  ['ground-rules', /\b(?:embargo(?:ed)?|on background|on the record|off the record|ground rules|attributable to|not for (?:attribution|reporting)|(?:this|the|today's|tonight's) (?:call|briefing) (?:is|will|contents)|contents? of (?:the|this|today's|tonight's) call|(?:conclude|wrap|end) (?:the|this|today's|tonight's) call|hang up)/i],
  ['follow-up', /\b(?:get back to you|follow up with (?:you|all of you)|circle back|look into (?:it|that|this)|check (?:on|into) (?:it|that|this)|get you (?:an answer|an update|the|more|a readout|a fact ?sheet)|have a readout|(?:email|e-mail) (?:me|us)|feel free to (?:email|reach)|(?:send|sending)(?: you| out)? (?:a|the|an embargoed)? ?(?:factsheet|fact sheet|transcript|readout|supporting materials)|you(?:'ll| will) (?:get|receive|see)\b[^.;]{0,30}?\b(?:factsheet|fact sheet|transcript|readout)|should have received|pull it for you)/i],
  ['brevity', /\b(?:(?:I'll|I will|I'm going to|let me) (?:be (?:very )?brief|keep (?:it|this|my remarks) (?:brief|short))|as brief as|I won't take (?:much|too much|a lot of) (?:time|your time))/i],
  [
    'preview',
    /\b(?:(?:I|I'm|I'd|I'll|I will|I want|I wanted|let me)\b[^.;]{0,40}?\b(?:go (?:really )?(?:quickly |briefly )?(?:through|over)|walk (?:you |you all |everyone )?through|run through|outline|lay out|preview|say a few (?:words|things)|make a (?:few|couple of) (?:points|comments)|(?:start|begin|kick) (?:off )?(?:with|by)|share a (?:few|couple)|(?:talk|speak) (?:a little|a bit|briefly|quickly)?\s*about|touch on|zero in|give you (?:a|an|some|the) (?:overview|sense|preview|update|rundown|readout|laydown)|roll out some of|introduce (?:our|the) speakers?|(?:end|close|wrap up) with (?:this|that))|what I(?:'ll| will| want to) say is|(?:have|has) (?:more|something|anything|nothing) (?:more )?(?:to (?:say|share|preview|announce)|on (?:that|this|it))\b|(?:stay tuned|more (?:on that|details) (?:later|soon|to come))|(?:brief|introductory|opening|initial) remarks)/i,
  ],
  ['logistics', /\b(?:wheels[- ]up|motorcade|press pool|(?:pool|photo) (?:spray|op)|open press|closed press|travel(?:ing)? pool|the pool will|schedule (?:update|change)|doors (?:open|close))/i],
];

/** The meta-talk in a sentence: what kind and where. */
export function findMetaTalk(text: string): Array<{ kind: MetaKind; start: number; end: number }> {
  const out: Array<{ kind: MetaKind; start: number; end: number }> = [];
  for (const [kind, re] of META) {
    const m = re.exec(text);
    if (m) out.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * True when the sentence is talk about the call itself and nothing more. A preview ("I'd like to
 * zero in on something") or a promised factsheet still lets through a commitment of its own in
 * the rest of the sentence ("... something we're going to launch for the Caribbean").
 */
export function isMetaTalk(text: string, analysis: TextAnalysis, meta = findMetaTalk(text)): boolean {
  if (!meta.length) return false;
  // hand-offs, questions, ground rules, brevity and logistics rule out the whole sentence; a
  // preview or a promised factsheet leaves the rest of it to be read
  if (meta.some((m) => m.kind !== 'preview' && m.kind !== 'follow-up')) return true;
  // the rest of the sentence, outside the preview, may still commit a government
  const rest = analysis.tokens.filter((t) => !meta.some((m) => t.start < m.end && m.start < t.end));
  for (let i = 0; i < rest.length; i++) {
    const future = isFutureModal(rest[i]) || goingTo(rest, i);
    const announce = rest[i].pos === 'VERB' && (ANNOUNCE.has(rest[i].lemma) || MEET.has(rest[i].lemma));
    if (!future && !announce) continue;
    const subj = rest
      .slice(Math.max(0, i - 6), i)
      .reverse()
      .find((t) => t.pos === 'PRON' || t.pos === 'NOUN' || t.pos === 'PROPN');
    if (!subj || subj.lower === 'i' || subj.lower === 'you' || subj.lower === 'it') continue;
    if (announce) return false;
    const verb = rest[mainVerbAfter(rest, goingTo(rest, i) ? i + 2 : i + 1)];
    const cls = verbClass(verb);
    if (cls === 'announce' || cls === 'action' || cls === 'meet' || cls === 'commissive') return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------

function overlaps(a: { start: number; end: number }, s: number, e: number): boolean {
  return a.start < e && s < a.end;
}

/** The person of the subject of an anchor: 'government', 'we', 'i', 'you', ... */
export function subjectPerson(text: string, tokens: Token[], anchorIndex: number, actors: SentenceContext['actors']): string {
  const subj = subjectTokens(tokens, anchorIndex);
  const a = tokens[anchorIndex];
  const subjStart = subj.length ? subj[0].start : a.start;
  const subjEnd = subj.length ? subj[subj.length - 1].end : a.start;
  const pronoun = subj.length === 1 && subj[0].pos === 'PRON' ? subj[0].lower : subj.find((t) => t.pos === 'PRON')?.lower;
  if (actors.some((r) => overlaps(r, subjStart, subjEnd)) || subj.some((t) => GOV_NOUNS.has(t.lemma)) || BOTH_SIDES.test(text.slice(subjStart, subjEnd))) return 'government';
  if (pronoun && FIRST_PLURAL.has(pronoun)) return 'we';
  if (pronoun === 'i') return 'i';
  if (pronoun === 'you') return 'you';
  if (pronoun === 'he' || pronoun === 'she') return 'he-she';
  if (pronoun === 'they') return 'they';
  if (pronoun === 'there' || subj.some((t) => t.lower === 'there')) return 'there';
  if (pronoun) return 'it';
  if (subj.some((t) => t.pos === 'NOUN' || t.pos === 'PROPN')) return 'noun';
  return 'none';
}

function anchorFeatures(text: string, tokens: Token[], anchor: Anchor, ctx: SentenceContext, on: (name: string) => void): void {
  on(`anchor:${anchor.kind}`);
  const after = tokens.slice(anchor.index + 1, anchor.index + 4);
  const negated = after.some((t) => NEGATORS.has(t.lower)) || tokens.slice(Math.max(0, anchor.index - 2), anchor.index).some((t) => NEGATORS.has(t.lower));
  if (negated) on(`negated:${anchor.kind}`);
  const subj = subjectTokens(tokens, anchor.index);
  const person = subjectPerson(text, tokens, anchor.index, ctx.actors);
  on(`subject:${person}`);
  // relative and embedded clauses: "the meetings that they will have", "how we will"
  const lead = subj.map((t) => t.lower);
  // a relative pronoun, or "that" after a noun ("issues that the ministers will discuss"; not "say that")
  const relative = tokens.slice(Math.max(0, anchor.index - 6), anchor.index).some((t, k, near) => ['which', 'who', 'whom'].includes(t.lower) || (t.lower === 'that' && k > 0 && ['NOUN', 'PROPN', 'PRON'].includes(near[k - 1].pos)));
  if (relative && subj.length > 2) on('clause:relative');
  if (['how', 'what', 'whether', 'why', 'whatever', 'when', 'where'].some((w) => lead.includes(w))) on('clause:embedded-question');
  if (tokens.slice(Math.max(0, anchor.index - 12), anchor.index).some((t) => ['if', 'unless', 'whether'].includes(t.lower))) on('clause:conditional');
  const v = anchor.verb >= 0 ? tokens[anchor.verb] : undefined;
  const cls = anchor.kind === 'directive' ? 'directive' : verbClass(v);
  if (cls) on(`verb:${cls}`);
  if (anchor.kind !== 'finite') {
    on(`${anchor.kind}+subject:${person}`);
    if (cls) on(`${anchor.kind}+verb:${cls}`);
    if (!negated && (person === 'we' || person === 'government') && (cls === 'action' || cls === 'announce' || cls === 'meet' || cls === 'directive' || cls === 'commissive')) on(`${anchor.kind}+actor+action`);
  }
  // a procedural commitment between governments: to meet again, to set up a working group
  if (anchor.kind !== 'finite' && (person === 'we' || person === 'government' || person === 'they')) {
    const rest = tokens.slice(anchor.index + 1, anchor.index + 12);
    if ((cls === 'meet' && rest.some((t) => ['again', 'regularly', 'annually', 'periodically'].includes(t.lower) || ['annual', 'regular', 'next', 'follow-up', 'follow-on'].includes(t.lemma))) || ((cls === 'announce' || cls === 'action' || cls === 'meet') && rest.some((t) => PROCEDURAL_BODIES.has(t.lemma)))) on('procedural:government');
  }
  if (anchor.kind === 'future' && tokens[anchor.index + 1]?.lemma === 'be' && v && isPastForm(v) && !tokens.slice(anchor.verb + 1).some((t) => t.lower === 'by')) on('future:passive');
  // what the verb acts on: an institution or an agreement
  const from = Math.max(anchor.index, anchor.verb) + 1;
  const object = tokens.slice(from, from + 8);
  if (object.some((t) => INSTITUTION_NOUNS.has(t.lemma))) on('object:institution');
  if (object.some((t) => AGREEMENT_NOUNS.has(t.lemma))) on('object:agreement');
  if (object.some((t) => t.pos === 'NOUN' || t.pos === 'PROPN')) on('object:noun');
  if (v && v.lower.endsWith('ing') && anchor.kind === 'finite') on('verb:gerund');
}

/**
 * Features from the neighbouring sentences of the same statement: undertakings come in runs
 * ("Tomorrow, she will announce ... She will also launch ...").
 */
export function addNeighbourFeatures(sentences: Features[], future: boolean[] = sentences.map((f) => !!f['anchor:future'])): void {
  sentences.forEach((f, i) => {
    if (future[i - 1]) f['context:previous-future'] = 1;
    if (future[i + 1]) f['context:next-future'] = 1;
  });
}

/** Does the sentence speak of the future ("will", "'ll", "going to")? (its anchor:future feature) */
export function speaksOfFuture(tokens: Token[]): boolean {
  return tokens.some((t, i) => isFutureModal(t) || goingTo(tokens, i));
}

/** The features of one sentence. `analysis` holds its tokens, offsets relative to `text`. */
export function commitmentFeatures(text: string, analysis: TextAnalysis, ctx: SentenceContext): Features {
  const f: Features = {};
  const on = (name: string, value = 1) => {
    if (value) f[name] = value;
  };
  const tokens = analysis.tokens;
  const words = tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SPACE' && t.pos !== 'SYM');

  // who speaks, and in which kind of statement
  on(`role:${(ctx.speakerRole ?? 'unattributed').toLowerCase()}`);
  on(`statement:${ctx.statementKind.toLowerCase()}`);
  if (ctx.position === 0) on('position:first-sentence');
  if (words.length < 7) on('length:short');
  if (words.length > 45) on('length:long');
  if (/\?\s*["')\]\u201d\u2019]*\s*$/.test(text)) on('mood:interrogative');

  // tense and modality, from the verbs and auxiliaries
  let future = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (isFutureModal(t)) {
      future = true;
      on(t.lemma === 'shall' ? 'future:shall' : 'future:will');
    } else if (goingTo(tokens, i)) {
      future = true;
      on('future:going-to');
    }
    if (t.pos === 'AUX' || t.pos === 'VERB') {
      if (['would', 'could', 'might', 'may'].includes(t.lower) || t.lower === "'d") on('modal:hedged');
      if (['should', 'must', 'ought'].includes(t.lower)) on('modal:obligation');
      if (t.lower === 'can' || t.lower === 'ca') on('modal:can');
      if (['need', 'have', 'has'].includes(t.lower) && next?.lower === 'to' && tokens[i + 2]?.pos === 'VERB') on('modal:obligation');
      if (['am', 'is', 'are', "'re", "'m", "'s"].includes(t.lower) && next && next.pos === 'VERB' && next.lower.endsWith('ing') && next.lower !== 'going') on('tense:present-progressive');
      if (['have', 'has', "'ve"].includes(t.lower) && t.pos === 'AUX') {
        const v = tokens.slice(i + 1, i + 4).find((x) => x.pos === 'VERB' || x.pos === 'AUX');
        if (v && isPastForm(v)) on('tense:present-perfect');
      }
      if (t.pos === 'VERB' && isPastForm(t)) {
        const before = tokens.slice(Math.max(0, i - 3), i);
        const aux = before.find((x) => x.pos === 'AUX');
        if (!aux) on('tense:past');
        else if (['was', 'were', 'did', 'had'].includes(aux.lower)) on('tense:past');
        else if (['is', 'are', 'be', 'been', 'being', "'s", "'re"].includes(aux.lower)) on('voice:passive');
      }
      if (['was', 'were', 'did'].includes(t.lower)) on('tense:past');
    }
  }
  if (tokens.some((t) => NEGATORS.has(t.lower) || NEGATORS.has(t.lemma))) on('negation:any');

  // the anchors: the modals or verbs that carry a commitment, each with its subject and verb
  const anchors = findAnchors(tokens).slice(0, 4);
  if (!anchors.length) on('anchor:none');
  for (const anchor of anchors) anchorFeatures(text, tokens, anchor, ctx, on);

  // time and amounts
  if (ctx.futureDate) on('time:future-date');
  if (ctx.pastDate) on('time:past-date');
  if (ctx.futureDate || ctx.pastDate) on('time:date');
  if (DURATION.test(text)) on('time:duration');
  if (tokens.some((t) => ['today', 'tonight'].includes(t.lower))) on('time:today');
  if (tokens.some((t) => ['tomorrow', 'soon', 'upcoming', 'later', 'next'].includes(t.lower)) || SEASON.test(text)) on('time:ahead');
  if (tokens.some((t) => ['yesterday', 'ago', 'already', 'previously', 'earlier', 'last'].includes(t.lower))) on('time:behind');
  if (MONEY.test(text)) on('amount:money');
  // figures, not "the two leaders"
  else if (tokens.some((t) => t.pos === 'NUM' && /\d/.test(t.text))) on('amount:number');

  // domain
  if (ctx.actors.length) on('mentions:government-actor');
  if (BOTH_SIDES.test(text)) on('mentions:both-sides');
  if (ctx.topical) on('topic:agenda');
  if (HEDGES.test(text)) on('hedge');
  // the agenda frame of a preview: "On security, we ...", "As for trade, both sides ..."
  if (AGENDA_FRAME.test(text)) on('frame:on-topic');
  if (tokens.some((t) => t.pos === 'VERB' && t.lemma === 'announce')) on('verb-any:announce');
  // "this includes allowing ...", "that means working together to ...": a list of undertakings
  if (tokens.some((t, i) => ['include', 'mean', 'involve', 'require'].includes(t.lemma) && tokens[i + 1]?.pos === 'VERB' && tokens[i + 1].lower.endsWith('ing'))) on('verb:includes-gerund');
  if (tokens.some((t) => t.pos === 'VERB' && (INTENT.has(t.lemma) || COMMISSIVE.has(t.lemma)) && t.lemma !== 'look')) on('verb-any:intent-or-commit');
  if (tokens.some((t) => INSTITUTION_NOUNS.has(t.lemma))) on('mentions:institution');
  if (tokens.some((t) => t.pos === 'PRON' && t.lower === 'you')) on('mentions:you');
  if (future && tokens.some((t) => t.pos === 'PRON' && FIRST_PLURAL.has(t.lower))) on('future+we-anywhere');
  for (const m of ctx.meta ?? findMetaTalk(text)) on(`meta:${m.kind}`);
  // the words themselves (lemmas of content words); training keeps those seen in several files
  // (adverbs are left out: "again", "now", "so" are mostly discourse markers in speech)
  for (const t of tokens) {
    if ((t.pos !== 'VERB' && t.pos !== 'NOUN' && t.pos !== 'ADJ') || !/^[a-z][a-z-]{2,}$/.test(t.lemma)) continue;
    const name = `word:${t.lemma}`;
    if (!ctx.words || ctx.words.has(name)) f[name] = 1;
  }
  return f;
}
