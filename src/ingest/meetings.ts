/**
 * Stage 7: meetings. Past and planned calls, meetings, visits and named events (summits,
 * dialogues, ministerials, roundtables, dinners, committee meetings) in officials' statements:
 * kind (from the trigger words), participants on each side (by country), date (a time
 * expression read by chrono-node, resolved against the briefing date: "tomorrow", "on
 * Thursday", "in September", "last week"), place, status and the span that mentions them.
 *
 * Status: HELD only when the meeting lies in the past of the briefing: a period before the
 * briefing date, or on the briefing's own day (or an undated one) told in the past tense.
 * A meeting that the remarks open or preview ("I look forward to our discussion today") is
 * PLANNED.
 *
 * Participants: named people in the mention; "I"/"my" is the speaker; between leaders who
 * address each other, "you" is the other speakers and "we"/"our" all of them; elsewhere "we"
 * and an unnamed official of the briefing government ("the Vice President") put that
 * government on a side; "he"/"she" is the person the sentence (or the one before) is about;
 * "they"/"the two" the people of the previous meeting. Countries named as parties
 * ("with Mexico", "U.S.-Mexico", "hosted by the government of Canada") are sides too.
 *
 * Journalists' questions are read only for meetings they state as past facts.
 * Repeated mentions of one meeting are merged: the same named event, a definite reference
 * ("this summit", "that call") to the last one of its kind, or the same people on the same day.
 */
import type { MeetingKind, MeetingSide, MeetingStatus, ParsedPerson, ParticipantRole, StatementKind, TextSpan, TopicTag } from './ingest.types';
import { detectTense, findTimeExpressions, periodRelation, type Tense, type TimeExpression } from './dates';
import { escapeRe, findCountryWords, findOrganizations, PLACE_WORDS } from './gazetteer';
import type { ResolvedMention } from './mentions';
import type { Span } from './sentences';
import { tagText, type TopicMatcher } from './topics';

export interface StatementDoc {
  index: number;
  turnIndex: number;
  /** The statement's normalised text and where it starts in the normalised briefing. */
  text: string;
  normStart: number;
  sentences: Span[];
  kind: StatementKind;
  speakerKey: string | null;
  speakerRole: ParticipantRole | null;
  mentions: ResolvedMention[];
  topics: TopicTag[];
}

export interface AnalysisContext {
  briefingDate: string | null;
  /** The briefing's title, when known: "Remarks by ... Before Bilateral Meeting" names its occasion. */
  title?: string | null;
  home: string | null;
  counterpart: string | null;
  /** The dialogue's two countries (home first when known). */
  dialogue: string[];
  persons: Map<string, ParsedPerson>;
  matcher: TopicMatcher;
  warnings: string[];
  toSpan: (statementIndex: number, start: number, end: number) => TextSpan;
}

/** How sure the status is: read from the date, from the tense, or assumed. */
type StatusEvidence = 'date' | 'tense' | 'assumed';

export interface DraftMeeting {
  kind: MeetingKind;
  status: MeetingStatus;
  statusFrom: StatusEvidence;
  /** Day-precise date (YYYY-MM-DD); null when the text gives none or only a week, month, season or year. */
  date: string | null;
  /** The period the text gives, of any precision ("in September" -> September). */
  period: TimeExpression | null;
  location: string | null;
  personKeys: string[];
  subjectKeys: string[];
  /** Countries taking part with no named person ("with Mexico", "the Vice President" unnamed). */
  countries: string[];
  objectOrgs: string[];
  /** What the text calls it: "summit", "Ninth Summit of the Americas", "dinner", "phone call". */
  event: string | null;
  /** The event has a proper name ("High-Level Economic Dialogue"): mentions of it are one meeting. */
  named: boolean;
  /** How many mentions were merged into this one. */
  mentions: number;
  /** The meeting the briefing's title says the remarks open or close. */
  occasion?: boolean;
  topics: string[];
  statementIndex: number;
  start: number;
  end: number;
  cue: string;
}

type TriggerClass = 'PHONE' | 'VIDEO' | 'IN_PERSON' | 'OTHER' | 'VISIT';

interface Trigger {
  start: number;
  end: number;
  cls: TriggerClass;
  text: string;
  /** An event noun ("summit", "dinner", "roundtable") that names an occasion by itself. */
  eventNoun: string | null;
}

/** Nouns that name an occasion by its kind; each is a meeting even with no verb around it. */
const EVENT_NOUN_SRC =
  '(?:summits?|ministerials?|roundtables?|round tables?|breakfasts?|lunch(?:es)?|luncheons?|dinners?|' +
  '(?:bi|tri)laterals?(?=\\s*(?:[.,;:)]|$|\\s+(?:meetings?|with|in|at|on|between|talks|today|tomorrow|next|last|this|-)\\b))|' +
  '(?:committee|working group|commission|council|cabinet) meetings?|conferences?(?<!press conferences?|news conferences?)(?! call)|' +
  'inaugurations?|inaugural ceremony|ceremony|state visits?|funerals?)(?!\\s+(?:priorities|process|agenda|themes?|goals?|deliverables?|season|declaration|preparations?|hosts?|participants?|level|agreement|commitments?|outcomes?|table|room|call|announcements?|dates?|city|cycle|theme)\\b)';
/** Named with a capital only: "High-Level Economic Dialogue" (a dialogue is a process), "COP26", "the G7 leaders meeting". */
const PROPER_EVENT_SRC = '(?:Dialogues?|COP ?\\d*\\b|G-?(?:7|20)\\b(?= (?:[Ll]eaders|[Ss]ummit|[Mm]eeting|[Mm]inisterial)))';

const TRIGGER_RES: Array<[RegExp, TriggerClass]> = [
  [
    /\b(?:(?:[Pp]hone|[Tt]elephone)(?: calls?| conversations?)|(?:hour-long|brief|lengthy|\d+-minute|first|second|third|last|recent|productive|good|great) calls?(?! (?:for|on|from)\b)|[Cc]alls? (?:with|between)|[Cc]alls? to (?![Aa]ction\b)(?=(?:a |the |his |her |their |my |our )?(?:[A-Z]|foreign|leaders?|counterparts?|you\b))|spoke (?:by phone|on the phone)|by phone|on the phone|over the phone)\b/g,
    'PHONE',
  ],
  [/\b(?:video ?conferences?|videoconferences?|video calls?|virtual(?: bilateral| trilateral)? (?:meetings?|summits?|call))\b/gi, 'VIDEO'],
  [new RegExp(`\\b(?:${EVENT_NOUN_SRC})`, 'gi'), 'IN_PERSON'],
  [new RegExp(`\\b${PROPER_EVENT_SRC}`, 'g'), 'IN_PERSON'],
  [
    /\b(?:meet(?:s|ing|ings)?(?! (?:our|the|their|its|his|her|this|that|these) (?:[\w-]+ )?(?:challenges?|goals?|commitments?|needs?|targets?|obligations?|demands?|moment|standards?|requirements?|deadlines?|expectations?)\b)|met(?! (?:our|the|their|its) (?:[\w-]+ )?(?:challenges?|goals?|commitments?|needs?|targets?|obligations?|demands?)\b)|sit-downs?|face-to-face(?: meetings?)?|conven(?:e|es|ed|ing)\b(?! (?:a |the )?(?:call|press))|see each other|host(?:s|ed|ing)?(?= (?:you|him|her|them|us|the|a|an|this|our|their|his|[A-Z]))|join(?:s|ed|ing)?(?=[^.;]{0,80}\bto discuss\b)|(?:receive[ds]?|get|got|had) (?:a |his |her |their )?briefings?|(?:was|were) briefed|(?<=\bat (?:an?|the) (?:[\w'-]+ ){0,5})events?|events?(?= (?:hosted|organized) by))\b/gi,
    'IN_PERSON',
  ],
  [/\b(?:conversations?|talks\b(?! (?:about|to|with)\b)|discussions?|consultations?|dialogues?|engage directly|engagements? with)\b/g, 'OTHER'],
  [/\b(?:[Ss]poke|[Ss]poken|[Ss]peaks?|[Tt]alk(?:ed|s|ing)?)(?: (?:today|yesterday|again|earlier|recently|privately|directly|this \w+|last \w+))? (?:with|to)(?= (?:[A-Z[]|his |her |their |the |you\b|him\b|her\b|them\b|each other))|\b[Tt]alk(?:ed|ing)? privately\b|\b(?:[Ss]he|[Hh]e|I|[Ww]e|[Tt]hey) (?:obviously |also |just |recently )?(?:talked|spoke) to\b/g, 'OTHER'],
  [
    /\b(?:[Vv]isit(?:s|ed|ing)?|[Tt]rips?|[Tt]ravel(?:s|ed|ing|led|ling)?|went to(?= (?:[A-Z]|the |her |his |their ))|go(?:es)? to(?= [A-Z])|stopped (?:in|at|by)(?= [A-Z])|(?:was|were) in(?= (?:[A-Z][a-z]+)[,. ])|delegation to)\b/g,
    'VISIT',
  ],
];

const ATTRIBUTIVE_RE = /^\s+(?:priorities|process|agenda|themes?|goals?|deliverables?|season|declaration|preparations?|hosts?|participants?|level|agreement|commitments?|outcomes?|table|room|announcements?|dates?|city|cycle|theme|planning|team|host)\b/i;
const GENERIC_NOUN_RE = /^(?:meetings?|conversations?|discussions?|calls?|phone calls?|visits?|trips?|convening|engagements?(?: with)?|talks)$/i;
/** Cheap test before the trigger patterns run: most sentences name no meeting at all. */
const TRIGGER_HINT_RE =
  /\b(?:meet|met\b|summit|call|phone|video|virtual|visit|trip|travel|went to|go(?:es)? to|stopped|was in|were in|delegation|talk|spok|speak|conversation|discussion|consultation|dialogue|engag|sit-down|face-to-face|conven|see each other|host|join|briefing|briefed|event|ministerial|round ?table|breakfast|lunch|dinner|bilateral|trilateral|conference|inaugura|ceremony|funeral|COP|G-?7|G-?20)/i;
const EVENT_NOUN_RE = new RegExp(`^(?:${EVENT_NOUN_SRC}|${PROPER_EVENT_SRC})$`, 'i');

function findTriggers(text: string, from: number, to: number): Trigger[] {
  const slice = text.slice(from, to);
  const out: Trigger[] = [];
  for (const [re, cls] of TRIGGER_RES) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice))) {
      const word = m[0];
      const noun = EVENT_NOUN_RE.test(word) ? word.toLowerCase().replace(/s$/, '') : /^(?:events?)$/i.test(word) ? 'event' : null;
      // "Dialogue" names an event only with a capital ("High-Level Economic Dialogue")
      // "a dialogue" is a process; "the High-Level Economic Dialogue" an event
      const eventNoun = noun && /^(?:dialogue|cop|g-?7|g-?20)/i.test(noun) && !/^[A-Z]/.test(word) ? null : noun;
      // "summit-related activities": the noun modifies another
      if (noun && /^-[a-z]/.test(slice.slice(m.index + word.length, m.index + word.length + 2))) continue;
      out.push({ start: from + m.index, end: from + m.index + word.length, cls, text: word, eventNoun });
    }
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Trigger[] = [];
  for (const t of out) if (!kept.some((k) => t.start < k.end && k.start < t.end)) kept.push(t);
  return kept.filter((t) => {
    // the briefing itself: "this call", "the call", "background call"
    if (t.cls === 'PHONE' && /^calls?$/i.test(t.text)) return false;
    // "the summit" in "the Summit of the Americas process", fine; "a dialogue" alone is a process, not a meeting
    return true;
  });
}

function conflicts(a: TriggerClass, b: TriggerClass): boolean {
  if (a === b) return false;
  if (a === 'VISIT' || b === 'VISIT') return true;
  if (a === 'OTHER' || b === 'OTHER') return false;
  return true;
}

const KIND_OF: Record<TriggerClass, MeetingKind> = { PHONE: 'PHONE_CALL', VIDEO: 'VIDEO_CALL', IN_PERSON: 'IN_PERSON', OTHER: 'OTHER', VISIT: 'VISIT' };
const GENERIC_EVENT: Record<MeetingKind, string> = { PHONE_CALL: 'phone call', VIDEO_CALL: 'video call', IN_PERSON: 'meeting', VISIT: 'visit', OTHER: 'conversation' };
const GENERIC_EVENTS = new Set(Object.values(GENERIC_EVENT));
const KIND_RANK: Record<MeetingKind, number> = { PHONE_CALL: 4, VIDEO_CALL: 4, IN_PERSON: 3, VISIT: 2, OTHER: 1 };

const PLACE_ALT = [...PLACE_WORDS].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
/** "to Mexico" right after a visit: the visit's own place. */
const PLACE_AHEAD_RE = new RegExp(`^\\s+(?:to|in)\\s+(?:${PLACE_ALT})`, 'u');
/** The rest of a list of places: "to Mexico and Guatemala", "in El Paso, Texas". */
const MORE_PLACE_RE = new RegExp(`^(?:,\\s*|\\s+and\\s+)(${PLACE_ALT})(?![\\p{L}])`, 'u');
/** "in Mexico City", "at Mar-a-Lago", and "to" only after a movement ("travel to Mexico"). */
const PLACE_RE = new RegExp(
  `(?:\\b(?:in|at|into|inside|here in|there in)|\\b(?:travel\\w*|trip|visit\\w*|go|going|goes|went|fly\\w*|head\\w*|arriv\\w*|return\\w*|com\\w*|welcome\\w*|invit\\w*|down|delegation)(?:\\s+\\w+){0,2}?\\s+to)\\s+(${[...PLACE_WORDS].sort((a, b) => b.length - a.length).map(escapeRe).join('|')})(?![\\p{L}])`,
  'u',
);

const CLAUSE_BOUNDARY_RE =
  /;\s*|,\s+and then\s+|\s+and then\s+|,\s+but\s+|,\s+whereas\s+|,\s+the fact that\s+|,\s+(?:and|while)\s+(?=(?:we|I|they|he|she|it|our|their|the|[A-Z])\b)(?!(?:the two|they|then)\b)/g;

function clauses(text: string, s: Span): Span[] {
  let start = s.start;
  const sentence = text.slice(s.start, s.end);
  // "In addition to the meetings with X and Y, ..." refers to meetings already named
  const ia = /^(?:And\s+)?(?:In addition to|Besides|Apart from|Aside from)\b[^,]*,\s*/i.exec(sentence);
  if (ia) start = s.start + ia[0].length;
  const out: Span[] = [];
  CLAUSE_BOUNDARY_RE.lastIndex = 0;
  const body = text.slice(start, s.end);
  let m: RegExpExecArray | null;
  let cur = start;
  while ((m = CLAUSE_BOUNDARY_RE.exec(body))) {
    out.push({ start: cur, end: start + m.index });
    cur = start + m.index + m[0].length;
  }
  out.push({ start: cur, end: s.end });
  return out.filter((c) => c.end > c.start);
}

/** A determiner or possessive opening a noun phrase: "the G7 leaders meeting", "my great conversation". */
const DETERMINER_PHRASE_RE = /(?:\b(?:the|a|an|his|her|their|that|this|our|my|your|its)\s+(?:(?!(?:the|a|an|his|her|their|that|this|our|my|your|its|of|with|to|in)\s)[\w'-]+\s+){0,3})$/i;
const POSSESSIVE_PHRASE_RE = /(?:\b(?:his|her|their|our|my|your|its)\s+(?:[\w'-]+\s+){0,3}|(?:[A-Z][\w.-]*\s+){0,4}[A-Z][\w.-]*'s\s+(?:[\w'-]+\s+){0,3})$/;

/**
 * Splits a clause into windows so that one window holds one meeting: a trigger of another
 * class starts a new window ("a call ..., and then a meeting ..."), and so does an event noun
 * with its own determiner ("talk privately ... about my conversation with Xi").
 */
function windows(text: string, clause: Span, triggers: Trigger[]): Array<{ span: Span; triggers: Trigger[] }> {
  const out: Array<{ span: Span; triggers: Trigger[] }> = [];
  let cur: { span: Span; triggers: Trigger[] } | null = null;
  for (const t of triggers) {
    if (!cur) {
      cur = { span: { start: clause.start, end: clause.end }, triggers: [t] };
      continue;
    }
    const prev: Trigger = cur.triggers[cur.triggers.length - 1];
    // "travel to Mexico City to meet with ...", "will visit Mexico for meetings with ..." is one event
    const purpose = /^\s*(?:to|for|in order to)\s+$/i.test(text.slice(Math.max(prev.end, t.start - 14), t.start)) || /\b(?:to|for)\s+(?:a\s+|the\s+|an\s+)?$/i.test(text.slice(t.start - 12, t.start));
    const between = text.slice(prev.end, t.start);
    const medium = /^(?:on|by|over)\s+the\s+phone|^(?:by )?phone$|^video/i.test(t.text) || /\b(?:on|by|over)\s+(?:the\s+)?$/i.test(between);
    // a noun after a noun is another event ("the President's convening ..., the G7 meeting"); after a
    // verb it is the same one ("hosting ... the next summit"), unless it is someone's ("my conversation")
    const nounTrigger = (x: Trigger) => x.eventNoun !== null || GENERIC_NOUN_RE.test(x.text);
    const ownNoun =
      !purpose && !medium && nounTrigger(t) && ((nounTrigger(prev) && DETERMINER_PHRASE_RE.test(between)) || POSSESSIVE_PHRASE_RE.test(between)) && !/^\s*(?:-|,)?\s*(?:or|and)\s+/i.test(between);
    // "traveled to Mexico and Guatemala - as well as visited El Paso": two visits, two places
    const secondVisit = t.cls === 'VISIT' && prev.cls === 'VISIT' && PLACE_AHEAD_RE.test(between);
    // "spoke today with X to reaffirm the vision they laid out in the North American Leaders' Summit": a clause of its own
    const laterEvent = t.eventNoun !== null && /\b(?:to\s+(?!the\b|a\b|an\b)[a-z]+|that|which|who|they|we|he|she|it)\b/.test(between);
    const clash = !purpose && (cur.triggers.some((x) => conflicts(x.cls, t.cls)) || ownNoun || secondVisit || laterEvent);
    if (!clash) {
      cur.triggers.push(t);
      continue;
    }
    const comma = Math.max(between.lastIndexOf(','), between.lastIndexOf(' - '));
    let cut: number = comma >= 0 ? prev.end + comma + 1 : t.start;
    const coord = /^(.*)\b(?:as well as|and|including|plus)\s/s.exec(between);
    if (comma < 0 && coord) cut = prev.end + coord[1].length;
    else if (comma < 0) {
      // keep the article/possessive with the next trigger: "the talks", "a meeting", "Sullivan's trip"
      const art = POSSESSIVE_PHRASE_RE.exec(between) ?? DETERMINER_PHRASE_RE.exec(between);
      if (art) cut = t.start - art[0].length;
    }
    cur.span.end = cut;
    out.push(cur);
    cur = { span: { start: cut, end: clause.end }, triggers: [t] };
  }
  if (cur) out.push(cur);
  return out;
}

const NEGATION_RE = /\b(?:not|n't|never|no plans?|without)\b/i;
const HYPOTHETICAL_RE = /\b(?:if|whether|would|could|might|should|possible|possibly|potential|any)\b/i;
const THE_TWO_RE = /\bthe two\b(?!\s+(?:countries|nations|governments|sides|peoples|economies))(\s+presidents|\s+leaders|\s+ministers|\s+secretaries)?/i;
const THEY_RE = /\b(?:they|both of them)\b/i;
/** An official of the briefing government named by post alone: "the Vice President", "our Secretary of State". */
const UNNAMED_POST_RE =
  /\b(?:[Tt]he|[Oo]ur)\s+(?:(American|U\.S\.|Mexican|Canadian|Brazilian|Argentine|Argentinian|Guatemalan|Honduran|Salvadoran|Colombian|Chinese|Cuban|Venezuelan)\s+)?(Vice President|President|First Lady|Secretary of State|Secretary of Defense|Secretary|National Security Advisor|Special Envoy|Prime Minister|Foreign Minister|Foreign Secretary|Ambassador)\b(?!\s+(?:of\s+)?[A-Z])/g;

/**
 * Who an unnamed post is: "the Vice President" in a US briefing is the one vice president of
 * the United States the briefing names elsewhere; nobody when it names none or several.
 */
function holderOf(
  ctx: AnalysisContext,
  post: string,
  adjective: string | undefined,
  salience: Map<string, number>,
  countryCode?: string | null,
  sitting: Map<string, number> = new Map(),
): { keys: string[]; country: string | null } {
  const country = countryCode !== undefined ? countryCode : adjective ? findCountryWords(adjective)[0]?.w.code ?? null : ctx.home;
  const people = Array.from(ctx.persons.values()).filter((p) => !p.anonymous && p.role !== 'JOURNALIST');
  // "Vice President Biden" in a briefing that calls Biden the President: a former post
  const rank = (post: string | null) => (/^(?:President|Prime Minister)$/.test(post ?? '') ? 3 : /^Vice President$/.test(post ?? '') ? 2 : 1);
  const formerly = (p: ParsedPerson) => people.some((o) => o !== p && o.surname && o.surname === p.surname && rank(o.post) > rank(p.post));
  const holders = people
    .filter((p) => p.post === post && (!country || p.country === country || p.country === null) && !formerly(p))
    .sort((a, b) => (sitting.get(b.key) ?? 0) - (sitting.get(a.key) ?? 0) || (salience.get(b.key) ?? 0) - (salience.get(a.key) ?? 0));
  // several holders (a former president named in passing): the one the briefing is about, by far
  const [first, second] = holders;
  const clear =
    holders.length === 1 ||
    (holders.length > 1 && ((sitting.get(first.key) ?? 0) > (sitting.get(second.key) ?? 0) || (salience.get(first.key) ?? 0) >= 2 * (salience.get(second.key) ?? 0) + 1));
  // a post the briefing government does not have ("the Prime Minister" in a US briefing) is the other side's
  const homePost = !/^(?:Prime Minister|Foreign Minister|Foreign Secretary|Chancellor|King|Queen)$/.test(post) || ctx.home !== 'US';
  return { keys: clear ? [holders[0].key] : [], country: clear ? ctx.persons.get(holders[0].key)?.country ?? country : adjective || homePost ? country : null };
}

/** Words of an event's proper name: "Ninth Summit of the Americas", "U.S.-Mexico High-Level Economic Dialogue". */
function eventName(text: string, t: Trigger, from: number): { name: string; proper: boolean; end: number } {
  if (!t.eventNoun) return { name: t.text.toLowerCase(), proper: false, end: t.end };
  let s = t.start;
  const before = text.slice(Math.max(from, t.start - 80), t.start);
  const m = /((?:(?:[A-Z0-9][\w'.-]*|of|the|and|&)\s+)*)$/.exec(before);
  if (m && m[1]) {
    // trim leading connectors and a sentence-initial article
    const words = m[1].trim().split(/\s+/);
    while (words.length && /^(?:of|the|and|on|for|&|The|This|That|A|An|In|At|And|So|For|On|As|To|By|With|From)$/.test(words[0])) words.shift();
    if (words.length) s = t.start - m[1].length + m[1].indexOf(words[0]);
  }
  let e = t.end;
  const after = /^\s+(?:of|on|for)\s+(?:the\s+)?(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)(?:[A-Z][\w'-]*(?:\s+(?=[A-Z])|(?=[\s,.;:]|$))){1,4}/.exec(text.slice(t.end, t.end + 60));
  if (after) e = t.end + after[0].trimEnd().length;
  const name = text.slice(s, e).replace(/\s+/g, ' ').trim();
  const proper = /^[A-Z0-9]/.test(t.text) || /[A-Z]/.test(name.slice(0, name.length - t.text.length).replace(/^(?:The|This|That|A|An)\s/, ''));
  return proper ? { name, proper: true, end: e } : { name: t.eventNoun, proper: false, end: e };
}

/** The words around a trigger up to the nearest break (comma, dash, "and", "so"): its own verb group. */
function localStretch(text: string, span: Span, t: Trigger): string {
  const before = text.slice(span.start, t.start);
  const after = text.slice(t.end, span.end);
  const b = Math.max(before.lastIndexOf(','), before.lastIndexOf(' - '), before.lastIndexOf(';'), before.search(/\b(?:and|so|but)\s+(?:\w+\s+){0,6}$/));
  const a = after.search(/,|\s-\s|;|\s(?:and|so|but)\s/);
  return text.slice(span.start + (b >= 0 ? b + 1 : 0), a >= 0 ? t.end + a : span.end);
}

function uniq<T>(xs: T[]): T[] {
  return Array.from(new Set(xs));
}

function sidesOf(m: Pick<DraftMeeting, 'personKeys' | 'countries'>, ctx: AnalysisContext): MeetingSide[] {
  const by = new Map<string, string[]>();
  for (const k of m.personKeys) {
    const c = ctx.persons.get(k)?.country ?? '';
    by.set(c, [...(by.get(c) ?? []), k]);
  }
  for (const c of m.countries) if (!by.has(c)) by.set(c, []);
  const order = (c: string) => (c === ctx.home ? 0 : c === ctx.counterpart ? 1 : c ? 2 : 3);
  return Array.from(by.entries())
    .sort((a, b) => order(a[0]) - order(b[0]) || a[0].localeCompare(b[0]))
    .map(([country, personKeys]) => ({ country: country || null, personKeys }));
}

function isNamedPerson(ctx: AnalysisContext, key: string): boolean {
  const p = ctx.persons.get(key);
  return !!p && !p.anonymous && p.role !== 'JOURNALIST';
}

/**
 * A time expression belongs to the meeting when it is introduced by a preposition ("on
 * January 27th", "since Monday"), opens the clause ("Tomorrow, there will be a ministerial"),
 * or stands next to a trigger ("meet tomorrow", "Monday's call"); not when it dates something
 * else in the clause ("with us today").
 */
function timeBelongs(text: string, t: TimeExpression, triggers: Array<{ start: number; end: number }>): boolean {
  const { start, end } = t;
  const before = text.slice(Math.max(0, start - 20), start);
  // "starting tomorrow" opens a stretch of days; it does not date one meeting
  if (/\b(?:starting|beginning|as of|from now)\s*$/i.test(before)) return false;
  if (/\b(?:on|in|by|since|until|from|through|during|this|next|last|early|late|mid|before|after|of)\s*-?\s*$/i.test(before)) return true;
  if (/^(?:on|in|this|next|last|later|earlier)\b/i.test(t.text)) return true;
  if (/^\s*(?:(?:And|So|But|Now|Also),?\s+)?$/.test(text.slice(0, start)) && triggers.some((x) => x.start > end)) return true;
  const relativeDay = t.precision === 'DAY' && /^(?:(?:earlier |later )?today|tonight|tomorrow|yesterday|last night|this (?:morning|afternoon|evening)|the day after tomorrow)$/i.test(t.text);
  return triggers.some((x) => {
    const gap = start >= x.end ? text.slice(x.end, start) : text.slice(end, x.start);
    const words = gap.trim().split(/\s+/).filter(Boolean).length;
    if (relativeDay) return words <= 14 && !/[;:]/.test(gap) && !(start >= x.end && /,/.test(gap) && words > 6);
    if (/\bago$/.test(t.text) && start >= x.end) return words <= 4;
    // "the Summit of the Americas - which will be June 6th through 10th"
    if (start >= x.end && words <= 9 && /\b(?:which|that)\s+(?:will\s+|would\s+)?(?:be|is|was|be held|is held|was held|takes place|took place|take place|begins?|began|starts?|started|runs?)\s+(?:on\s+|in\s+|from\s+)?$/i.test(gap)) return true;
    return words <= 2;
  });
}

/** Named official speakers: leaders who address each other are "you" and "we" to one another. */
function officialSpeakers(ctx: AnalysisContext, docs: StatementDoc[]): string[] {
  const keys = uniq(docs.filter((d) => d.speakerKey).map((d) => d.speakerKey!));
  return keys.filter((k) => isNamedPerson(ctx, k) && ctx.persons.get(k)?.role === 'OFFICIAL');
}

function compatible(a: DraftMeeting, b: DraftMeeting, countryOfKey: (k: string) => string | null): boolean {
  if (a.status !== b.status && a.statusFrom !== 'assumed' && b.statusFrom !== 'assumed') return false;
  if (a.kind !== b.kind && a.kind !== 'OTHER' && b.kind !== 'OTHER') return false;
  if (a.date && b.date && a.date !== b.date) return false;
  if (a.period && b.period && (a.period.to < b.period.from || b.period.to < a.period.from)) return false;
  if (a.location && b.location && !a.location.includes(b.location) && !b.location.includes(a.location)) return false;
  if (a.named && b.named && a.event && b.event) return sameEventName(a.event, b.event);
  // a named event and a generic mention ("the meeting") are one only through the people
  if (a.named !== b.named && (a.named ? a : b).event && !sameEventName((a.named ? a : b).event!, (a.named ? b : a).event ?? '') && (a.named ? b : a).event !== GENERIC_EVENT[(a.named ? b : a).kind]) return false;
  // a dinner is not the summit it was part of, nor "a meeting" years before
  // the occasion is what "our discussion today", "when we talk privately" are about
  const specific = (m: DraftMeeting) => !!m.event && !GENERIC_EVENTS.has(m.event) && !m.occasion;
  if (specific(a) && specific(b) && !sameEventName(a.event!, b.event!)) return false;
  if (specific(a) !== specific(b) && !(a.date && a.date === b.date)) return false;
  const [small, big] = a.personKeys.length <= b.personKeys.length ? [a, b] : [b, a];
  if (!small.personKeys.length) {
    // "the President spoke by phone on the 27th": a mention by country alone joins the same call that day
    const bigCountries = new Set([...big.countries, ...big.personKeys.map((k) => countryOfKey(k))]);
    return !!small.date && small.date === big.date && small.kind === big.kind && small.countries.every((c) => bigCountries.has(c));
  }
  if (!small.personKeys.every((k) => big.personKeys.includes(k))) return false;
  if (!small.objectOrgs.every((o) => big.objectOrgs.includes(o))) return false;
  if (!big.objectOrgs.every((o) => small.objectOrgs.includes(o)) && small.personKeys.length === big.personKeys.length) return false;
  // one shared person is the same meeting only on the same day or in the same kind of meeting
  const samePlace = !!a.location && !!b.location && a.kind === b.kind;
  const sameParties = a.kind === b.kind && !a.date && !b.date && a.personKeys.length === b.personKeys.length && a.countries.join() === b.countries.join();
  if (small.personKeys.length === 1 && !(a.date && a.date === b.date) && !samePlace && !sameParties) return false;
  return true;
}

function sameEventName(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/\b(?:the|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  const x = norm(a);
  const y = norm(b);
  return x === y || x.includes(y) || y.includes(x);
}

const STATUS_STRENGTH: Record<StatusEvidence, number> = { date: 2, tense: 1, assumed: 0 };

function mergeInto(into: DraftMeeting, m: DraftMeeting): void {
  into.personKeys = uniq([...into.personKeys, ...m.personKeys]);
  into.subjectKeys = uniq([...into.subjectKeys, ...m.subjectKeys]);
  into.countries = uniq([...into.countries, ...m.countries]);
  into.objectOrgs = uniq([...into.objectOrgs, ...m.objectOrgs]);
  // "a conversation" becomes the call it was; a summit stays a summit whatever a later mention adds
  if (into.kind === 'OTHER') into.kind = m.kind;
  if (STATUS_STRENGTH[m.statusFrom] > STATUS_STRENGTH[into.statusFrom]) {
    into.status = m.status;
    into.statusFrom = m.statusFrom;
  }
  into.date = into.date ?? m.date;
  if (m.period && (!into.period || PRECISION_RANK[m.period.precision] < PRECISION_RANK[into.period.precision])) into.period = m.period;
  if (m.location && (!into.location || m.location.length > into.location.length)) into.location = m.location;
  if (m.named && (!into.named || (m.event?.length ?? 0) > (into.event?.length ?? 0))) {
    into.event = m.event;
    into.named = true;
  } else if (!into.named && (!into.event || GENERIC_EVENTS.has(into.event))) into.event = m.event && !GENERIC_EVENTS.has(m.event) ? m.event : GENERIC_EVENT[into.kind];
  into.topics = uniq([...into.topics, ...m.topics]);
}

const PRECISION_RANK: Record<TimeExpression['precision'], number> = { DAY: 0, WEEK: 1, MONTH: 2, SEASON: 3, YEAR: 4 };

function kindWord(k: MeetingKind): string {
  return { PHONE_CALL: 'Phone call', VIDEO_CALL: 'Video call', IN_PERSON: 'Meeting', VISIT: 'Visit', OTHER: 'Conversation' }[k];
}

function periodWords(p: TimeExpression): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  if (p.precision === 'MONTH') return `${months[+p.from.slice(5, 7) - 1]} ${p.from.slice(0, 4)}`;
  if (p.precision === 'YEAR') return p.from.slice(0, 4);
  return `${p.from} - ${p.to}`;
}

export function meetingTitle(m: DraftMeeting, ctx: AnalysisContext): string {
  const sides = sidesOf(m, ctx);
  const names = sides.map((s) => (s.personKeys.length ? s.personKeys.map((k) => ctx.persons.get(k)?.surname ?? ctx.persons.get(k)?.name ?? k).join(', ') : s.country ?? '?'));
  const what = m.event && m.event !== 'meeting' ? m.event.charAt(0).toUpperCase() + m.event.slice(1) : kindWord(m.kind);
  let t = `${what}: ${names.join(' - ')}`;
  if (m.objectOrgs.length) t += ` with ${m.objectOrgs.join(', ')}`;
  if (m.location) t += ` in ${m.location}`;
  if (m.date) t += ` (${m.date})`;
  else if (m.period) t += ` (${periodWords(m.period)})`;
  return t;
}

/** The occasion a title names: "Remarks ... Before Virtual Bilateral Meeting", "... After Their Call". */
const OCCASION_RE = /\b(before|after|following|ahead of|at the (?:start|opening) of)\s+(?:the\s+|their\s+|a\s+|an\s+)?((?:virtual\s+|bilateral\s+|trilateral\s+|multilateral\s+|expanded\s+|restricted\s+|leaders'?\s+)*(?:meeting|summit|call|dinner|lunch|breakfast|talks))\b/i;

function occasionMeeting(ctx: AnalysisContext, speakers: string[], firstDoc: StatementDoc | undefined): DraftMeeting | null {
  if (!ctx.title || !firstDoc || speakers.length < 2) return null;
  const title = ctx.title.replace(/[-_/]+/g, ' ');
  const m = OCCASION_RE.exec(title);
  if (!m) return null;
  const words = m[2].toLowerCase();
  const kind: MeetingKind = /virtual/.test(words) ? 'VIDEO_CALL' : /\bcall\b/.test(words) ? 'PHONE_CALL' : 'IN_PERSON';
  const held = /^(?:after|following)$/i.test(m[1]);
  return {
    kind,
    status: held ? 'HELD' : 'PLANNED',
    statusFrom: ctx.briefingDate ? 'date' : 'tense',
    date: ctx.briefingDate,
    period: null,
    location: null,
    personKeys: speakers,
    subjectKeys: speakers.slice(0, 1),
    countries: [],
    objectOrgs: [],
    event: words.replace(/\s+/g, ' '),
    named: false,
    mentions: 1,
    topics: [],
    statementIndex: firstDoc.index,
    start: 0,
    end: 0,
    cue: `meeting:title-occasion:${words.replace(/\s+/g, '-')}`,
    occasion: true,
  };
}

interface TurnState {
  /** The day a schedule in this turn is about ("schedule for tomorrow", "On Thursday, ..."). */
  frame: TimeExpression | null;
  /** The people (or unnamed home officials) the last sentences were about, for "he"/"she". */
  subject: { keys: string[]; home: boolean } | null;
}

/**
 * A schedule's day holds for the plans that follow it in the turn: "to recap the Vice President's
 * schedule for tomorrow, Tuesday ... First, she'll deliver remarks ...", "On Thursday, the President will ...".
 */
const SCHEDULE_HINT_RE =
  /\b(?:schedule|agenda|itinerary|program|programme|engagements|events)\b|^(?:(?:And|So|Then|Now|Finally|First|Second|Third|Also)\W+)*(?:To\s+(?:close|start|open|kick)\s+(?:out|off)\s+)?(?:on\s+)?(?:today|tonight|tomorrow|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b/i;

function readScheduleDay(sentText: string, ctx: AnalysisContext, state: TurnState): void {
  if (!ctx.briefingDate || !SCHEDULE_HINT_RE.test(sentText)) return;
  const opening = /^(?:(?:And|So|Then|Now|Finally|First|Second|Third|Also)\W+)*(?:(?:To\s+(?:close|start|open|kick)\s+(?:out|off)\s+)?(?:on\s+)?(?=\S))/i;
  for (const t of findTimeExpressions(sentText, ctx.briefingDate, 'FUTURE')) {
    if (t.precision !== 'DAY' || periodRelation(t, ctx.briefingDate) === 'PAST') continue;
    const lead = sentText.slice(0, t.start);
    if (/\b(?:schedule|agenda|itinerary|program|programme|engagements|events)\s+(?:for\s+|on\s+)?(?:-\s*)?$/i.test(lead) || (opening.exec(lead)?.[0].length ?? -1) === lead.length) state.frame = t;
  }
}

/** Extracts and merges the meetings named in officials' statements. */
export function extractMeetings(docs: StatementDoc[], ctx: AnalysisContext): DraftMeeting[] {
  const drafts: DraftMeeting[] = [];
  const speakers = officialSpeakers(ctx, docs);
  // leaders speaking to each other: "you" and "we" are the other speakers
  const isHead = (k: string) => /^(?:President|Prime Minister|Chancellor|King|Queen|Premier)$/.test(ctx.persons.get(k)?.post ?? '');
  const leaders = speakers.filter(isHead).length >= 2;
  const occasion = occasionMeeting(ctx, speakers, docs[0]);
  const countryOfKey = (k: string) => ctx.persons.get(k)?.country ?? null;
  const salience = new Map<string, number>();
  for (const d of docs) for (const r of d.mentions) salience.set(r.key, (salience.get(r.key) ?? 0) + 1);
  // "the Biden-Harris administration": whose administration the briefing names most is the sitting one
  const administrations = new Map<string, number>();
  for (const d of docs) for (const m of d.text.matchAll(/\b([A-Z][\w'-]+?)(?:-([A-Z][\w'-]+))?\s+[Aa]dministration\b/g)) for (const n of [m[1], m[2]]) if (n) administrations.set(n, (administrations.get(n) ?? 0) + 1);
  const sitting = new Map<string, number>();
  for (const p of ctx.persons.values()) if (p.surname) sitting.set(p.key, administrations.get(p.surname.split(' ').pop()!) ?? 0);
  const holders = new Map<string, { keys: string[]; country: string | null }>();
  const holder = (post: string, adjective?: string, country?: string | null) => {
    const key = `${post}|${adjective ?? ''}|${country === undefined ? '-' : country}`;
    let h = holders.get(key);
    if (!h) holders.set(key, (h = holderOf(ctx, post, adjective, salience, country, sitting)));
    return h;
  };
  // a question is asked at the start of its turn; "So, what does it mean? For us, ..." deep in a turn is an answer's
  const paragraphOfTurn = new Map<number, number>();
  const askingTurns = new Set<number>();
  for (const d of docs) {
    const n = paragraphOfTurn.get(d.turnIndex) ?? 0;
    paragraphOfTurn.set(d.turnIndex, n + 1);
    if (n < 2 && d.text.includes('?')) askingTurns.add(d.turnIndex);
  }
  let lastMeeting: DraftMeeting | null = null;
  let lastTurn = -1;
  const state: TurnState = { subject: null, frame: null };
  for (const doc of docs) {
    if (doc.turnIndex !== lastTurn) {
      lastMeeting = null;
      lastTurn = doc.turnIndex;
      state.subject = null;
      state.frame = null;
    }
    if (doc.kind === 'PROCEDURAL' || doc.speakerRole === 'OPERATOR') {
      // a hand-off may still say which day the plans that follow are for
      if (doc.kind === 'PROCEDURAL') for (const sent of doc.sentences) readScheduleDay(doc.text.slice(sent.start, sent.end), ctx, state);
      continue;
    }
    // a questioner's turn that asks nothing is an answer under the wrong label ("Q    Great. Thanks, Gustau.")
    const namedJournalist = !!doc.speakerKey && ctx.persons.get(doc.speakerKey)?.role === 'JOURNALIST' && !ctx.persons.get(doc.speakerKey)?.anonymous;
    const asked = (doc.kind === 'QUESTION' || doc.speakerRole === 'JOURNALIST') && (namedJournalist || askingTurns.has(doc.turnIndex) || doc.text.includes('?'));
    const text = doc.text;
    const speaker = doc.speakerKey && isNamedPerson(ctx, doc.speakerKey) ? doc.speakerKey : null;
    const addressees = leaders && speaker ? speakers.filter((k) => k !== speaker) : [];
    let prevSentencePersons: string[] = [];
    for (let si = 0; si < doc.sentences.length; si++) {
      const sent = doc.sentences[si];
      const sentMentions = doc.mentions.filter((r) => r.start >= sent.start && r.end <= sent.end && isNamedPerson(ctx, r.key));
      const sentencePersons = uniq(sentMentions.map((r) => r.key));
      const sentText = text.slice(sent.start, sent.end);
      const sentTense = detectTense(sentText, false);
      // a question's own sentences ask; only what it states as past is a fact
      if (asked && /\?\s*["')\]]*$/.test(sentText) && sentTense !== 'PAST') {
        prevSentencePersons = sentencePersons.length ? sentencePersons : prevSentencePersons;
        continue;
      }
      // notices about the call itself ("this call will be embargoed until wheels-down in Mexico City") name no meeting
      if (/\bembargo/i.test(sentText)) continue;
      // anaphora: "In that hour-long call, the two presidents discussed ..."
      const ana = /^(?:In|During|At|On)\s+(?:that|this|the)\s+(?:[\w-]+\s+)?(call|meeting|conversation|visit)\b/i.exec(sentText);
      if (ana && lastMeeting) {
        if (/call/i.test(ana[1]) && lastMeeting.kind === 'OTHER') lastMeeting.kind = 'PHONE_CALL';
        lastMeeting.topics = uniq([...lastMeeting.topics, ...tagText(ctx.matcher, sentText).map((t) => t.slug)]);
        prevSentencePersons = sentencePersons.length ? sentencePersons : prevSentencePersons;
        continue;
      }
      // who "he"/"she" would be: the first person the sentence names before the pronoun, else the last subject
      const sentenceSubject = (before: number): { keys: string[]; home: boolean } | null => {
        // a pronoun in an opening phrase points ahead: "During his visit, the President ..."
        const opening = /^(?:(?:\w+ly|So|And|But|Also|Now|First|Second|Third),?\s+)*(?:During|In|At|On|After|Before|Since|Following|Ahead of|Throughout)\b[^,]*,\s*/i.exec(sentText);
        if (opening && sent.start + opening[0].length > before) {
          const after = sent.start + opening[0].length;
          const next = sentMentions.filter((r) => r.start >= after).sort((a, b) => a.start - b.start)[0];
          UNNAMED_POST_RE.lastIndex = 0;
          const p2 = UNNAMED_POST_RE.exec(text.slice(after, sent.end));
          if (next && (!p2 || next.start <= after + p2.index)) return { keys: [next.key], home: false };
          if (p2) {
            const h = holder(p2[2], p2[1]);
            return { keys: h.keys, home: !h.keys.length && h.country === ctx.home };
          }
        }
        // "The President has asked him to lead this effort, and he is holding ...": "he" is "him", met before
        if (/\b(?:him|her|he|she)\b/i.test(text.slice(sent.start, before).replace(/^\s*(?:he|she)\b/i, '')) && state.subject) return state.subject;
        const first = sentMentions.filter((r) => r.end <= before).sort((a, b) => a.start - b.start)[0];
        UNNAMED_POST_RE.lastIndex = 0;
        const post = UNNAMED_POST_RE.exec(text.slice(sent.start, before));
        const postAt = post ? sent.start + post.index : Infinity;
        if (first && first.start <= postAt) return { keys: [first.key], home: false };
        if (post) {
          const h = holder(post[2], post[1]);
          return { keys: h.keys, home: !h.keys.length && h.country === ctx.home };
        }
        return state.subject;
      };
      for (const cl of TRIGGER_HINT_RE.test(sentText) ? clauses(text, sent) : []) {
        const triggers = findTriggers(text, cl.start, cl.end);
        if (!triggers.length) continue;
        for (const w of windows(text, cl, triggers)) {
          const wText = text.slice(w.span.start, w.span.end);
          const first = w.triggers[0];
          const beforeTrigger = text.slice(w.span.start, first.start);
          // "I am excited to talk with you today": the briefing's own audience, unless leaders speak to each other
          if (!addressees.length && /\b(?:with|to)$/i.test(first.text) && /^\s+you\b/i.test(text.slice(first.end))) continue;
          // people the meeting is about are not in it: "talk with his counterparts about the President's orders"
          const topicAt = /\b(?:about|to discuss|discussing|regarding|on the subject of)\b/i.exec(text.slice(first.end, w.span.end));
          const topicStart = topicAt ? first.end + topicAt.index : Infinity;
          const inWin = doc.mentions.filter(
            (r) =>
              r.start >= w.span.start &&
              r.end <= w.span.end &&
              r.start < topicStart &&
              isNamedPerson(ctx, r.key) &&
              // "the President's executive orders" names whose orders, not who meets; "Tillerson's - as well as Kelly's - trip" does
              !(/^'s\s+[a-z]/.test(text.slice(r.end, r.end + 5)) && !w.triggers.some((t) => t.start > r.end && t.start - r.end < 40)),
          );
          let subject = uniq(inWin.filter((r) => r.end <= first.start).map((r) => r.key));
          let persons = uniq(inWin.map((r) => r.key));
          const countries: string[] = [];
          let homeSide = false;
          let pronounOnly = false;
          const two = THE_TWO_RE.exec(wText);
          let twoKeys = two && lastMeeting ? lastMeeting.personKeys : [];
          if (two?.[1] && /presidents/i.test(two[1])) {
            const pres = twoKeys.filter((k) => ctx.persons.get(k)?.post === 'President');
            if (pres.length) twoKeys = pres;
          }
          if (two && twoKeys.length >= 2) {
            persons = uniq([...twoKeys, ...persons]);
            if (!subject.length) subject = twoKeys;
          } else if (two && two[1]) {
            // "the two presidents" with no meeting before: the heads of the briefing's country and the other one named
            const other = findCountryWords(sentText, ['name', 'adjective', 'possessive']).map((c) => c.w.code).find((c) => c !== ctx.home) ?? ctx.counterpart;
            const post = /presidents|leaders/i.test(two[1]) ? 'President' : null;
            if (post && other) {
              const keys = [ctx.home, other].flatMap((c) => holder(post, undefined, c).keys);
              persons = uniq([...keys, ...persons]);
              if (!subject.length) subject = keys.slice(0, 1);
              if (keys.length < 2) countries.push(other);
            }
          } else if (!subject.length && THEY_RE.test(beforeTrigger)) {
            const prior = lastMeeting?.subjectKeys.length ? lastMeeting.subjectKeys : prevSentencePersons.length >= 2 ? prevSentencePersons : lastMeeting?.personKeys ?? [];
            if (prior.length) {
              subject = prior;
              persons = uniq([...prior, ...persons]);
              pronounOnly = true;
            }
          }
          // I, my, me: the speaker
          // I, my, me: the speaker, when the meeting is theirs ("I was honored to meet you", "my second call")
          if (speaker && (/\b(?:I|I'm|I've|I'll)\s+(?:[\w'-]+\s+){0,5}$/.test(beforeTrigger) || /\bmy\s+(?:[\w'-]+\s+){0,3}$/.test(beforeTrigger) || /^\s*(?:with\s+|to\s+)?me\b/.test(text.slice(first.end, first.end + 10)) || /\b(?:hosting|host|hosted|invited|meet|met|joined|join)\s+(?:[\w'-]+\s+){0,3}(?:and\s+)?me\b/.test(wText))) {
            persons = uniq([speaker, ...persons]);
            if (!/\bme\b/.test(wText)) subject = uniq([speaker, ...subject]);
          }
          // you: the leaders the speaker addresses
          // ("meet you", "hosting you both", "you're my second virtual meeting"; not "tell you about my conversation")
          const aroundTrigger = text.slice(Math.max(w.span.start, first.start - 40), Math.min(w.span.end, first.end + 30)).replace(/\b(?:thank|tell|ask|remind|show|assure|told|asked|see,?)\s+you\b|\byou\s+know\b/gi, '');
          if (addressees.length && /\byou(?:'re|'ve|'ll)?\b/i.test(aroundTrigger)) persons = uniq([...persons, ...addressees]);
          // we, our, us: between leaders, all of them; elsewhere the speaker's government
          const weWords = /\b(?:we|our|us|we've|we're|we'll)\b/i;
          if (weWords.test(wText) && (weWords.test(beforeTrigger) || /\b(?:with|for|hosting) us\b/i.test(wText))) {
            if (addressees.length && speaker) {
              persons = uniq([speaker, ...persons, ...addressees]);
              if (!subject.length) subject = [speaker];
            } else homeSide = true;
          }
          // he, she, his, her before the trigger, or holding it ("a meeting he will hold"): who the sentence is about
          const holdingPronoun = /^\s+(?:that\s+)?(he|she)\s+(?:will\s+|'ll\s+|would\s+|is going to\s+)?(?:hold|host|have|had|held|hosted|chair|chaired|attend|attended)\b/i.exec(text.slice(first.end, w.span.end));
          if (!subject.length && (/\b(?:he|she|his|her)\b/i.test(beforeTrigger) || holdingPronoun)) {
            const pron = /\b(?:he|she|his|her)\b/i.exec(beforeTrigger);
            const about = sentenceSubject(pron ? w.span.start + pron.index : first.start);
            if (about) {
              subject = about.keys;
              persons = uniq([...about.keys, ...persons]);
              homeSide = homeSide || about.home;
              pronounOnly = true;
            }
          }
          // unnamed officials by post: "the Vice President's meeting", "the Canadian Prime Minister"
          UNNAMED_POST_RE.lastIndex = 0;
          let post: RegExpExecArray | null;
          while ((post = UNNAMED_POST_RE.exec(wText))) {
            const at = w.span.start + post.index;
            if (doc.mentions.some((r) => r.start <= at + post![0].length && at <= r.end && isNamedPerson(ctx, r.key))) continue;
            const h = holder(post[2], post[1]);
            if (h.keys.length) {
              persons = uniq([...persons, ...h.keys]);
              if (at < first.start) subject = uniq([...subject, ...h.keys]);
            } else if (h.country) countries.push(h.country);
          }
          // countries named as parties: "with Mexico", "U.S.-Mexico", "hosted by the government of Canada"
          const place = PLACE_RE.exec(wText);
          const placeSpan = place ? [place.index, place.index + place[0].length + 60] : [-1, -1];
          const near = [Math.max(0, first.start - w.span.start - 60), w.triggers[w.triggers.length - 1].end - w.span.start + 100];
          for (const cw0 of findCountryWords(wText.slice(near[0], near[1]), ['name', 'adjective', 'possessive'])) {
            const cw = { ...cw0, start: cw0.start + near[0], end: cw0.end + near[0] };
            if (cw.start >= placeSpan[0] && cw.end <= placeSpan[1]) continue;
            if (/[:"]/.test(wText.slice(first.end - w.span.start, cw.start))) continue;
            if (inWin.some((r) => r.start - w.span.start <= cw.start && cw.end <= r.end - w.span.start + 40 && r.start - w.span.start >= cw.start - 40 && ctx.persons.get(r.key)?.country === cw.w.code)) continue;
            const pre = wText.slice(Math.max(0, cw.start - 30), cw.start);
            const post2 = wText.slice(cw.end, cw.end + 30);
            const party = /^\s+(?:(?:also|has|had|will|did|was)\s+)*(?:participated|participates|attended|attends|hosted|hosts|joined|joins|took part|takes part|will participate|will attend|was invited)\b/i.test(post2) || /\b(?:with|by|between|and)\s+(?:the\s+)?(?:government of\s+)?$/i.test(pre) || /^-[A-Z]/.test(post2) || /[A-Z.]-$/.test(pre) || /^\s+(?:government|leaders?|officials?|counterparts?|delegations?|authorities)\b/i.test(post2);
            if (party) countries.push(cw.w.code);
          }
          // a named event with nobody named in its stretch: the speaker's government, when the sentence says "we"
          if (!persons.length && !countries.length && !homeSide && w.triggers.some((t) => t.eventNoun) && /\b(?:we|our|us)\b/i.test(sentText)) homeSide = true;
          if (!persons.length && !countries.length && !homeSide) continue;
          const negated = NEGATION_RE.test(text.slice(Math.max(w.span.start, first.start - 40), first.start));
          if (negated) continue;
          // tense: the clause's, else the sentence's; a possessed event noun ("her meeting with ...") is past
          // tense: the trigger's own stretch of the clause, else the window's, else the sentence's;
          // an event someone agreed or plans "to hold" lies ahead of that agreement
          const prospective = /\bto\s+(?:hold|host|convene|have|organize|attend|launch|start)\s+(?:[\w'.-]+\s+){0,8}$/i.test(beforeTrigger) || (/\b(?:plans?|planning|wants?|hopes?|expects?|going|intends?|agreed|decided|scheduled|set|excited|forward|ready|invited|is|are|am)\s+(?:\w+\s+){0,8}?to\s+$/i.test(beforeTrigger) && /^(?:convene|host|meet|visit|travel|see each other)/i.test(first.text));
          let tense: Tense = prospective ? 'FUTURE' : detectTense(localStretch(text, w.span, first));
          if (tense === 'UNKNOWN') tense = detectTense(wText, false);
          if (tense === 'UNKNOWN') tense = sentTense;
          const possessed = first.eventNoun !== null || /^(?:meetings?|conversations?|visits?|trips?|calls?|phone calls?|discussions?)$/i.test(first.text) ? POSSESSIVE_PHRASE_RE.test(beforeTrigger) : false;
          const times = ctx.briefingDate
            ? findTimeExpressions(wText, ctx.briefingDate, tense).filter((d) => timeBelongs(wText, d, w.triggers.map((t) => ({ start: t.start - w.span.start, end: t.end - w.span.start }))))
            : [];
          let when = times.slice().sort((a, b) => PRECISION_RANK[a.precision] - PRECISION_RANK[b.precision] || Math.abs(a.start - (first.start - w.span.start)) - Math.abs(b.start - (first.start - w.span.start)))[0] ?? null;
          let location = place ? place[1] : null;
          if (place && location) {
            // "to Mexico and Guatemala", "in El Paso, Texas"
            const more = MORE_PLACE_RE.exec(wText.slice(place.index + place[0].length));
            if (more) location = `${location}${/and/.test(more[0]) ? ' and ' : ', '}${more[1]}`;
            else {
              const state2 = /^,\s+(?:Texas|California|Florida|Arizona|New Mexico|D\.?C\.?)\b/.exec(wText.slice(place.index + place[0].length));
              if (state2) location = `${location}${state2[0]}`;
            }
          }
          const orgsAfter = findOrganizations(text.slice(first.end, w.span.end)).map((o) => o.org.name);
          // the first trigger says what the event is ("stopped in El Paso ... to meet with" is a visit);
          // a medium word says how ("talks ... on the phone" is a call); "a conversation" defers to anything
          const cls = w.triggers.reduce<TriggerClass>((best, t) => (t.cls === 'PHONE' || t.cls === 'VIDEO' || best === 'OTHER' ? t.cls : best), first.cls);
          let kind = KIND_OF[cls];
          if (kind === 'IN_PERSON' && /\bvirtual(?:ly)?\b/i.test(wText)) kind = 'VIDEO_CALL';
          const eventTrigger = w.triggers.find((t) => t.eventNoun) ?? null;
          const ev = eventTrigger ? eventName(text, eventTrigger, w.span.start) : null;
          // "the different summits we may have": summits in general, not one of them
          if (ev && !ev.proper && /s$/i.test(eventTrigger!.text) && !persons.length && !when && !location) continue;
          // "the Summit for the Americas announcement": the name modifies another noun
          if (ev && w.triggers.length === 1 && ATTRIBUTIVE_RE.test(text.slice(ev.end, ev.end + 30))) continue;
          const sides = uniq([...persons.map((k) => ctx.persons.get(k)?.country ?? ''), ...countries, ...(homeSide && ctx.home ? [ctx.home] : [])]);
          // evidence that this is a meeting and not a figure of speech
          const evidence = !!when || !!location || !!ev || kind === 'PHONE_CALL' || kind === 'VIDEO_CALL' || persons.length >= 2 || sides.length >= 2 || orgsAfter.length > 0;
          if (!evidence) continue;
          // a visit is someone's: "Secretary Blinken was in Colombia", "she went to her inauguration"
          if (kind === 'VISIT' && !subject.length && !homeSide && !countries.length) continue;
          if (kind === 'VISIT' && !location && !when && !ev && persons.length + countries.length < 2) continue;
          if (kind === 'OTHER' && !when && persons.length + countries.length < 2) continue;
          if (!when && state.frame && tense !== 'PAST' && !possessed) when = state.frame;
          let status: MeetingStatus;
          let statusFrom: StatusEvidence;
          const rel = when && ctx.briefingDate ? periodRelation(when, ctx.briefingDate) : null;
          if (rel === 'PAST' || rel === 'FUTURE') {
            status = rel === 'PAST' ? 'HELD' : 'PLANNED';
            statusFrom = 'date';
          } else if (tense !== 'UNKNOWN') {
            status = tense === 'PAST' ? 'HELD' : 'PLANNED';
            statusFrom = 'tense';
          } else if (possessed && !rel) {
            status = 'HELD';
            statusFrom = 'assumed';
          } else {
            status = 'PLANNED';
            statusFrom = 'assumed';
          }
          // a journalist's question counts only for what it states as done; a guess is not a plan
          if (asked && (status !== 'HELD' || HYPOTHETICAL_RE.test(beforeTrigger) || /\b(?:ask|asking|wonder|wondering|know|tell us)\b/i.test(beforeTrigger))) continue;
          if (status === 'PLANNED' && HYPOTHETICAL_RE.test(beforeTrigger) && !/\bwould like\b/i.test(beforeTrigger)) continue;
          if (!subject.length) subject = persons.filter((k) => ctx.persons.get(k)?.country === ctx.home);
          for (const d of times) if (!d.from) ctx.warnings.push(`statement ${doc.index}: could not resolve the date "${d.text}"`);
          // "this summit", "the summit" with nothing to tell it apart: the summit already named
          const definiteRef = !!eventTrigger && !ev?.proper && /\b(?:this|that|the)\s+$/i.test(text.slice(Math.max(w.span.start, eventTrigger.start - 12), eventTrigger.start)) && !location;
          const draft: DraftMeeting = {
            kind,
            status,
            statusFrom,
            date: when && when.precision === 'DAY' ? when.from : null,
            period: when,
            location,
            personKeys: persons,
            subjectKeys: subject,
            countries: uniq([...countries, ...(homeSide && ctx.home ? [ctx.home] : [])]),
            objectOrgs: orgsAfter,
            event: ev ? ev.name : GENERIC_EVENT[kind],
            named: !!ev?.proper,
            mentions: 1,
            topics: uniq([...tagText(ctx.matcher, sentText).map((t) => t.slug)]),
            statementIndex: doc.index,
            start: w.span.start,
            end: w.span.end,
            cue: `meeting:${w.triggers.map((t) => t.text.toLowerCase()).join('+')}${when ? `/${when.rule}` : ''}${pronounOnly ? '/pronoun' : ''}`,
          };
          // "holding this meeting" in remarks that open a meeting: that meeting
          if (occasion && !when && !ev?.proper && /\bthis\s+(?:[\w-]+\s+)?(?:meeting|call|conversation|discussion|summit|visit)\b/i.test(text.slice(first.start - 20, first.end + 1)) && compatible(occasion, { ...draft, status: occasion.status, statusFrom: 'assumed', event: GENERIC_EVENT[draft.kind] }, countryOfKey)) {
            mergeInto(occasion, { ...draft, status: occasion.status, statusFrom: 'assumed' });
            continue;
          }
          // "this summit", "the meeting": the last meeting of that kind, not a new one
          if (definiteRef && ev) {
            const same = [...drafts].reverse().filter((d) => d.event && sameEventName(d.event, ev.name) && compatibleStatus(d, draft) && (!d.date || !draft.date || d.date === draft.date));
            // the one the briefing keeps talking about: "the summit" in a briefing on the Summit of the Americas
            const named = same.filter((d) => d.named).sort((a, b) => b.mentions - a.mentions);
            const target = named[0] ?? same[0];
            if (target) {
              mergeInto(target, draft);
              target.mentions++;
              lastMeeting = target;
              continue;
            }
          }
          // "The Vice President will meet ... She'll be meeting with ...": the same meeting, told on
          const sameKind = (a: MeetingKind, b: MeetingKind) => a === b || a === 'OTHER' || b === 'OTHER' || (a === 'VISIT') !== (b === 'VISIT');
          if (pronounOnly && lastMeeting && !when && !ev?.proper && !/\b(?:also|too|again|another|as well(?! as)|separately|then|other|first|second|third|fourth|next|finally|later)\b/i.test(wText) && compatibleStatus(lastMeeting, draft) && sameKind(lastMeeting.kind, draft.kind)) {
            const keep = { kind: lastMeeting.kind, status: lastMeeting.status, statusFrom: lastMeeting.statusFrom };
            mergeInto(lastMeeting, draft);
            if (STATUS_STRENGTH[keep.statusFrom] >= STATUS_STRENGTH[draft.statusFrom]) Object.assign(lastMeeting, keep);
            continue;
          }
          drafts.push(draft);
          lastMeeting = draft;
        }
      }
      if (!asked) readScheduleDay(sentText, ctx, state);
      UNNAMED_POST_RE.lastIndex = 0;
      const openingPost = UNNAMED_POST_RE.exec(sentText);
      const firstNamed = sentMentions.sort((a, b) => a.start - b.start)[0];
      if (firstNamed && (!openingPost || firstNamed.start - sent.start <= openingPost.index)) state.subject = { keys: [firstNamed.key], home: false };
      else {
        const post = openingPost;
        if (post && post.index < 40) {
          const h = holder(post[2], post[1]);
          state.subject = { keys: h.keys, home: !h.keys.length && h.country === ctx.home };
        }
      }
      prevSentencePersons = sentencePersons.length ? sentencePersons : prevSentencePersons;
    }
  }
  // merge repeated mentions of one meeting
  const merged: DraftMeeting[] = occasion ? [occasion] : [];
  for (const d of drafts) {
    const target = merged.find((m) => compatible(m, d, countryOfKey));
    if (target) {
      mergeInto(target, d);
      target.mentions += d.mentions;
    } else merged.push({ ...d, personKeys: [...d.personKeys], subjectKeys: [...d.subjectKeys], countries: [...d.countries], objectOrgs: [...d.objectOrgs], topics: [...d.topics] });
  }
  if (occasion && occasion.start === 0 && occasion.end === 0) {
    // the occasion's span: its first mention in the text, else the first statement's opening
    const mention = drafts.find((d) => compatible(occasion, d, countryOfKey));
    if (mention) Object.assign(occasion, { statementIndex: mention.statementIndex, start: mention.start, end: mention.end });
    else occasion.end = Math.min(docs[0].text.length, docs[0].sentences[0]?.end ?? docs[0].text.length);
  }
  return merged;
}

function compatibleStatus(a: DraftMeeting, b: DraftMeeting): boolean {
  return a.status === b.status || a.statusFrom === 'assumed' || b.statusFrom === 'assumed';
}

export function meetingSides(m: DraftMeeting, ctx: AnalysisContext): MeetingSide[] {
  return sidesOf(m, ctx);
}
