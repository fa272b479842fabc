/**
 * Scores a ParsedBriefing against a hand annotation (the gold file), following the gold
 * file's "scoring" rules:
 *
 * - turns: the speaker-label sequence, position by position; a QUESTION turn also needs its
 *   questioner (askedBy) and outlet;
 * - statements: the number of non-empty paragraphs of speaker turns;
 * - commitments: a candidate matches a gold entry when its SOURCE SENTENCE (the sentence(s)
 *   of its statement that its span overlaps) contains the gold quote. Recall = matched
 *   required / all required; precision = candidates matching any required or acceptable
 *   entry / all candidates; hits on 'mustNotExtract' are reported;
 * - topics: for each topicGold paragraph, the set of root topics assigned vs 'topics'
 *   ('alsoAcceptable' topics neither rewarded nor penalised); micro precision, recall, F1.
 *   Only the gold's topic slugs are compared (subtopic tags are outside the gold's scope);
 * - participants: a gold participant is found when one record (speaker or mentioned) carries
 *   its surname, its country (where given) and its title/post (where given); several
 *   records for one person count as one found plus duplicates (a record that is exactly
 *   another gold participant of the same surname, a spouse, is not one of them);
 * - meetings: found when a record has the gold date (a dateless record also counts where
 *   dateOptional is true), the status, and at least the named participants on both sides.
 *
 * Pure: no I/O.
 */
import type { ParsedBriefing, ParsedPerson } from '../ingest.types';
import { foldForMatch } from '../normalise';
import { sourceSentence, splitSentences } from '../sentences';

export interface GoldTurn {
  label: string;
  askedBy?: string;
  outlet?: string;
}

export interface GoldBriefing {
  briefing: { title?: string; kind?: string; date?: string; location?: string; medium?: string; attribution?: string; turnCount: number; statementCount: number };
  turns: Array<string | GoldTurn>;
  topics?: Array<{ slug: string; title: string }>;
  topicGold: Array<{ paragraphStartsWith: string; topics: string[]; alsoAcceptable?: string[] }>;
  participants: Array<{ surname: string; name?: string; title?: string; country?: string; organization?: string; role?: string }>;
  meetings: Array<{ id: string; date?: string; dateOptional?: boolean; status: string; kind?: string; location?: string; sideA: string[]; sideB: string[]; quote?: string }>;
  commitments: {
    required: Array<{ id: string; quote: string; kind?: string; topics?: string[] }>;
    acceptable: Array<{ quote: string }>;
    mustNotExtract?: string[];
  };
}

export interface Scorecard {
  header: { checked: number; matched: number; mismatches: string[] };
  /** labelsMatched: turns whose speaker label is right; matched: whose questioner (askedBy, outlet) is right too. */
  turns: { expected: number; found: number; labelsMatched: number; matched: number; mismatches: string[] };
  statements: { expected: number; found: number };
  commitments: {
    required: number;
    requiredMatched: number;
    recall: number;
    extracted: number;
    precise: number;
    precision: number;
    missing: string[];
    unmatched: string[];
    mustNotExtractHits: string[];
  };
  topics: { paragraphs: number; paragraphsFound: number; missingParagraphs: string[]; tp: number; fp: number; fn: number; precision: number; recall: number; f1: number; errors: string[] };
  participants: { expected: number; found: number; missing: string[]; duplicates: number; duplicateDetails: string[]; organizationsMatched: number; organizationsExpected: number };
  meetings: { expected: number; found: number; missing: string[] };
}

export const THRESHOLDS = {
  turnsExact: true,
  statementsExact: true,
  commitmentRecall: 0.95,
  commitmentPrecision: 0.85,
  topicF1: 0.9,
  allParticipants: true,
  maxParticipantDuplicates: 0,
  allMeetings: true,
};

function fold(s: string): string {
  return foldForMatch(s)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

function same(a: string | null | undefined, b: string | null | undefined): boolean {
  const n = (s: string) => fold(s).replace(/^the\s+/, '').replace(/[.,]/g, '').trim();
  return !!a && !!b && n(a) === n(b);
}

function personRecords(parsed: ParsedBriefing): ParsedPerson[] {
  return [...parsed.speakers, ...parsed.mentioned];
}

function scoreHeader(parsed: ParsedBriefing, gold: GoldBriefing): Scorecard['header'] {
  const mismatches: string[] = [];
  let checked = 0;
  let matched = 0;
  const fields: Array<keyof GoldBriefing['briefing'] & keyof ParsedBriefing['header']> = ['title', 'kind', 'date', 'location', 'medium', 'attribution'];
  for (const f of fields) {
    const g = gold.briefing[f];
    if (g === undefined) continue;
    checked++;
    const p = parsed.header[f];
    if (same(String(g), p ?? null)) matched++;
    else mismatches.push(`${f}: expected "${g}", got "${p}"`);
  }
  return { checked, matched, mismatches };
}

function scoreTurns(parsed: ParsedBriefing, gold: GoldBriefing): Scorecard['turns'] {
  const people = new Map(personRecords(parsed).map((p) => [p.key, p]));
  const turns: Array<{ label: string | null; speakerKey: string | null }> = [];
  for (const st of parsed.statements) {
    if (st.paragraphIndex === 0 || !turns[st.turnIndex]) turns[st.turnIndex] = { label: st.speakerLabel, speakerKey: st.speakerKey };
  }
  const mismatches: string[] = [];
  let matched = 0;
  let labelsMatched = 0;
  const n = Math.max(turns.length, gold.turns.length);
  for (let i = 0; i < n; i++) {
    const g = gold.turns[i];
    const p = turns[i];
    if (!g || !p) {
      mismatches.push(`turn ${i}: expected ${g ? (typeof g === 'string' ? g : g.label) : '(none)'}, got ${p ? p.label : '(none)'}`);
      continue;
    }
    const gt: GoldTurn = typeof g === 'string' ? { label: g } : g;
    if (p.label !== gt.label) {
      mismatches.push(`turn ${i}: expected ${gt.label}, got ${p.label}`);
      continue;
    }
    labelsMatched++;
    if (gt.askedBy) {
      const who = p.speakerKey ? people.get(p.speakerKey) : undefined;
      if (!who || !same(who.name, gt.askedBy) || (gt.outlet && !same(who.organization?.name, gt.outlet))) {
        mismatches.push(`turn ${i}: expected questioner ${gt.askedBy} (${gt.outlet}), got ${who ? `${who.name} (${who.organization?.name})` : 'none'}`);
        continue;
      }
    }
    matched++;
  }
  return { expected: gold.turns.length, found: parsed.turnCount, labelsMatched, matched, mismatches };
}

function scoreCommitments(parsed: ParsedBriefing, gold: GoldBriefing): Scorecard['commitments'] {
  const sources = parsed.candidates.map((c) => {
    const st = parsed.statements[c.span.statementIndex];
    const s = sourceSentence(st.text, c.span.start, c.span.end, splitSentences(st.text));
    return fold(st.text.slice(s.start, s.end));
  });
  const required = gold.commitments.required;
  const acceptable = gold.commitments.acceptable.map((a) => fold(a.quote));
  const missing: string[] = [];
  let requiredMatched = 0;
  for (const r of required) {
    const q = fold(r.quote);
    if (sources.some((s) => s.includes(q))) requiredMatched++;
    else missing.push(`${r.id}: ${r.quote}`);
  }
  const anyQuote = [...required.map((r) => fold(r.quote)), ...acceptable];
  const unmatched: string[] = [];
  let precise = 0;
  sources.forEach((s, i) => {
    if (anyQuote.some((q) => s.includes(q))) precise++;
    else unmatched.push(parsed.candidates[i].span.quote);
  });
  const mustNot = (gold.commitments.mustNotExtract ?? []).map(fold);
  const mustNotExtractHits: string[] = [];
  sources.forEach((s, i) => {
    const quote = fold(parsed.candidates[i].span.quote);
    if (mustNot.some((m) => s.includes(m) || m.includes(quote))) mustNotExtractHits.push(parsed.candidates[i].span.quote);
  });
  return {
    required: required.length,
    requiredMatched,
    recall: ratio(requiredMatched, required.length),
    extracted: parsed.candidates.length,
    precise,
    precision: ratio(precise, parsed.candidates.length),
    missing,
    unmatched,
    mustNotExtractHits,
  };
}

function scoreTopics(parsed: ParsedBriefing, gold: GoldBriefing): Scorecard['topics'] {
  const goldSlugs = new Set((gold.topics ?? []).map((t) => t.slug));
  for (const g of gold.topicGold) for (const t of [...g.topics, ...(g.alsoAcceptable ?? [])]) goldSlugs.add(t);
  // a first paragraph may be quoted with its label, with a colon ("MODERATOR: ...") or, for a
  // bare Q, without ("Q    Thank you, Jen.")
  const paras = parsed.statements.map((st) => ({
    bare: fold(st.text),
    labelled: st.paragraphIndex === 0 && st.speakerLabel ? [fold(`${st.speakerLabel}: ${st.text}`), fold(`${st.speakerLabel} ${st.text}`)] : [],
    slugs: new Set(st.topics.map((t) => t.slug).filter((s) => goldSlugs.has(s))),
  }));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let found = 0;
  const missingParagraphs: string[] = [];
  const errors: string[] = [];
  for (const g of gold.topicGold) {
    const want = fold(g.paragraphStartsWith);
    const p = paras.find((x) => x.bare.startsWith(want) || x.labelled.some((l) => l.startsWith(want)));
    if (!p) {
      missingParagraphs.push(g.paragraphStartsWith);
      fn += g.topics.length;
      continue;
    }
    found++;
    const also = new Set(g.alsoAcceptable ?? []);
    for (const t of g.topics) {
      if (p.slugs.has(t)) tp++;
      else {
        fn++;
        errors.push(`missed ${t}: "${g.paragraphStartsWith}"`);
      }
    }
    for (const s of p.slugs) {
      if (!g.topics.includes(s) && !also.has(s)) {
        fp++;
        errors.push(`extra ${s}: "${g.paragraphStartsWith}"`);
      }
    }
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { paragraphs: gold.topicGold.length, paragraphsFound: found, missingParagraphs, tp, fp, fn, precision, recall, f1, errors };
}

function surnameOf(p: ParsedPerson): string | null {
  return p.surname ?? null;
}

function refersTo(p: ParsedPerson, goldSurname: string): boolean {
  const g = fold(goldSurname);
  const s = surnameOf(p);
  if (s) {
    const fs = fold(s);
    if (fs === g) return true;
    const gt = g.split(' ');
    const st = fs.split(' ');
    if (st.length < gt.length && st.every((t, i) => t === gt[gt.length - st.length + i])) return true;
  }
  return false;
}

function scoreParticipants(parsed: ParsedBriefing, gold: GoldBriefing): Scorecard['participants'] {
  const records = personRecords(parsed);
  const missing: string[] = [];
  const duplicateDetails: string[] = [];
  let found = 0;
  let duplicates = 0;
  let orgsExpected = 0;
  let orgsMatched = 0;
  const matches = (r: ParsedPerson, g: GoldBriefing['participants'][number]) =>
    same(r.surname, g.surname) && (!g.country || r.country === g.country) && (!g.title || same(r.post, g.title));
  for (const g of gold.participants) {
    // a record that is exactly another gold person of the same surname (the First Lady beside the
    // President) is that person's, not a duplicate of this one
    const others = gold.participants.filter((o) => o !== g && refersTo({ surname: o.surname } as ParsedPerson, g.surname));
    const mine = records.filter((r) => refersTo(r, g.surname) && (matches(r, g) || !others.some((o) => matches(r, o))));
    const ok = mine.find((r) => matches(r, g));
    if (ok) found++;
    else {
      const got = mine.map((r) => `${r.name} [${r.post ?? '-'}, ${r.country ?? '-'}]`).join('; ') || 'no record';
      missing.push(`${g.surname} (${g.title ?? g.role ?? ''}${g.country ? `, ${g.country}` : ''}): ${got}`);
    }
    if (mine.length > 1) {
      duplicates += mine.length - 1;
      duplicateDetails.push(`${g.surname}: ${mine.map((r) => r.key).join(', ')}`);
    }
    if (g.organization) {
      orgsExpected++;
      if (mine.some((r) => same(r.organization?.name, g.organization) || same(r.organization?.name?.replace(/^U\.S\. /, ''), g.organization!.replace(/^U\.S\. /, '')))) orgsMatched++;
    }
  }
  return { expected: gold.participants.length, found, missing, duplicates, duplicateDetails, organizationsMatched: orgsMatched, organizationsExpected: orgsExpected };
}

function scoreMeetings(parsed: ParsedBriefing, gold: GoldBriefing): Scorecard['meetings'] {
  const people = new Map(personRecords(parsed).map((p) => [p.key, p]));
  const sideNames = (keys: string[]) => keys.map((k) => people.get(k)).filter((p): p is ParsedPerson => !!p);
  const covers = (keys: string[], names: string[]) => names.every((n) => sideNames(keys).some((p) => refersTo(p, n)));
  const missing: string[] = [];
  let found = 0;
  for (const g of gold.meetings) {
    const ok = parsed.meetings.some((m) => {
      if (g.date && m.date !== g.date && !(g.dateOptional && m.date === null)) return false;
      if (m.status.toLowerCase() !== g.status.toLowerCase()) return false;
      // side B is "the other side": in a meeting of three countries (a trilateral summit) the
      // gold lists both guests there, and the record's sides other than A together cover them
      return m.sides.some((a, ai) => covers(a.personKeys, g.sideA) && (g.sideB.length === 0 || covers(m.sides.filter((_, bi) => bi !== ai).flatMap((b) => b.personKeys), g.sideB)));
    });
    if (ok) found++;
    else missing.push(`${g.id}: ${g.quote ?? ''}`);
  }
  return { expected: gold.meetings.length, found, missing };
}

export function scoreBriefing(parsed: ParsedBriefing, gold: GoldBriefing): Scorecard {
  return {
    header: scoreHeader(parsed, gold),
    turns: scoreTurns(parsed, gold),
    statements: { expected: gold.briefing.statementCount, found: parsed.statements.length },
    commitments: scoreCommitments(parsed, gold),
    topics: scoreTopics(parsed, gold),
    participants: scoreParticipants(parsed, gold),
    meetings: scoreMeetings(parsed, gold),
  };
}

/** The thresholds the seed must meet; returns the failures (empty when all pass). */
export function thresholdFailures(card: Scorecard, t = THRESHOLDS): string[] {
  const f: string[] = [];
  if (t.turnsExact && (card.turns.matched !== card.turns.expected || card.turns.found !== card.turns.expected)) f.push(`turns ${card.turns.matched}/${card.turns.expected} (found ${card.turns.found})`);
  if (t.statementsExact && card.statements.found !== card.statements.expected) f.push(`statements ${card.statements.found}/${card.statements.expected}`);
  if (card.commitments.recall < t.commitmentRecall) f.push(`commitment recall ${card.commitments.recall.toFixed(3)} < ${t.commitmentRecall}`);
  if (card.commitments.precision < t.commitmentPrecision) f.push(`commitment precision ${card.commitments.precision.toFixed(3)} < ${t.commitmentPrecision}`);
  if (card.topics.f1 < t.topicF1) f.push(`topic micro-F1 ${card.topics.f1.toFixed(3)} < ${t.topicF1}`);
  if (t.allParticipants && card.participants.found < card.participants.expected) f.push(`participants ${card.participants.found}/${card.participants.expected}`);
  if (card.participants.duplicates > t.maxParticipantDuplicates) f.push(`participant duplicates ${card.participants.duplicates}`);
  if (t.allMeetings && card.meetings.found < card.meetings.expected) f.push(`meetings ${card.meetings.found}/${card.meetings.expected}`);
  return f;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** A readable scorecard. */
export function formatScorecard(card: Scorecard): string {
  const lines: string[] = [];
  const c = card.commitments;
  const t = card.topics;
  const p = card.participants;
  lines.push('Briefing ingest scorecard');
  lines.push('-------------------------');
  lines.push(`header fields      ${card.header.matched}/${card.header.checked}`);
  lines.push(`turns              ${card.turns.matched}/${card.turns.expected} (found ${card.turns.found})`);
  lines.push(`statements         ${card.statements.found}/${card.statements.expected}`);
  lines.push(`commitments        required recall ${c.requiredMatched}/${c.required} = ${pct(c.recall)}; precision ${c.precise}/${c.extracted} = ${pct(c.precision)}; mustNotExtract hits ${c.mustNotExtractHits.length}`);
  lines.push(`topics             micro P ${pct(t.precision)} R ${pct(t.recall)} F1 ${pct(t.f1)} (tp ${t.tp}, fp ${t.fp}, fn ${t.fn}; paragraphs ${t.paragraphsFound}/${t.paragraphs})`);
  lines.push(`participants       ${p.found}/${p.expected} found, ${p.duplicates} duplicates; organisations ${p.organizationsMatched}/${p.organizationsExpected}`);
  lines.push(`meetings           ${card.meetings.found}/${card.meetings.expected}`);
  const detail = (title: string, xs: string[]) => {
    if (!xs.length) return;
    lines.push('');
    lines.push(`${title}:`);
    for (const x of xs) lines.push(`  - ${x}`);
  };
  detail('header mismatches', card.header.mismatches);
  detail('turn mismatches', card.turns.mismatches);
  detail('missing required commitments', c.missing);
  detail('candidates matching no gold entry', c.unmatched);
  detail('candidates hitting mustNotExtract', c.mustNotExtractHits);
  detail('topic errors', t.errors);
  detail('topic paragraphs not found', t.missingParagraphs);
  detail('participants not found', p.missing);
  detail('participant duplicates', p.duplicateDetails);
  detail('meetings not found', card.meetings.missing);
  return lines.join('\n');
}
