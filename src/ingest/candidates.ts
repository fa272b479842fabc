/**
 * Stage 9: commitment candidates. Forward-looking undertakings by officials, proposed for
 * staff to accept or reject. Each sentence of an official's statement is checked against
 * cue rules ("will", "we'll", "expect to", "plan to", "committed to", "directed ... to",
 * "instructed ... to", "agree that we need to", "with the goal of", "On <topic>, we ...");
 * the strongest cue of a sentence yields one candidate with its span (the clause), kind,
 * topics, obligated parties, due date, confidence and the cue that fired.
 *
 * Never from questions, operator instructions or journalists. A cue does not fire when it
 * is negated ("not going to speculate"), conditional ("if you ..."), a hand-off ("I'll hand
 * it over"), inside a relative clause that merely names an event ("the meetings that X will
 * be having"), an agentless passive ("issues that are going to be discussed") or
 * "there will be". A later restatement of an earlier candidate is dropped.
 */
import type { CommitmentKind, DatePrecision, ParsedCandidate, ParsedOrganization, ParsedParty, ParsedPerson, TopicTag } from './ingest.types';
import { addNeighbourFeatures, commitmentFeatures, findAnchor, findMetaTalk, isMetaTalk, speaksOfFuture, type Features } from './commitment-features';
import { COMMITMENT_MODEL, probability, reasons, type CommitmentModel } from './commitment-model';
import { detectTense, findDateMentions, findDueDate } from './dates';
import { findCountryWords, findOrganizations } from './gazetteer';
import type { AnalysisContext, StatementDoc } from './meetings';
import { analyseSentences, type TextAnalysis } from './nlp';
import { cueTags, keywordHits, tagText, type TopicMatcher } from './topics';
import type { Span } from './sentences';

interface CueRule {
  name: string;
  re: RegExp;
  kind: CommitmentKind;
  confidence: number;
  priority: number;
  /** Checks that apply to "will"-like modal cues. */
  modal?: boolean;
}

const CUES: CueRule[] = [
  {
    name: 'ground-rule',
    re: /\b(?:(?:will|'ll)\s+(?:also\s+)?(?:post|publish|release|circulate|send out|distribute|put out|have|provide)\b[^.;]{0,40}\b(?:transcript|readout|read-out|statement|fact sheet|schedule)|(?:will be|is) embargoed|get back to you|follow up with you|circle back|(?:I|we)(?:'ll| will) (?:have to )?(?:check (?:on|into)?|look into|find out|take (?:that|it) back|follow up|get you (?:an answer|more|a readout))|(?:I'll|we'll) get back)\b/gi,
    kind: 'PROCEDURAL',
    confidence: 0.4,
    priority: 6,
  },
  {
    name: 'directive',
    re: /\b(?:directed|instructed|ordered|tasked|charged|mandated)\s+((?:[\w'-]+\s+){1,8}?)to\s+(?!(?:the|a|an|his|her|their|our|this|that)\b)[a-z]+/gi,
    kind: 'DIRECTIVE',
    confidence: 0.8,
    priority: 5,
  },
  {
    name: 'committed',
    re: /\b(?:(?:remain|remains|are|is|am|stay|stays|re|m|s)\s+(?:\w+\s+)?(?:fully\s+|firmly\s+|deeply\s+|very\s+|strongly\s+)?committed to|commit(?:s|ted)? (?:ourselves |themselves )?to|pledge[sd]? to|promise[sd]? to|vow(?:s|ed)? to|(?:reaffirm(?:s|ed)?|reiterate[sd]?|renew(?:s|ed)?|underscore[sd]?|made|make) (?:their|our|its|his|her|a|the) (?:\w+ )?commitment to)\b/gi,
    kind: 'ACTION',
    confidence: 0.8,
    priority: 5,
  },
  {
    name: 'agreed',
    re: /\bagree(?:d|s)?\s+(?:that\s+)?(?:we|they|both sides|the two \w+|both \w+)\s+(?:need|needed|will|would|should|must|have)\s+(?:to\s+)?\w+|\bagreed to\s+\w+/gi,
    kind: 'ACTION',
    confidence: 0.75,
    priority: 5,
  },
  {
    name: 'goal',
    re: /\b(?:with (?:the|an) (?:goal|aim|objective|purpose|intention) of|(?:our|the|their) (?:goal|aim|objective) (?:is|will be) to)\b/gi,
    kind: 'GOAL',
    confidence: 0.7,
    priority: 4,
  },
  {
    name: 'expect-to',
    re: /\b(?:expects?|expecting)\s+(?:(?:the|this|that|our|their)\s+[\w-]+\s+|[\w-]+\s+)?to\s+[a-z]+/gi,
    kind: 'ACTION',
    confidence: 0.65,
    priority: 3,
  },
  {
    name: 'plan-to',
    re: /\b(?:plans?|planning|intends?|intending|aims?|seeks?|seeking|are preparing|is preparing)\s+to\s+[a-z]+/gi,
    kind: 'ACTION',
    confidence: 0.65,
    priority: 3,
  },
  {
    name: 'will',
    re: /\b(?:will|shall)\b|(?<=\w)'ll\b|\b(?:going to)\b/gi,
    kind: 'ACTION',
    confidence: 0.6,
    priority: 2,
    modal: true,
  },
  {
    name: 'need-for',
    re: /\bthe need for (?:the two (?:nations|countries|governments)|both (?:countries|nations|sides|governments)|[\w-]+)\s+to\s+[a-z]+/gi,
    kind: 'GOAL',
    confidence: 0.5,
    priority: 2,
  },
  {
    name: 'keen-to',
    re: /\b(?:are|is|am|remain|remains)\s+(?:very\s+|also\s+)?(?:keen|determined|eager|resolved)\s+to\s+[a-z]+/gi,
    kind: 'GOAL',
    confidence: 0.5,
    priority: 2,
  },
  {
    name: 'continue-to',
    re: /\b(?:we|I)\s+(?:will\s+|'ll\s+)?(?:also\s+)?(?:continue|are continuing)\s+to\s+[a-z]+/gi,
    kind: 'ACTION',
    confidence: 0.5,
    priority: 1,
  },
  {
    name: 'want-to',
    re: /\b(?:we|I)\s+(?:really\s+|do\s+|also\s+)?want\s+to\s+[a-z]+/gi,
    kind: 'ACTION',
    confidence: 0.45,
    priority: 1,
  },
  {
    name: 'look-forward',
    re: /\blook(?:s|ing)?\s+(?:very much\s+|very\s+much\s+|really\s+)?forward\s+to\s+(?:\w+\s+)?\w+ing\b/gi,
    kind: 'ACTION',
    confidence: 0.45,
    priority: 1,
  },
];

const AGENDA_RE =
  /^(?:(?:And|So|Now|Also|Finally|First|Second|Third|Lastly),?\s+)?(?:On|Regarding|Concerning|As for|In terms of|With respect to|With regard to|When it comes to|Turning to)\s+(?:the\s+)?[^,.;:?!]{2,60},\s+(?:we|they|both sides|the two (?:countries|governments|nations|sides))\s+(?!(?:have|had|'ve)\s+(?:seen|made|done|been|had|already)\b)(?!(?:did|were|was)\b)(?![a-z]+ed\b)/i;

const HANDOFF_RE =
  /\b(?:(?:will|'ll|going to) (?:have to )?(?:wait and )?see\b|have more to say|have (?:more|something) (?:on|about) (?:that|this|it)|more on that (?:later|soon)|stay tuned|on background|on the record|off the record|not for reporting|ground rules|instructions|kick (?:it|things) (?:over|off)|Q&A|walk (?:you|you guys|everyone|everybody) through|as brief as|(?:ask|take|pose|put) (?:a|one|your|the) question|be asking|one at a time|follow-up questions|(?:I|we)(?:'ll| will) (?:just |now |briefly |quickly |also )?(?:give you|outline|preview|brief you|lay out a few)|will (?:outline|preview|brief you on|go over) (?:the|a|some) (?:themes|topline|schedule|ground rules|program)|(?:move|get|go|turn|come) (?:on )?to (?:your |the )?questions|take your questions|(?:I|we)(?:'ll| will) (?:just |now |briefly |quickly )?(?:tell you|go (?:briefly |quickly )?(?:through|over)|walk (?:you )?through|start (?:off )?(?:by|with)|begin (?:by|with)|say|note|mention|read|give you|repeat|be brief|keep (?:it|this) brief)|hand (?:it |the mike |the mic |things |this )?over|turn (?:it |things )?over|over to (?:you|my colleague|our)|open (?:it )?(?:up )?(?:for|to) (?:your )?questions|take (?:some of )?(?:your )?questions|questions in|next question|go ahead|speaker|operator|leave it there|weigh in|I'll let|let me (?:just )?(?:say|add|start|begin|note)|anything (?:else )?to add)\b/i;

const COMPLEMENT_VERBS = new Set(
  'say said says saying note noted stress stressed know knew think thought believe believed hope hoped expect expected confident sure clear mean means meant acknowledged acknowledge agree agreed reiterate reiterated emphasize emphasized emphasise mention mentioned is was shows show showed ensure ensuring understand understood announce announced envision add added confirm confirmed assure assured tell told promise promised'.split(
    ' ',
  ),
);

const SPEECH_VERB_RE =
  /^(?:acknowledge|thank|say|note|mention|start|begin|recognize|recognise|welcome|introduce|highlight|stress|emphasize|emphasise|point out|remind|update|clarify|give you|take a moment|share|read|announce|congratulate|express|echo|add|be clear|make (?:it )?clear|talk about|walk you)\b/i;
const LOGISTICS_RE =
  /^\s+(?:\w+,?\s+)?(?:also\s+)?(?:be\s+)?(?:obviously,?\s+)?(?:arriv\w*|depart\w*|land\w*|greeted|head(?:ing|s)? (?:to|for|back|out)|staying|stay (?:at|in|overnight)|fly(?:ing)? (?:to|back)|leav\w* (?:for|at)|return\w* to|wheels|overnight|take off|board\w*)\b/i;

const DISCOURSE_RE =
  /^(?:(?:and|so|but|also|now|then|in sum|in short|in addition|basically|obviously|again|look|well|I mean|no|yeah|yes|okay|ok|great|thanks|thank you|sure|to that end|as a result|therefore|of course|certainly|as (?:many of )?you (?:know|mentioned|said)|as (?:\[[^\]]{1,60}\]|I|my colleague|[A-Z][\w.]*(?: [A-Z][\w.]*){0,3}) (?:said|mentioned|noted))[,.]?\s+)+/i;

const STOP = new Set(
  'the a an and or but of to in on at for with by from as is are was were be been being this that these those it its we our us they their them he his she her i you your will would shall can could may might must should have has had do does did not no so also just very more most some any all both each which who whom what when where how than then there here into over about through'.split(
    ' ',
  ),
);

function contentWords(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .replace(/[^a-z0-9' -]+/g, ' ')
      .split(/\s+/)
      .map((w) => w.replace(/'s$/, '').replace(/s$/, ''))
      .filter((w) => w.length > 2 && !STOP.has(w)),
  );
}

interface CueHit {
  rule: CueRule;
  start: number;
  end: number;
  text: string;
  /** For directives: the directed object ("their teams"). */
  object?: string;
}

function clauseBounds(text: string, sent: Span, pos: number, sep: RegExp): Span {
  let start = sent.start;
  let end = sent.end;
  const s = text.slice(sent.start, sent.end);
  sep.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = sep.exec(s))) {
    const abs = sent.start + m.index;
    if (abs < pos) start = abs + m[0].length;
    else {
      end = abs;
      break;
    }
  }
  return { start, end };
}

function isRelative(text: string, clauseStart: number, cueStart: number): boolean {
  let before = text.slice(clauseStart, cueStart);
  // a relative clause does not run across a comma
  const comma = before.lastIndexOf(',');
  if (comma >= 0) before = before.slice(comma + 1);
  const rel = /\b(that|which|who|whom)\b(?![\s\S]*\b(?:that|which|who|whom)\b)/i.exec(before);
  if (!rel) return false;
  const pre = before.slice(0, rel.index).trimEnd();
  const prevWords = pre.toLowerCase().split(/[^a-z']+/).filter(Boolean).slice(-4);
  const prevWord = prevWords[prevWords.length - 1] ?? '';
  if (/^(so|now|such|fact)$/.test(prevWord)) return false;
  // "say that", "say at the top that": a complement clause, not a relative one
  if (prevWords.some((w) => COMPLEMENT_VERBS.has(w))) return false;
  // "the fact that", "a reminder that" take a clause, not a relative
  if (/\b(?:fact|reminder|sense|hope|confidence|assurance|idea|point)\s*$/i.test(pre)) return false;
  return true;
}

function modalBlocked(text: string, clause: Span, hit: CueHit): boolean {
  const after = text.slice(hit.end, Math.min(clause.end, hit.end + 40));
  const before = text.slice(clause.start, hit.start);
  if (/^\s+(?:not|never)\b/i.test(after)) return true;
  if (/\bthere\s*$|\bthere is\s*$|\bthere are\s*$|\bthere's\s*$/i.test(before)) return true;
  // agentless passive: "are going to be discussed"
  const pas = /^\s+(?:also\s+|then\s+|now\s+)?be\s+([a-z]+)\b/i.exec(after);
  if (pas && /(?:ed|en|wn|ught|lt|nt)$/.test(pas[1]) && !/^(?:open|even|seven|often|green|keen)$/.test(pas[1]) && !/\bby\b/.test(text.slice(hit.end, clause.end))) return true;
  if (isRelative(text, clause.start, hit.start)) return true;
  // "how will", "what will" (embedded questions), "whatever ... will"
  if (/\b(?:how|what|whether|whatever|whoever|why)\b[^,]{0,40}$/i.test(before)) return true;
  return false;
}

function blocked(text: string, clause: Span, hit: CueHit): boolean {
  const before = text.slice(Math.max(clause.start, hit.start - 24), hit.start);
  const own = text.slice(hit.start, hit.end);
  if (/\b(?:not|never|no longer)\s+(?:\w+\s+)?$|n't\s+(?:\w+\s+)?$/i.test(before) || /\bnot\b/i.test(own)) return true;
  const clauseBefore = text.slice(clause.start, hit.start);
  if (/\b(?:if|unless|whether)\b/i.test(clauseBefore)) return true;
  if (hit.rule.kind !== 'PROCEDURAL' && HANDOFF_RE.test(text.slice(clause.start, clause.end))) return true;
  if (hit.rule.modal && modalBlocked(text, clause, hit)) return true;
  // "the plan to repeal": a noun, not an intention
  if (hit.rule.name === 'plan-to' && /\b(?:the|a|an|this|that|our|their|his|her|its)\s+$/i.test(text.slice(Math.max(clause.start, hit.start - 8), hit.start))) return true;
  // "I want to acknowledge", "we want to thank": speech acts, not undertakings
  if (hit.rule.name === 'want-to' && SPEECH_VERB_RE.test(hit.text.replace(/^.*?\bto\s+/i, '') + text.slice(hit.end, hit.end + 20))) return true;
  if (hit.rule.name === 'will' && LOGISTICS_RE.test(text.slice(hit.end, hit.end + 40))) return true;
  if (hit.rule.name === 'expect-to' || hit.rule.name === 'plan-to') {
    if (/\b(?:you|do you|did you)\s+$/i.test(text.slice(Math.max(clause.start, hit.start - 12), hit.start))) return true;
    if (/\b(?:how|what|whether)\b[^,]{0,30}$/i.test(clauseBefore)) return true;
  }
  return false;
}

/**
 * Independent clauses of a sentence: split at ';' and at ", and/but/while" when a new
 * subject follows ("..., and we will continue to support ...").
 */
function independentClauses(text: string, sent: Span): Span[] {
  const s = text.slice(sent.start, sent.end);
  const re = /;\s*|,\s+(?:and|but|while|whereas)\s+(?=(?:we|I|they|he|she|it|this|that|these|those|our|their|both|the|[A-Z])\b)|\s+-\s+and\s+(?=(?:we|I|they|he|she)\b)/g;
  const out: Span[] = [];
  let cur = sent.start;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const abs = sent.start + m.index;
    // ", and the Office of ..." closing a list of names is not a new clause: the part before
    // must have a verb of its own
    if (m[0] !== ';' && !m[0].startsWith(';') && !FINITE_RE.test(text.slice(cur, abs))) continue;
    if (abs > cur) out.push({ start: cur, end: abs });
    cur = abs + m[0].length;
  }
  if (sent.end > cur) out.push({ start: cur, end: sent.end });
  return out;
}

const FINITE_RE = /\b(?:will|would|can|could|should|must|shall|is|are|was|were|has|have|had|did|does|do|am|[a-z]{3,}ed)\b|'(?:ll|re|s|ve|d|m)\b|\b(?:[Ww]e|I|[Tt]hey|[Hh]e|[Ss]he|[Ii]t)\s+[a-z]{3,}/i;

const AGENT_NOUN_RE =
  /\b(?:government|governments|team|teams|delegation|delegations|department|departments|ministry|ministries|secretariat|secretary|secretaries|president|presidents|minister|ministers|officials?|leaders?|countries|country|nations?|sides?|administration|embassy|embassies|staff|agenc(?:y|ies)|visit|trip|meeting|meetings|call|talks|dialogue|working group|commission|committee|process|program|programme|initiative|agreement|ambassador|envoy|spokesperson|task force|partners?|counterparts?|White House)\b/i;
const PRONOUN_RE = /\b(?:we|I|you|they|he|she|it|this|that|these|those|everyone|everybody|both)\b/i;

/** A "will" needs someone (or some event) to do it: "Trade will come up" is not an undertaking. */
function agentive(text: string, clause: Span, hit: CueHit, doc: StatementDoc, ctx: AnalysisContext): boolean {
  if (hit.rule.name !== 'will') return true;
  const seg = subjectSegment(text, clause, hit.start, doc);
  const subject = text.slice(seg.start, hit.start).replace(DISCOURSE_RE, '').trim();
  if (!subject || /^(?:and|or|but|also|then)$/i.test(subject)) return true;
  if (PRONOUN_RE.test(subject) || AGENT_NOUN_RE.test(subject)) return true;
  if (doc.mentions.some((r) => r.start >= seg.start && r.end <= hit.start)) return true;
  if (findOrganizations(subject).length || findCountryWords(subject).length) return true;
  // a person the briefing knows ("Tillerson will ...") even without a post
  return Array.from(ctx.persons.values()).some((p) => !!p.surname && subject.includes(p.surname));
}

function findCues(text: string, sent: Span, matcher?: TopicMatcher): CueHit[] {
  const s = text.slice(sent.start, sent.end);
  const out: CueHit[] = [];
  for (const rule of CUES) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(s))) {
      out.push({ rule, start: sent.start + m.index, end: sent.start + m.index + m[0].length, text: m[0], object: rule.name === 'directive' ? m[1] : undefined });
      if (m[0].length === 0) rule.re.lastIndex++;
    }
  }
  const agenda = AGENDA_RE.exec(s);
  if (agenda && matcher && cueTags(matcher, s.slice(0, s.indexOf(',') + 1)).length) {
    const comma = s.indexOf(',', 0);
    const start = sent.start + comma + 1;
    out.push({
      rule: { name: 'agenda', re: AGENDA_RE, kind: 'ACTION', confidence: 0.55, priority: 1.5 },
      start: start + (/^\s*/.exec(s.slice(comma + 1))?.[0].length ?? 0),
      end: sent.start + agenda[0].length,
      text: s.slice(0, agenda[0].length).trim(),
    });
  }
  return out;
}

const MEETING_VERB_RE = /^\s*(?:\w+ly\s+)?(?:also\s+)?(?:be\s+)?(?:meet|meeting|visit|visiting|travel|traveling|travelling|hold talks|host|hosting|co-host|co-hosting|participate|spend time meeting|sit down|convene|attend)\b/i;

function partyOfOrg(org: ParsedOrganization): ParsedParty {
  return { organization: org, country: org.country };
}

function addParty(list: ParsedParty[], p: ParsedParty | null): void {
  if (!p || (!p.organization && !p.country)) return;
  const key = p.organization ? `o:${p.organization.name}` : `c:${p.country}`;
  if (list.some((x) => (x.organization ? `o:${x.organization.name}` : `c:${x.country}`) === key)) return;
  // a country party is redundant next to an organisation of that country
  if (!p.organization && list.some((x) => x.country === p.country)) return;
  list.push(p);
}

const BOTH_RE = /\b(?:the two (?:nations|countries|governments|sides|presidents|leaders|teams)|both (?:countries|nations|governments|sides|presidents|leaders|of our countries|of them)|our two (?:countries|nations|governments)|they both|each side|the two)\b/i;

/**
 * The comma segment that holds the subject of the cue: "As X said, Secretary T and
 * Secretary K will meet" -> "Secretary T and Secretary K will meet". A segment that starts
 * with "and"/"or" after a list of names reaches back over the list.
 */
function subjectSegment(text: string, clause: Span, cueStart: number, doc: StatementDoc): Span {
  const before = text.slice(clause.start, cueStart);
  const re = /,\s+|\s+[-\u2013\u2014]\s+/g;
  const cuts: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(before))) cuts.push(clause.start + m.index + m[0].length);
  let start = cuts.length ? cuts[cuts.length - 1] : clause.start;
  // keep the whole subject of a coordinated list ("the Department of State, the Department of
  // Commerce, and the Office of the USTR will")
  const last = text.slice(start, cueStart);
  if (/^(?:and|or)\s/i.test(last) || /^\s*$/.test(last)) {
    for (let k = cuts.length - 1; k >= 0; k--) {
      const segStart = k > 0 ? cuts[k - 1] : clause.start;
      const seg = text.slice(segStart, cuts[k]).replace(/[,\s]+$/, '');
      const named = doc.mentions.some((r) => r.start >= segStart && r.end <= cuts[k]) || findOrganizations(seg).length > 0 || findCountryWords(seg, ['name']).length > 0;
      if (named && seg.trim().split(/\s+/).length <= 8) start = segStart;
      else break;
    }
  }
  return { start, end: cueStart };
}

function titleOf(span: string): string {
  let t = span.replace(DISCOURSE_RE, '').replace(/\s+/g, ' ').trim();
  t = t.replace(/[.;:,!]+$/, '');
  if (t.length > 100) {
    const cut = t.slice(0, 100);
    t = `${cut.slice(0, cut.lastIndexOf(' ') > 60 ? cut.lastIndexOf(' ') : 100)}...`;
  }
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export interface CandidateDraft {
  statementIndex: number;
  start: number;
  end: number;
  kind: CommitmentKind;
  topics: TopicTag[];
  parties: ParsedParty[];
  dueDate: string | null;
  dueDatePrecision: DatePrecision;
  confidence: number;
  cue: string;
  title: string;
  reasons: string[];
}

/** One sentence as the commitment model saw it (for training and evaluation). */
export interface SentenceRow {
  statementIndex: number;
  /** The sentence's span in its statement's normalised text. */
  start: number;
  end: number;
  text: string;
  features: Features;
  /** False when a rule rules it out whatever the model says: a question, talk about the call. */
  eligible: boolean;
  probability: number;
}

export interface CandidateOptions {
  model?: CommitmentModel;
  /** Sentences the model scores below this are not proposed (default: the model's threshold). */
  minConfidence?: number;
  /** Receives every sentence the model saw, with its features and score. */
  sentences?: SentenceRow[];
}

const MEETING_KIND_VERBS = new Set(['meet', 'visit', 'travel', 'host', 'convene', 'attend', 'hold']);
const GOAL_RE = /\b(?:goal|aim|objective|priority|priorities|purpose)\b/i;

/** Where a statement names a government actor: known people, government bodies, countries. */
function governmentActors(doc: StatementDoc, ctx: AnalysisContext): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const r of doc.mentions) {
    const p = ctx.persons.get(r.key);
    if (p && p.role !== 'JOURNALIST') out.push({ start: r.start, end: r.end });
  }
  for (const o of findOrganizations(doc.text)) if (o.org.kind === 'GOVERNMENT' || o.org.kind === 'INTERNATIONAL') out.push({ start: o.start, end: o.end });
  for (const w of findCountryWords(doc.text, ['name', 'adjective'])) out.push({ start: w.start, end: w.end });
  for (const p of ctx.persons.values()) {
    if (!p.surname || p.role === 'JOURNALIST' || p.anonymous) continue;
    for (let at = doc.text.indexOf(p.surname); at >= 0; at = doc.text.indexOf(p.surname, at + 1)) out.push({ start: at, end: at + p.surname.length });
  }
  return out;
}

/** Words that may start a date expression: only such sentences are searched for dates. */
const DATE_HINT = /\d|\b(?:tomorrow|yesterday|today|tonight|next|last|this (?:week|month|year|morning|afternoon|evening)|later|earlier|ago|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|quarter|within)\b/i;

const WORDS = new WeakMap<CommitmentModel, ReadonlySet<string>>();

/** The word features a model weighs: the others need not be computed. */
function modelWords(model: CommitmentModel): ReadonlySet<string> | undefined {
  let words = WORDS.get(model);
  if (!words) WORDS.set(model, (words = new Set(Object.keys(model.weights).filter((k) => k.startsWith('word:')))));
  // a model without word weights (an untrained one) sees every word
  return words.size ? words : undefined;
}

/** Features of every sentence of a statement, with the model's score. */
function scoreStatement(doc: StatementDoc, ctx: AnalysisContext, model: CommitmentModel, allWords: boolean): Array<SentenceRow & { analysis: TextAnalysis }> {
  // questions, sentences cut off mid-way, and talk about the call itself are never proposed:
  // their features are not needed (only whether they speak of the future, for their neighbours)
  const texts = doc.sentences.map((sent) => doc.text.slice(sent.start, sent.end));
  const metas = texts.map((sText) => findMetaTalk(sText));
  const open = texts.map((sText, k) => !/\?\s*["')\]]*\s*$/.test(sText) && !/--\s*$/.test(sText) && !metas[k].some((m) => m.kind !== 'preview' && m.kind !== 'follow-up'));
  // no sentence can be proposed: the tagger (the costliest step) is not needed, unless the
  // caller keeps every sentence's features (training: the neighbour features of ineligible ones)
  if (!allWords && !open.some(Boolean)) {
    const none: TextAnalysis = { tokens: [] };
    return doc.sentences.map((sent, k) => ({ statementIndex: doc.index, start: sent.start, end: sent.end, text: texts[k], features: {}, eligible: false, probability: 0, analysis: none }));
  }
  const analyses = analyseSentences(doc.text, doc.sentences);
  const actors = governmentActors(doc, ctx);
  const topicHits = keywordHits(ctx.matcher, doc.text).filter((h) => h.slug);
  const rows = doc.sentences.map((sent, position) => {
    const sText = texts[position];
    const sa = analyses[position];
    const meta = metas[position];
    const eligible = open[position] && !isMetaTalk(sText, sa, meta);
    if (!eligible) return { statementIndex: doc.index, start: sent.start, end: sent.end, text: sText, features: {}, eligible, probability: 0, analysis: sa };
    const dated = DATE_HINT.test(sText);
    const due = dated ? findDueDate(sText, ctx.briefingDate) : null;
    const mentions = dated && ctx.briefingDate ? findDateMentions(sText, ctx.briefingDate, detectTense(sText)) : [];
    const features = commitmentFeatures(sText, sa, {
      meta,
      words: allWords ? undefined : modelWords(model),
      speakerRole: doc.speakerRole,
      statementKind: doc.kind,
      position,
      actors: actors.filter((a) => a.start >= sent.start && a.end <= sent.end).map((a) => ({ start: a.start - sent.start, end: a.end - sent.start })),
      topical: topicHits.some((h) => h.start >= sent.start && h.end <= sent.end),
      futureDate: !!(due?.date && ctx.briefingDate && due.date >= ctx.briefingDate),
      pastDate: mentions.some((m) => !!m.date && !!ctx.briefingDate && m.date < ctx.briefingDate),
    });
    return { statementIndex: doc.index, start: sent.start, end: sent.end, text: sText, features, eligible, probability: 0, analysis: sa };
  });
  addNeighbourFeatures(
    rows.map((r) => r.features),
    rows.map((r) => (r.eligible ? !!r.features['anchor:future'] : speaksOfFuture(r.analysis.tokens))),
  );
  for (const r of rows) if (r.eligible) r.probability = probability(model, r.features);
  return rows;
}

/**
 * Proposes commitment candidates from officials' statements: every sentence is scored by the
 * commitment model; one above `minConfidence` becomes a candidate per independent clause that
 * holds an undertaking (its span, kind, parties and due date read from that clause), or one for
 * the whole sentence.
 */
export function extractCandidates(docs: StatementDoc[], ctx: AnalysisContext, options: CandidateOptions = {}): ParsedCandidate[] {
  const model = options.model ?? COMMITMENT_MODEL;
  const minConfidence = options.minConfidence ?? model.threshold;
  const drafts: Array<CandidateDraft & { words: Set<string> }> = [];
  let lastParties: ParsedParty[] = [];
  let lastTurn = -1;
  for (const doc of docs) {
    if (doc.turnIndex !== lastTurn) {
      lastParties = [];
      lastTurn = doc.turnIndex;
    }
    // journalists and operators make no commitments
    if (doc.kind === 'QUESTION' || doc.speakerRole === 'JOURNALIST' || doc.speakerRole === 'OPERATOR') continue;
    const text = doc.text;
    const speaker = doc.speakerKey ? ctx.persons.get(doc.speakerKey) ?? null : null;
    const paraCues = cueTags(ctx.matcher, text);
    // the sentences asked for (training, evaluation) carry every word feature
    const rows = scoreStatement(doc, ctx, model, !!options.sentences);
    options.sentences?.push(...rows.map(({ analysis: _analysis, ...row }) => row));
    for (const row of rows) {
      if (!row.eligible || row.probability < minConfidence) continue;
      const sent: Span = { start: row.start, end: row.end };
      const why = reasons(model, row.features);
      const confidence = Math.round(row.probability * 1000) / 1000;
      const allHits = findCues(text, sent, ctx.matcher);
      const clauses = independentClauses(text, sent)
        .map((clause) => ({ clause, hits: allHits.filter((h) => h.start >= clause.start && h.start < clause.end && !blocked(text, clause, h) && agentive(text, clause, h, doc, ctx)) }))
        .filter((c) => c.hits.length);
      if (!clauses.length) {
        // no undertaking the span rules can place: the whole sentence, kind from its main verb
        const sa = row.analysis;
        const anchor = findAnchor(sa.tokens);
        const verb = anchor && anchor.verb >= 0 ? sa.tokens[anchor.verb] : null;
        const kind: CommitmentKind = anchor?.kind === 'directive' ? 'DIRECTIVE' : verb && MEETING_KIND_VERBS.has(verb.lemma) ? 'MEETING' : GOAL_RE.test(row.text) ? 'GOAL' : 'ACTION';
        const at = anchor ? sent.start + sa.tokens[anchor.index].start : sent.start;
        const atEnd = anchor ? sent.start + sa.tokens[anchor.index].end : sent.start;
        clauses.push({ clause: sent, hits: [{ rule: { name: 'model', re: /$^/, kind, confidence, priority: 0 }, start: at, end: atEnd, text: text.slice(at, atEnd) }] });
      }
      for (const { clause, hits } of clauses) {
        hits.sort((a, b) => b.rule.priority - a.rule.priority || a.start - b.start);
        const hit = hits[0];
        const draft = draftCandidate(doc, ctx, text, sent, clause, hit, speaker, paraCues, lastParties);
        if (draft.parties.length) lastParties = draft.parties;
        const words = contentWords(text.slice(draft.start, draft.end));
        if (draft.kind === 'ACTION' || draft.kind === 'DIRECTIVE' || draft.kind === 'GOAL') {
          // a restatement of a candidate at least as sure as this one (so that a higher
          // minConfidence never brings a dropped restatement back)
          const dup = drafts.some((d) => {
            if (d.kind !== draft.kind || d.confidence < confidence) return false;
            const inter = Array.from(words).filter((w) => d.words.has(w)).length;
            const minSize = Math.min(words.size, d.words.size);
            return minSize >= 4 && inter / minSize >= 0.6;
          });
          if (dup) continue;
        }
        drafts.push({ ...draft, confidence, reasons: why, words });
      }
    }
  }
  return drafts.map((d) => ({
    span: ctx.toSpan(d.statementIndex, d.start, d.end),
    kind: d.kind,
    topics: d.topics,
    parties: d.parties,
    dueDate: d.dueDate,
    dueDatePrecision: d.dueDatePrecision,
    confidence: d.confidence,
    cue: d.cue,
    reasons: d.reasons,
    title: d.title,
  }));
}

/** Span, kind, parties, due date and topics of the undertaking in `clause` that `hit` marks. */
function draftCandidate(
  doc: StatementDoc,
  ctx: AnalysisContext,
  text: string,
  sent: Span,
  clause: Span,
  hit: CueHit,
  speaker: ParsedPerson | null,
  paraCues: TopicTag[],
  lastParties: ParsedParty[],
): Omit<CandidateDraft, 'confidence' | 'reasons'> {
  // span: the comma segment that holds the subject, up to the end of the clause
  const subj = subjectSegment(text, clause, hit.start, doc);
  const span: Span = hit.rule.name === 'goal' ? { start: hit.start, end: clause.end } : hit.rule.name === 'model' ? { ...clause } : { start: subj.start, end: clause.end };
  const lead = DISCOURSE_RE.exec(text.slice(span.start, span.end));
  if (lead && (span.start + lead[0].length < hit.start || hit.rule.name === 'model')) span.start += lead[0].length;
  while (span.end > span.start && /[\s.;,]/.test(text[span.end - 1])) span.end--;
  while (span.start < span.end && /\s/.test(text[span.start])) span.start++;
  const spanText = text.slice(span.start, span.end);
  // kind
  let kind = hit.rule.kind;
  if ((hit.rule.name === 'will' || hit.rule.name === 'plan-to' || hit.rule.name === 'expect-to') && MEETING_VERB_RE.test(text.slice(hit.end, hit.end + 40))) kind = 'MEETING';
  if (hit.rule.name === 'agreed' && /\bto\s+(?:meet|hold (?:talks|a meeting)|convene)\b/i.test(hit.text + text.slice(hit.end, hit.end + 20))) kind = 'MEETING';
  if (hit.rule.name === 'will' && /^\s+(?:be\s+)?(?:meeting|meet)\b/i.test(text.slice(hit.end, hit.end + 30))) kind = 'MEETING';
  // parties
  const parties: ParsedParty[] = [];
  const subjStart = hit.rule.name === 'goal' ? clause.start : subj.start;
  const subject = text.slice(subjStart, hit.start);
  const subjectPersons = doc.mentions.filter((r) => r.start >= subjStart && r.end <= hit.start).map((r) => ctx.persons.get(r.key)).filter((p) => !!p);
  const subjectOrgs = findOrganizations(subject).map((o) => o.org);
  const subjectCountries = findCountryWords(subject, ['name']).map((w) => w.w.code);
  const both = BOTH_RE.test(subject) || (hit.rule.name === 'need-for' && BOTH_RE.test(hit.text));
  const speakerParty: ParsedParty | null = speaker ? (speaker.organization ? partyOfOrg(speaker.organization) : speaker.country ? { organization: null, country: speaker.country } : null) : ctx.home ? { organization: null, country: ctx.home } : null;
  if (hit.rule.name === 'directive') {
    const object = hit.object ?? '';
    const objOrgs = findOrganizations(object).map((o) => o.org);
    if (objOrgs.length) objOrgs.forEach((o) => addParty(parties, partyOfOrg(o)));
    else if (/\b(?:their|both)\b/i.test(object) && new Set(subjectPersons.map((p) => p!.country)).size > 1) {
      for (const c of new Set(subjectPersons.map((p) => p!.country))) if (c) addParty(parties, { organization: null, country: c });
    } else if (subjectPersons.length) {
      for (const p of subjectPersons) addParty(parties, { organization: null, country: p!.country });
    } else if (/\b(?:their|they)\b/i.test(object + subject) && lastParties.length) lastParties.forEach((p) => addParty(parties, p));
    else addParty(parties, speakerParty ? { organization: null, country: speakerParty.country } : null);
  } else if (both) {
    for (const c of ctx.dialogue) addParty(parties, { organization: null, country: c });
  } else if (subjectOrgs.length || (subjectCountries.length && !subjectPersons.length)) {
    subjectOrgs.forEach((o) => addParty(parties, partyOfOrg(o)));
    subjectCountries.forEach((c) => addParty(parties, { organization: null, country: c }));
  } else if (subjectPersons.length) {
    for (const p of subjectPersons) addParty(parties, p!.organization ? partyOfOrg(p!.organization) : { organization: null, country: p!.country });
  } else if (/\b(?:we|our|us|I)\b/.test(subject) || hit.rule.name === 'continue-to' || hit.rule.name === 'want-to' || hit.rule.name === 'agenda') {
    addParty(parties, speakerParty);
  } else if (/\b(?:they|them)\b/i.test(subject) && lastParties.length) {
    lastParties.forEach((p) => addParty(parties, p));
  } else if (/\b(?:he|she)\b/i.test(subject)) {
    const prior = doc.mentions.filter((r) => r.end <= hit.start && ctx.persons.get(r.key) && !ctx.persons.get(r.key)!.anonymous).pop();
    const p = prior ? ctx.persons.get(prior.key)! : null;
    addParty(parties, p ? (p.organization ? partyOfOrg(p.organization) : { organization: null, country: p.country }) : speakerParty);
  } else {
    addParty(parties, speakerParty);
  }
  // due date
  let dueText = text.slice(hit.start, span.end > hit.end ? span.end : sent.end);
  const sub = /\b(?:after|when|once|whereas|while|because|since|although|though|which|who|where)\b/i.exec(dueText.slice(hit.end - hit.start));
  if (sub) dueText = dueText.slice(0, hit.end - hit.start + sub.index);
  const due = findDueDate(dueText, ctx.briefingDate);
  const dueOk = due && due.date && (!ctx.briefingDate || due.date >= ctx.briefingDate);
  if (due && !due.date) ctx.warnings.push(`statement ${doc.index}: could not resolve the due date "${due.text.trim()}"`);
  // topics
  const topics: TopicTag[] = [];
  for (const t of [...cueTags(ctx.matcher, spanText), ...tagText(ctx.matcher, spanText)]) if (!topics.some((x) => x.slug === t.slug)) topics.push(t);
  if (!topics.length) topics.push(...paraCues);
  return {
    statementIndex: doc.index,
    start: span.start,
    end: span.end,
    kind,
    topics,
    parties,
    dueDate: dueOk ? due!.date : null,
    dueDatePrecision: dueOk ? due!.precision : 'NONE',
    cue: `${hit.rule.name}:${hit.text.replace(/\s+/g, ' ').trim()}${dueOk ? ` / ${due!.rule}` : ''}`,
    title: titleOf(spanText),
  };
}
