/**
 * The pure ingest pipeline: briefing text -> ParsedBriefing. Deterministic, no I/O.
 *
 *   normalise -> header -> turns -> speakers -> statements -> participants mentioned
 *   -> topics -> meetings -> commitment candidates
 *
 * Every offset in the result refers to the ORIGINAL text; candidate and meeting spans refer
 * to their statement's text (an exact slice of the original).
 */
import type { IngestOptions, ParsedBriefing, ParsedMeeting, ParsedPerson, ParsedStatement, TextSpan } from './ingest.types';
import { extractCandidates, type SentenceRow } from './candidates';
import type { CommitmentModel } from './commitment-model';
import { isValidIsoDate } from './dates';
import { IngestInputError } from './errors';
import { findCountryWords, findOrganizations, lookupPost, orgByName, resetGazetteerCaches } from './gazetteer';
import { parseHeader } from './header';
import { extractMeetings, meetingSides, meetingTitle, type AnalysisContext, type StatementDoc } from './meetings';
import { extractMentions, resolvePeople, type RawMention, type ResolvedMention, type Source } from './mentions';
import { isChromeLine, normaliseText, splitLines, toOriginalRange, trimRange, type Line, type NormalisedText } from './normalise';
import { splitSentences } from './sentences';
import { addJournalistFirstNames, buildSpeakers, inferSpeakerOrganizations, resolveStandIns } from './speakers';
import { classifyStatement } from './statements';
import { tagStatement, topicMatcherFor } from './topics';
import { segmentTurns, type RawTurn } from './turns';

function homeFromLocation(location: string | null): string | null {
  if (!location) return null;
  const words = findCountryWords(location, ['city', 'name']);
  if (words.length) return words[0].w.code;
  if (/\b(?:D\.?C\.?|Air Force One|White House|Briefing Room|Oval Office|Rose Garden|Camp David)\b/.test(location)) return 'US';
  return null;
}

function countryCounts(texts: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of texts) {
    for (const w of findCountryWords(t)) counts.set(w.w.code, (counts.get(w.w.code) ?? 0) + 1);
  }
  return counts;
}

/**
 * The title as the text writes it (curly quotes, accents and dashes kept), when it maps back
 * cleanly to one stretch of its line; else the normalised title.
 */
function asWritten(original: string, norm: NormalisedText, line: Line, title: string): string {
  const at = line.text.indexOf(title);
  if (at < 0) return title;
  const [os, oe] = toOriginalRange(norm, line.start + at, line.start + at + title.length);
  const written = original.slice(os, oe).replace(/[\u00a0\u2007\u202f]/g, ' ');
  return normaliseText(written, { rejoinWrapped: false }).text === title ? written : title;
}

export function parseBriefing(text: string, options: IngestOptions): ParsedBriefing {
  return analyseBriefing(text, options, undefined, false).parsed;
}

/**
 * parseBriefing, and every sentence the commitment model scored (features, score): what
 * `npm run train:extract` learns from. `model` replaces the committed weights (cross-validation).
 */
export function parseBriefingDetailed(text: string, options: IngestOptions, model?: CommitmentModel): { parsed: ParsedBriefing; sentences: SentenceRow[] } {
  return analyseBriefing(text, options, model, true);
}

function analyseBriefing(text: string, options: IngestOptions, model: CommitmentModel | undefined, keepSentences: boolean): { parsed: ParsedBriefing; sentences: SentenceRow[] } {
  if (typeof text !== 'string') throw new IngestInputError('briefing text must be a string');
  if (!text.trim()) throw new IngestInputError('briefing text is empty');
  const opts: IngestOptions = options ?? { topics: [] };
  if (opts.date != null && opts.date !== '' && !isValidIsoDate(opts.date)) {
    throw new IngestInputError(`date must be YYYY-MM-DD, got "${opts.date}"`);
  }
  if (opts.minConfidence != null && !(typeof opts.minConfidence === 'number' && opts.minConfidence >= 0 && opts.minConfidence <= 1)) {
    throw new IngestInputError(`minConfidence must be a number from 0 to 1, got ${String(opts.minConfidence)}`);
  }
  resetGazetteerCaches();
  const warnings: string[] = [];
  const norm = normaliseText(text);
  const lines = splitLines(norm.text);
  const seg = segmentTurns(lines);
  const noLabels = seg.firstLabelLine === null;
  if (noLabels) warnings.push('no speaker labels found: the text is kept as unattributed statements');
  const headerLines = lines.slice(0, seg.firstLabelLine ?? lines.length);
  const hdr = parseHeader(headerLines, noLabels);
  const header = { ...hdr.header, startTime: hdr.header.startTime ?? seg.startTime, endTime: seg.endTime ?? hdr.header.endTime };
  if (header.title && hdr.titleLine !== null) header.title = asWritten(text, norm, lines[hdr.titleLine], header.title);
  if (opts.title) header.title = opts.title;
  if (opts.date) {
    header.date = opts.date;
    header.heldOn = null;
  }

  // unattributed paragraphs: stray prose before the first label, or the whole body without labels
  const turns: RawTurn[] = [];
  let unattributedLines: number[] = [];
  if (noLabels) {
    const headerEnd = (() => {
      const k = lines.findIndex((l, i) => i >= 0 && l.text.trim().length >= 120 && /[.?!]["')]?$/.test(l.text.trim()));
      return k >= 0 ? k : lines.length;
    })();
    for (let i = headerEnd; i < lines.length; i++) {
      const t = lines[i].text;
      if (!t.trim()) continue;
      if (isChromeLine(t)) {
        if (lines.slice(i + 1).every((l) => !l.text.trim() || isChromeLine(l.text) || l.text.trim().length < 80)) break;
        continue;
      }
      if (/^\s*END\s+\d{1,2}(?::\d{2})?\s*[AaPp]\.?\s?[Mm]/.test(t)) break;
      unattributedLines.push(i);
    }
  } else {
    unattributedLines = hdr.proseLines;
  }
  if (unattributedLines.length) {
    const paragraphs = unattributedLines.map((i) => {
      const [s, e] = trimRange(norm.text, lines[i].start, lines[i].end);
      return { start: s, end: e, line: i };
    });
    turns.push({ label: null, labelStart: paragraphs[0].start, labelEnd: paragraphs[0].start, bare: false, paragraphs });
    for (const p of paragraphs) warnings.push(`paragraph at offset ${norm.starts[p.start]} could not be attributed to a speaker`);
  }
  turns.push(...seg.turns);

  // speakers
  const sp = buildSpeakers(turns.map((t) => ({ label: t.label, paragraphs: t.paragraphs.map((p) => norm.text.slice(p.start, p.end)) })));
  warnings.push(...sp.warnings);
  const speakers = sp.speakers;

  // statements
  const statements: ParsedStatement[] = [];
  const docs: StatementDoc[] = [];
  let afterQuestion = false;
  turns.forEach((turn, ti) => {
    const speakerKey = sp.turnSpeakerKeys[ti];
    const speaker = speakerKey ? speakers.find((s) => s.key === speakerKey) ?? null : null;
    turn.paragraphs.forEach((p, pi) => {
      const [os, oe] = toOriginalRange(norm, p.start, p.end);
      const ntext = norm.text.slice(p.start, p.end);
      const kind = classifyStatement(ntext, speaker?.role ?? null, afterQuestion);
      const st: ParsedStatement = {
        index: statements.length,
        turnIndex: ti,
        paragraphIndex: pi,
        speakerKey,
        speakerLabel: turn.label,
        kind,
        text: text.slice(os, oe),
        start: os,
        end: oe,
        topics: [],
      };
      statements.push(st);
      docs.push({
        index: st.index,
        turnIndex: ti,
        text: ntext,
        normStart: p.start,
        sentences: splitSentences(ntext),
        kind,
        speakerKey,
        speakerRole: speaker?.role ?? null,
        mentions: [],
        topics: [],
      });
    });
    // an inaudible interjection does not turn what follows into answers
    if (speaker?.role === 'JOURNALIST' && turn.paragraphs.some((p) => /\?|(?:\S+\s+){4}\S/.test(norm.text.slice(p.start, p.end)))) afterQuestion = true;
  });

  // aliases of speakers
  const standIns = resolveStandIns(
    speakers,
    docs.map((d) => d.text),
  );
  addJournalistFirstNames(
    speakers,
    docs.map((d) => d.text),
  );

  // home and counterpart countries
  const titleText = header.title ? normaliseText(header.title, { rejoinWrapped: false }).text : '';
  let home = homeFromLocation(header.location) ?? hdr.publisher;
  if (!home) {
    // who is briefing: the speakers' own bodies, US-style "administration officials", government
    // bodies the officials name; country names only as a last resort
    inferSpeakerOrganizations(
      speakers,
      docs.map((d) => ({ speakerKey: d.speakerKey, text: d.text, nearbyPersonOrg: () => null })),
      null,
    );
    const votes = new Map<string, number>();
    const vote = (c: string | null | undefined, w: number) => c && votes.set(c, (votes.get(c) ?? 0) + w);
    for (const s of speakers) vote(s.organization?.country, 3);
    for (const s of speakers) if (s.anonymous && /\bADMINISTRATION OFFICIALS?\b/i.test(s.aliases[0] ?? '')) vote('US', 3);
    for (const t of [titleText, ...docs.filter((d) => d.kind !== 'QUESTION').map((d) => d.text)]) for (const o of findOrganizations(t)) if (o.org.kind === 'GOVERNMENT') vote(o.org.country, 2);
    if (!votes.size) {
      // country names as a last resort; a country whose officials are introduced by a country
      // word ("Mexican Foreign Secretary ...") is the other side, not the briefing government
      for (const [c, n] of countryCounts([titleText, ...docs.map((d) => d.text)])) vote(c, n);
      for (const t of [titleText, ...docs.map((d) => d.text)]) {
        for (const w of findCountryWords(t, ['adjective', 'possessive'])) {
          if (/^\s+(?:[A-Z][a-z]+\s+){0,3}(?:Secretary|Minister|President|Ambassador|Foreign|Finance|Defense|Interior|Attorney|officials?|counterparts?|government)\b/.test(t.slice(w.end, w.end + 40))) vote(w.w.code, -3);
        }
      }
    }
    const best = Array.from(votes.entries()).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (best && best[1] > 0) home = best[0];
  }
  const officialTexts = docs.filter((d) => d.kind !== 'QUESTION').map((d) => d.text);
  const counts = countryCounts([titleText, ...officialTexts, ...docs.filter((d) => d.kind === 'QUESTION').map((d) => d.text)]);
  // the dialogue's two countries: the briefing government's and the most-mentioned other one
  const ranked = Array.from(counts.entries()).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const counterpart: string | null = ranked.find(([c]) => c !== home)?.[0] ?? null;
  // the two countries of the dialogue ("both countries"), even when the briefing government is unknown
  const dialogue = Array.from(new Set([home, counterpart, ...ranked.map(([c]) => c)].filter((c): c is string => !!c))).slice(0, 2);

  // participants mentioned
  const sources: Source[] = [];
  if (titleText) sources.push({ id: -1, text: titleText, titleCase: true });
  sources.push(...docs.map((d) => ({ id: d.index, text: d.text, sentences: d.sentences })));
  // the words of named speakers' names, where a post written before a name ends
  const knownNames = new Set(speakers.filter((s) => !s.anonymous && s.role !== 'JOURNALIST').flatMap((s) => s.name.split(' ')).filter((w) => w.length > 1));
  const mentions: RawMention[] = sources.flatMap((s) => extractMentions(s, knownNames));
  if (header.attribution) {
    const a = /^((?:[A-Z][a-z]+|[A-Z]\.)(?: (?:[A-Z][a-z'-]+|[A-Z]\.)){1,3}),\s+(.+)$/.exec(header.attribution);
    const pm = a ? lookupPost(a[2].trim()) : null;
    if (a) {
      sources.push({ id: -2, text: header.attribution });
      mentions.push({
        source: -2, start: 0, end: header.attribution.length, nameStart: 0, nameEnd: a[1].length, nameTokens: a[1].split(' '),
        post: pm ?? { canonical: a[2].trim(), def: { post: a[2].trim(), countries: [{ country: '*', org: null }] }, modifier: null },
        postText: a[2].trim(), honorific: null, countryHint: null, orgHint: null, listId: -2000, between: false, cue: 'header:attribution',
      });
    }
  }
  const people = resolvePeople(sources, mentions, speakers, { home, counterpart, journalists: sp.relayed });
  people.mentioned.push(...sp.relayed);
  const persons = new Map<string, ParsedPerson>();
  for (const p of [...speakers, ...people.mentioned]) persons.set(p.key, p);
  const resolved: ResolvedMention[] = [...people.resolved, ...standIns.map((s) => ({ ...s, kind: 'stand-in' as const }))];
  const resolvedBySource = new Map<number, ResolvedMention[]>();
  for (const r of resolved) {
    const list = resolvedBySource.get(r.source);
    if (list) list.push(r);
    else resolvedBySource.set(r.source, [r]);
  }
  for (const d of docs) d.mentions = (resolvedBySource.get(d.index) ?? []).sort((a, b) => a.start - b.start);

  inferSpeakerOrganizations(
    speakers,
    docs.map((d) => ({
      speakerKey: d.speakerKey,
      text: d.text,
      nearbyPersonOrg: (s: number, e: number) => {
        const sent = d.sentences.find((x) => x.start <= s && e <= x.end + 1);
        if (!sent) return null;
        const near = d.mentions
          .filter((r) => r.start >= sent.start && r.end <= sent.end && persons.get(r.key)?.organization)
          .sort((a, b) => Math.abs(a.start - s) - Math.abs(b.start - s))[0];
        return near ? persons.get(near.key)!.organization : null;
      },
    })),
    home,
  );

  // the spokesperson of a State Department press briefing speaks for the Department
  if (/^(?:Department|Daily) Press Briefing$/.test(header.kind ?? '') && home === 'US') {
    for (const s of speakers) {
      if (!s.organization && !s.anonymous && s.role === 'OFFICIAL' && /Spokes/.test(s.post ?? '')) {
        s.organization = orgByName('U.S. Department of State');
        s.country = s.country ?? 'US';
        s.cues.push('org:department-press-briefing');
      }
    }
  }

  // topics
  const matcher = topicMatcherFor(opts.topics ?? []);
  docs.forEach((d, i) => {
    const tags = tagStatement(matcher, d.text);
    statements[i].topics = tags;
    d.topics = tags;
  });

  // meetings and candidates
  const toSpan = (statementIndex: number, s: number, e: number): TextSpan => {
    const st = statements[statementIndex];
    const base = docs[statementIndex].normStart;
    const [os, oe] = toOriginalRange(norm, base + s, base + e);
    const start = os - st.start;
    const end = oe - st.start;
    return { statementIndex, start, end, quote: st.text.slice(start, end) };
  };
  const ctx: AnalysisContext = { briefingDate: header.heldOn ?? header.date, title: header.title, home, counterpart, dialogue, persons, matcher, warnings, toSpan };
  if (!header.date) warnings.push('no briefing date found: relative dates are not resolved');
  const meetings: ParsedMeeting[] = extractMeetings(docs, ctx).map((m) => ({
    title: meetingTitle(m, ctx),
    kind: m.kind,
    status: m.status,
    date: m.date,
    location: m.location,
    sides: meetingSides(m, ctx),
    topics: m.topics,
    span: toSpan(m.statementIndex, m.start, m.end),
    cue: m.cue,
  }));
  const sentences: SentenceRow[] = [];
  const candidates = extractCandidates(docs, ctx, { model, minConfidence: opts.minConfidence ?? undefined, sentences: keepSentences ? sentences : undefined });

  // body offsets
  const bodyStartLine = hdr.bodyStartLine ?? seg.firstLabelLine ?? 0;
  let bodyStart = lines[bodyStartLine] ? toOriginalRange(norm, lines[bodyStartLine].start, lines[bodyStartLine].start + 1)[0] : 0;
  // from the start of that line in the original (markup such as "# " included)
  if (bodyStart > 0) bodyStart = text.lastIndexOf('\n', bodyStart - 1) + 1;
  const last = statements[statements.length - 1];
  const bodyEnd = last ? last.end : text.length;

  const parsed: ParsedBriefing = {
    header,
    bodyStart: Math.min(bodyStart, statements[0]?.start ?? bodyStart),
    bodyEnd,
    turnCount: turns.length,
    statements,
    speakers,
    mentioned: people.mentioned,
    meetings,
    candidates,
    warnings: Array.from(new Set(warnings)),
  };
  return { parsed, sentences };
}
