/**
 * Stage 7: meetings. Past and planned calls, meetings and visits named in officials'
 * statements: kind (from the trigger words), participants on each side (by country), date
 * (resolved against the briefing date, using the clause's tense to pick the last or the next
 * "January 27th"), place, status (HELD before the briefing date or in the past tense,
 * PLANNED after it or in the future tense) and the span that mentions them.
 *
 * Pronouns are resolved within the turn: "They will also meet with ..." takes the subject of
 * the previous meeting (or the last pair of people named), "a meeting the two held" the
 * participants of the previous one. Repeated mentions of one meeting are merged.
 */
import type { MeetingKind, MeetingSide, MeetingStatus, ParsedPerson, ParticipantRole, StatementKind, TextSpan, TopicTag } from './ingest.types';
import { detectTense, findDateMentions } from './dates';
import { escapeRe, findOrganizations, PLACE_WORDS } from './gazetteer';
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
  home: string | null;
  counterpart: string | null;
  /** The dialogue's two countries (home first when known). */
  dialogue: string[];
  persons: Map<string, ParsedPerson>;
  matcher: TopicMatcher;
  warnings: string[];
  toSpan: (statementIndex: number, start: number, end: number) => TextSpan;
}

export interface DraftMeeting {
  kind: MeetingKind;
  status: MeetingStatus;
  date: string | null;
  location: string | null;
  personKeys: string[];
  subjectKeys: string[];
  objectOrgs: string[];
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
}

const TRIGGER_RES: Array<[RegExp, TriggerClass]> = [
  [/\b(?:(?:phone|telephone)(?: calls?| conversations?)?|(?:hour-long|brief|lengthy|\d+-minute) calls?|calls? (?:with|between)|spoke (?:by phone|on the phone)|by phone|on the phone|over the phone)\b/gi, 'PHONE'],
  [/\b(?:video ?conference|videoconference|video calls?|virtual meetings?)\b/gi, 'VIDEO'],
  [/\b(?:meet(?:s|ing|ings)?|met|summits?|sit-downs?|face-to-face meetings?)\b/gi, 'IN_PERSON'],
  [/\b(?:conversations?|talks|discussions?)\b/gi, 'OTHER'],
  [/\b(?:[Ss]poke|[Ss]poken|[Ss]peaks?|[Tt]alked)(?: (?:today|yesterday|again|earlier|recently|this \w+|last \w+))? (?:with|to)(?= (?:[A-Z[]|his |her |their |the ))/g, 'OTHER'],
  [/\b(?:visit(?:s|ed|ing)?|trips?|travel(?:s|ed|ing|led|ling)?)\b/gi, 'VISIT'],
];

function findTriggers(text: string, from: number, to: number): Trigger[] {
  const slice = text.slice(from, to);
  const out: Trigger[] = [];
  for (const [re, cls] of TRIGGER_RES) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(slice))) out.push({ start: from + m.index, end: from + m.index + m[0].length, cls, text: m[0] });
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Trigger[] = [];
  for (const t of out) if (!kept.some((k) => t.start < k.end && k.start < t.end)) kept.push(t);
  // the briefing itself: "this call", "the call", "background call"
  return kept.filter((t) => !(t.cls === 'PHONE' && /^calls?$/i.test(t.text)));
}

function conflicts(a: TriggerClass, b: TriggerClass): boolean {
  if (a === b) return false;
  if (a === 'VISIT' || b === 'VISIT') return true;
  if (a === 'OTHER' || b === 'OTHER') return false;
  return true;
}

const KIND_OF: Record<TriggerClass, MeetingKind> = { PHONE: 'PHONE_CALL', VIDEO: 'VIDEO_CALL', IN_PERSON: 'IN_PERSON', OTHER: 'OTHER', VISIT: 'VISIT' };
const KIND_RANK: Record<MeetingKind, number> = { PHONE_CALL: 4, VIDEO_CALL: 4, IN_PERSON: 3, VISIT: 2, OTHER: 1 };

/** "in Mexico City", "at Mar-a-Lago", and "to" only after a movement ("travel to Mexico"). */
const PLACE_RE = new RegExp(
  `(?:\\b(?:in|at|into|inside|here in|there in)|\\b(?:travel\\w*|trip|visit\\w*|go|going|goes|went|fly\\w*|head\\w*|arriv\\w*|return\\w*|com\\w*|welcome\\w*|invit\\w*|down)(?:\\s+\\w+){0,2}?\\s+to)\\s+(${[...PLACE_WORDS].sort((a, b) => b.length - a.length).map(escapeRe).join('|')})(?![\\p{L}])`,
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

/** Splits a clause into windows so that one window holds one kind of meeting. */
function windows(text: string, clause: Span, triggers: Trigger[]): Array<{ span: Span; triggers: Trigger[] }> {
  const out: Array<{ span: Span; triggers: Trigger[] }> = [];
  let cur: { span: Span; triggers: Trigger[] } | null = null;
  for (const t of triggers) {
    if (!cur) {
      cur = { span: { start: clause.start, end: clause.end }, triggers: [t] };
      continue;
    }
    // "travel to Mexico City to meet with ...", "will visit Mexico for meetings with ..." is one event
    const purpose = /^\s*(?:to|for|in order to)\s+$/i.test(text.slice(Math.max(cur.triggers[cur.triggers.length - 1].end, t.start - 14), t.start)) || /\b(?:to|for)\s+(?:a\s+|the\s+)?$/i.test(text.slice(t.start - 12, t.start));
    const clash = !purpose && cur.triggers.some((x) => conflicts(x.cls, t.cls));
    if (!clash) {
      cur.triggers.push(t);
      continue;
    }
    const prev: Trigger = cur.triggers[cur.triggers.length - 1];
    const between = text.slice(prev.end, t.start);
    const comma = between.lastIndexOf(',');
    let cut: number = comma >= 0 ? prev.end + comma + 1 : t.start;
    if (comma < 0) {
      // keep the article/possessive with the next trigger: "the talks", "a meeting"
      const art = /(?:\b(?:the|a|an|his|her|their|that|this|our)\s+(?:[\w-]+\s+){0,2})$/i.exec(between);
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
const THE_TWO_RE = /\bthe two\b(?!\s+(?:countries|nations|governments|sides|peoples|economies))(\s+presidents|\s+leaders|\s+ministers|\s+secretaries)?/i;
const THEY_RE = /\b(?:they|both of them)\b/i;

function sidesOf(keys: string[], ctx: AnalysisContext): MeetingSide[] {
  const by = new Map<string, string[]>();
  for (const k of keys) {
    const c = ctx.persons.get(k)?.country ?? '';
    by.set(c, [...(by.get(c) ?? []), k]);
  }
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
 * A date belongs to the meeting when it is introduced by a preposition ("on January 27th",
 * "since Monday") or stands right next to a trigger ("meet tomorrow", "Monday's call"),
 * not when it dates something else in the clause ("with us today").
 */
function dateBelongs(text: string, start: number, end: number, triggers: Array<{ start: number; end: number }>): boolean {
  const before = text.slice(Math.max(0, start - 20), start);
  if (/\b(?:on|in|by|since|until|from|through|during|this|next|last|early|late|mid|before|after)\s+$/i.test(before)) return true;
  const relativeDay = /^(?:today|tonight|tomorrow|yesterday|this (?:morning|afternoon|evening)|the day after tomorrow)$/i.test(text.slice(start, end));
  return triggers.some((t) => {
    const gap = start >= t.end ? text.slice(t.end, start) : text.slice(end, t.start);
    const words = gap.trim().split(/\s+/).filter(Boolean).length;
    if (relativeDay && start >= t.end) return words <= 14 && !/[,;:]/.test(gap);
    return words <= 2;
  });
}

function uniq<T>(xs: T[]): T[] {
  return Array.from(new Set(xs));
}

function compatible(a: DraftMeeting, b: DraftMeeting): boolean {
  if (a.status !== b.status) return false;
  if (a.kind !== b.kind && a.kind !== 'OTHER' && b.kind !== 'OTHER') return false;
  if (a.date && b.date && a.date !== b.date) return false;
  if (a.location && b.location && !a.location.includes(b.location) && !b.location.includes(a.location)) return false;
  const [small, big] = a.personKeys.length <= b.personKeys.length ? [a, b] : [b, a];
  if (!small.personKeys.every((k) => big.personKeys.includes(k))) return false;
  if (!small.objectOrgs.every((o) => big.objectOrgs.includes(o))) return false;
  if (!big.objectOrgs.every((o) => small.objectOrgs.includes(o)) && small.personKeys.length === big.personKeys.length) return false;
  return true;
}

function mergeInto(into: DraftMeeting, m: DraftMeeting): void {
  into.personKeys = uniq([...into.personKeys, ...m.personKeys]);
  into.subjectKeys = uniq([...into.subjectKeys, ...m.subjectKeys]);
  into.objectOrgs = uniq([...into.objectOrgs, ...m.objectOrgs]);
  if (KIND_RANK[m.kind] > KIND_RANK[into.kind]) into.kind = m.kind;
  into.date = into.date ?? m.date;
  if (m.location && (!into.location || m.location.length > into.location.length)) into.location = m.location;
  into.topics = uniq([...into.topics, ...m.topics]);
}

function kindWord(k: MeetingKind): string {
  return { PHONE_CALL: 'Phone call', VIDEO_CALL: 'Video call', IN_PERSON: 'Meeting', VISIT: 'Visit', OTHER: 'Conversation' }[k];
}

export function meetingTitle(m: DraftMeeting, ctx: AnalysisContext): string {
  const sides = sidesOf(m.personKeys, ctx);
  const names = sides.map((s) => s.personKeys.map((k) => ctx.persons.get(k)?.surname ?? ctx.persons.get(k)?.name ?? k).join(', '));
  let t = `${kindWord(m.kind)}: ${names.join(' - ')}`;
  if (m.objectOrgs.length) t += ` with ${m.objectOrgs.join(', ')}`;
  if (m.location) t += ` in ${m.location}`;
  if (m.date) t += ` (${m.date})`;
  return t;
}

/** Extracts and merges the meetings named in officials' statements. */
export function extractMeetings(docs: StatementDoc[], ctx: AnalysisContext): DraftMeeting[] {
  const drafts: DraftMeeting[] = [];
  let lastMeeting: DraftMeeting | null = null;
  let lastTurn = -1;
  for (const doc of docs) {
    if (doc.turnIndex !== lastTurn) {
      lastMeeting = null;
      lastTurn = doc.turnIndex;
    }
    if (doc.kind === 'QUESTION' || doc.kind === 'PROCEDURAL' || doc.speakerRole === 'JOURNALIST' || doc.speakerRole === 'OPERATOR') continue;
    const text = doc.text;
    let prevSentencePersons: string[] = [];
    for (let si = 0; si < doc.sentences.length; si++) {
      const sent = doc.sentences[si];
      const sentencePersons = uniq(doc.mentions.filter((r) => r.start >= sent.start && r.end <= sent.end).map((r) => r.key)).filter((k) => isNamedPerson(ctx, k));
      const sentText = text.slice(sent.start, sent.end);
      // anaphora: "In that hour-long call, the two presidents discussed ..."
      const ana = /^(?:In|During|At|On)\s+(?:that|this|the)\s+(?:[\w-]+\s+)?(call|meeting|conversation|visit)\b/i.exec(sentText);
      if (ana && lastMeeting) {
        if (/call/i.test(ana[1]) && lastMeeting.kind === 'OTHER') lastMeeting.kind = 'PHONE_CALL';
        lastMeeting.topics = uniq([...lastMeeting.topics, ...tagText(ctx.matcher, sentText).map((t) => t.slug)]);
        prevSentencePersons = sentencePersons.length ? sentencePersons : prevSentencePersons;
        continue;
      }
      for (const cl of clauses(text, sent)) {
        const triggers = findTriggers(text, cl.start, cl.end);
        if (!triggers.length) continue;
        for (const w of windows(text, cl, triggers)) {
          const wText = text.slice(w.span.start, w.span.end);
          const first = w.triggers[0];
          const inWin = doc.mentions.filter((r) => r.start >= w.span.start && r.end <= w.span.end && isNamedPerson(ctx, r.key));
          let subject = uniq(inWin.filter((r) => r.end <= first.start).map((r) => r.key));
          let persons = uniq(inWin.map((r) => r.key));
          const beforeTrigger = text.slice(w.span.start, first.start);
          const two = THE_TWO_RE.exec(wText);
          if (two && lastMeeting) {
            let keys = lastMeeting.personKeys;
            if (two[1] && /presidents/i.test(two[1])) {
              const pres = keys.filter((k) => ctx.persons.get(k)?.post === 'President');
              if (pres.length) keys = pres;
            }
            persons = uniq([...keys, ...persons]);
            if (!subject.length) subject = keys;
          } else if (!subject.length && THEY_RE.test(beforeTrigger)) {
            const prior = lastMeeting?.subjectKeys.length ? lastMeeting.subjectKeys : prevSentencePersons.length >= 2 ? prevSentencePersons : lastMeeting?.personKeys ?? [];
            if (prior.length) {
              subject = prior;
              persons = uniq([...prior, ...persons]);
            }
          }
          if (!persons.length) continue;
          const negated = NEGATION_RE.test(text.slice(Math.max(w.span.start, first.start - 40), first.start));
          if (negated) continue;
          const tense = detectTense(wText);
          const dates = findDateMentions(wText, ctx.briefingDate, tense).filter((d) => dateBelongs(wText, d.start, d.end, w.triggers.map((t) => ({ start: t.start - w.span.start, end: t.end - w.span.start }))));
          const dm = dates.find((d) => d.date) ?? null;
          for (const d of dates) if (!d.date) ctx.warnings.push(`statement ${doc.index}: could not resolve the date "${d.text}"`);
          const place = PLACE_RE.exec(wText);
          const location = place ? place[1] : null;
          const orgsAfter = findOrganizations(text.slice(first.end, w.span.end)).map((o) => o.org.name);
          const cls = w.triggers.reduce<TriggerClass>((best, t) => (KIND_RANK[KIND_OF[t.cls]] > KIND_RANK[KIND_OF[best]] ? t.cls : best), first.cls);
          const kind = KIND_OF[cls];
          if (kind === 'VISIT' && !location && !dm) continue;
          if (!dm && !location && persons.length < 2 && !orgsAfter.length) continue;
          let status: MeetingStatus;
          if (dm?.date && ctx.briefingDate && dm.date < ctx.briefingDate) status = 'HELD';
          else if (dm?.date && ctx.briefingDate && dm.date > ctx.briefingDate) status = 'PLANNED';
          else status = tense === 'PAST' ? 'HELD' : 'PLANNED';
          if (!subject.length) subject = persons.filter((k) => ctx.persons.get(k)?.country === ctx.home);
          const draft: DraftMeeting = {
            kind,
            status,
            date: dm?.date ?? null,
            location,
            personKeys: persons,
            subjectKeys: subject,
            objectOrgs: orgsAfter,
            topics: uniq([...tagText(ctx.matcher, sentText).map((t) => t.slug)]),
            statementIndex: doc.index,
            start: w.span.start,
            end: w.span.end,
            cue: `meeting:${w.triggers.map((t) => t.text.toLowerCase()).join('+')}${dm ? `/${dm.rule}` : ''}`,
          };
          drafts.push(draft);
          lastMeeting = draft;
        }
      }
      prevSentencePersons = sentencePersons.length ? sentencePersons : prevSentencePersons;
    }
  }
  // merge repeated mentions of one meeting
  const merged: DraftMeeting[] = [];
  for (const d of drafts) {
    const target = merged.find((m) => compatible(m, d));
    if (target) mergeInto(target, d);
    else merged.push({ ...d, personKeys: [...d.personKeys], subjectKeys: [...d.subjectKeys], objectOrgs: [...d.objectOrgs], topics: [...d.topics] });
  }
  return merged;
}

export function meetingSides(m: DraftMeeting, ctx: AnalysisContext): MeetingSide[] {
  return sidesOf(m.personKeys, ctx);
}
