/**
 * Dates: absolute dates in headers ("February 21, 2017", "(3/2/2017)"), and dates in prose
 * resolved against the briefing date ("on January 27th", "the 8th", "tomorrow", "by September").
 * Time expressions of any precision ("tomorrow, Tuesday, March 2", "next month", "in September",
 * "last week", "six months ago", "in 2001") are read by chrono-node (findTimeExpressions).
 *
 * A date with less than day precision is represented by the LAST day of its period
 * ("by September" -> 2017-09-30, MONTH; "this year" -> 2017-12-31, YEAR), so that "overdue"
 * comparisons work on the stored value.
 */
import * as chrono from 'chrono-node';
import type { DatePrecision } from './ingest.types';

export type Tense = 'PAST' | 'FUTURE' | 'UNKNOWN';

const MONTH_INDEX: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11,
  nov: 11, december: 12, dec: 12,
};

const MONTH_RE_SRC =
  '(January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept\\.?|Sep\\.?|Oct\\.?|Nov\\.?|Dec\\.?)';
const MONTH_RE_SRC_CI = MONTH_RE_SRC; // used with the i flag for upper-case headers

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export function monthNumber(name: string): number | null {
  return MONTH_INDEX[name.replace('.', '').toLowerCase()] ?? null;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

export function isValidIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return !!m && isoDate(+m[1], +m[2], +m[3]) === s;
}

function parseIso(s: string): Date {
  return new Date(`${s}T00:00:00Z`);
}

function fmt(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(iso: string, days: number): string {
  const d = parseIso(iso);
  d.setUTCDate(d.getUTCDate() + days);
  return fmt(d);
}

function lastDayOfMonth(y: number, m: number): string {
  return fmt(new Date(Date.UTC(y, m, 0)));
}

function twoDigitYear(y: number): number {
  return y < 100 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

/** The first absolute (fully specified) date in a string, with its offsets. */
export function findAbsoluteDate(s: string): { start: number; end: number; date: string } | null {
  const cands: Array<{ start: number; end: number; date: string }> = [];
  const md = new RegExp(`\\b${MONTH_RE_SRC_CI}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'gi');
  let m: RegExpExecArray | null;
  while ((m = md.exec(s))) {
    const mo = monthNumber(m[1]);
    const d = mo ? isoDate(+m[3], mo, +m[2]) : null;
    if (d) cands.push({ start: m.index, end: m.index + m[0].length, date: d });
  }
  const dm = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE_SRC_CI},?\\s+(\\d{4})\\b`, 'gi');
  while ((m = dm.exec(s))) {
    const mo = monthNumber(m[2]);
    const d = mo ? isoDate(+m[3], mo, +m[1]) : null;
    if (d) cands.push({ start: m.index, end: m.index + m[0].length, date: d });
  }
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
  while ((m = iso.exec(s))) {
    const d = isoDate(+m[1], +m[2], +m[3]);
    if (d) cands.push({ start: m.index, end: m.index + m[0].length, date: d });
  }
  const us = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\d/])/g;
  while ((m = us.exec(s))) {
    const d = isoDate(twoDigitYear(+m[3]), +m[1], +m[2]);
    if (d) cands.push({ start: m.index, end: m.index + m[0].length, date: d });
  }
  cands.sort((a, b) => a.start - b.start);
  return cands[0] ?? null;
}

export function parseAbsoluteDate(s: string): string | null {
  return findAbsoluteDate(s)?.date ?? null;
}

const FUTURE_RE = /\b(will|won't|shall|'ll|going to|plan(?:s|ning)? to|intends? to|expects? to|expected to|scheduled to|upcoming|next|later this|to preview|preview(?:ing)?|forthcoming|look(?:s|ing)? forward|coming up|in advance of|ahead of|expect|committed to (?:host|hold|meet|convene|visit|travel)|agreed to (?:hold|meet|convene)|(?:is|are|am|'s|'re|'m)\s+(?:\w+ly\s+)?(?:holding|hosting|meeting|traveling|travelling|visiting|convening|going|heading|leaving))\b/i;
const PAST_RE = /\b(was|were|had|did|(?:have|has|had) been|met|held|spoke|spoken|began|begun|discussed|talked|visited|called|announced|agreed|signed|took place|last|ago|yesterday|already|earlier|reiterated|acknowledged|asked|went|came|gone|led|sat|saw|took|told|gave|made)\b/i;

const FUTURE_ALL_RE = new RegExp(FUTURE_RE.source, 'gi');

/** Words that date a clause ahead without a future verb: past verbs outweigh them ("culminated in the summit later this year"). */
const FUTURE_TIME_RE = /^(?:next|later this|upcoming|forthcoming|coming up)$/i;

/**
 * The tense of a stretch of text from its verbs. `anyEd` also reads any "-ed" word as past
 * ("culminated"): right for a short verb group, too eager for a long one ("organized crime").
 */
export function detectTense(text: string, anyEd = true): Tense {
  const futureWords = Array.from(text.matchAll(FUTURE_ALL_RE), (m) => m[1]);
  if (futureWords.some((w) => !FUTURE_TIME_RE.test(w))) return 'FUTURE';
  if (PAST_RE.test(text)) return 'PAST';
  if (anyEd && /\b\w{3,}ed\b/.test(text) && !/\b(need|indeed|speed|seed|based|united|interested|related|concerned|committed|expected|scheduled|planned)\b/i.test(text)) return 'PAST';
  if (futureWords.length) return 'FUTURE';
  return 'UNKNOWN';
}

/**
 * Of candidate dates (ascending), the one a tense points at: the latest not after the reference
 * for PAST, the earliest not before it for FUTURE, else the nearest.
 */
function pickByTense(cands: string[], ref: string, tense: Tense): string | null {
  if (!cands.length) return null;
  if (tense === 'PAST') {
    const past = cands.filter((c) => c <= ref);
    if (past.length) return past[past.length - 1];
  }
  if (tense === 'FUTURE') {
    const fut = cands.filter((c) => c >= ref);
    if (fut.length) return fut[0];
  }
  const at = parseIso(ref).getTime();
  let best = cands[0];
  let bestDist = Infinity;
  for (const c of cands) {
    const dist = Math.abs(parseIso(c).getTime() - at);
    if (dist < bestDist) {
      best = c;
      bestDist = dist;
    }
  }
  return best;
}

function chooseYear(ref: string, m: number, d: number, tense: Tense): string | null {
  const r = parseIso(ref);
  const ry = r.getUTCFullYear();
  const cands = [ry - 1, ry, ry + 1].map((y) => isoDate(y, m, d)).filter((x): x is string => !!x);
  return pickByTense(cands, ref, tense);
}

function chooseMonthForDay(ref: string, d: number, tense: Tense): string | null {
  const r = parseIso(ref);
  const y = r.getUTCFullYear();
  const m = r.getUTCMonth() + 1;
  const cands: string[] = [];
  for (const off of [-1, 0, 1]) {
    let mm = m + off;
    let yy = y;
    if (mm < 1) {
      mm = 12;
      yy--;
    }
    if (mm > 12) {
      mm = 1;
      yy++;
    }
    const iso = isoDate(yy, mm, d);
    if (iso) cands.push(iso);
  }
  return pickByTense(cands, ref, tense);
}

export interface DateMention {
  start: number;
  end: number;
  text: string;
  /** Null when it could not be resolved (no briefing date, impossible date). */
  date: string | null;
  precision: DatePrecision;
  rule: string;
}

/**
 * Day-precision date expressions in prose, resolved against `ref` (the briefing date).
 * `tense` decides whether "January 27th" / "the 8th" / "Monday" is the last or next one.
 */
export function findDateMentions(text: string, ref: string | null, tense: Tense): DateMention[] {
  const out: DateMention[] = [];
  const taken = (s: number, e: number) => out.some((o) => s < o.end && o.start < e);
  const add = (s: number, e: number, date: string | null, precision: DatePrecision, rule: string) => {
    if (taken(s, e)) return;
    out.push({ start: s, end: e, text: text.slice(s, e), date, precision, rule });
  };
  let m: RegExpExecArray | null;
  const full = new RegExp(`\\b${MONTH_RE_SRC}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'g');
  while ((m = full.exec(text))) {
    const mo = monthNumber(m[1])!;
    const day = +m[2];
    let date: string | null = null;
    if (m[3]) date = isoDate(+m[3], mo, day);
    else if (ref) date = chooseYear(ref, mo, day, tense);
    add(m.index, m.index + m[0].length, date, 'DAY', m[3] ? 'date:absolute' : 'date:month-day');
  }
  const dmy = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE_SRC}\\b(?:,?\\s+(\\d{4})\\b)?`, 'g');
  while ((m = dmy.exec(text))) {
    const mo = monthNumber(m[2])!;
    const day = +m[1];
    let date: string | null = null;
    if (m[3]) date = isoDate(+m[3], mo, day);
    else if (ref) date = chooseYear(ref, mo, day, tense);
    add(m.index, m.index + m[0].length, date, 'DAY', 'date:day-month');
  }
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
  while ((m = iso.exec(text))) add(m.index, m.index + m[0].length, isoDate(+m[1], +m[2], +m[3]), 'DAY', 'date:iso');
  const ord = /\bthe\s+(\d{1,2})(st|nd|rd|th)\b(?!\s+(?:century|anniversary|time|amendment|floor|round|of\s+(?:the|this|a|an|our|their)\b))/gi;
  while ((m = ord.exec(text))) {
    const day = +m[1];
    add(m.index, m.index + m[0].length, ref && day >= 1 && day <= 31 ? chooseMonthForDay(ref, day, tense) : null, 'DAY', 'date:day-of-month');
  }
  const rel = /\b(the day after tomorrow|tomorrow|yesterday|today|tonight|this (?:morning|afternoon|evening))\b/gi;
  while ((m = rel.exec(text))) {
    const w = m[1].toLowerCase();
    const off = w === 'tomorrow' ? 1 : w === 'yesterday' ? -1 : w === 'the day after tomorrow' ? 2 : 0;
    add(m.index, m.index + m[0].length, ref ? addDays(ref, off) : null, 'DAY', `date:${w.replace(/\s+/g, '-')}`);
  }
  const wd = /\b(?:(next|last|this|on)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g;
  while ((m = wd.exec(text))) {
    if (!ref) {
      add(m.index, m.index + m[0].length, null, 'DAY', 'date:weekday');
      continue;
    }
    const target = WEEKDAYS.indexOf(m[2].toLowerCase());
    const cur = parseIso(ref).getUTCDay();
    const which = (m[1] ?? '').toLowerCase();
    let off: number;
    const fwd = (target - cur + 7) % 7 || 7;
    const back = -((cur - target + 7) % 7 || 7);
    if (which === 'next') off = fwd;
    else if (which === 'last') off = back;
    else if (tense === 'PAST') off = back;
    else off = target === cur ? 0 : fwd;
    add(m.index, m.index + m[0].length, addDays(ref, off), 'DAY', 'date:weekday');
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface DueDate {
  start: number;
  end: number;
  text: string;
  date: string | null;
  precision: DatePrecision;
  rule: string;
}

/**
 * A deadline stated with some precision: "by September" (MONTH), "this year" (YEAR),
 * "tomorrow" (DAY), "by March 1" (DAY), "in the first quarter" (QUARTER), "within 30 days".
 */
export function findDueDate(text: string, ref: string | null): DueDate | null {
  const cands: DueDate[] = [];
  const add = (m: RegExpExecArray, date: string | null, precision: DatePrecision, rule: string) =>
    cands.push({ start: m.index, end: m.index + m[0].length, text: m[0], date, precision, rule });
  const refY = ref ? parseIso(ref).getUTCFullYear() : null;
  const refM = ref ? parseIso(ref).getUTCMonth() + 1 : null;
  let m: RegExpExecArray | null;

  for (const dm of findDateMentions(text, ref, 'FUTURE')) {
    cands.push({ start: dm.start, end: dm.end, text: dm.text, date: dm.date, precision: dm.date ? 'DAY' : 'NONE', rule: dm.rule });
  }
  const byMonth = new RegExp(`\\b(?:by|in|until|before|during|through|no later than|by the end of|at the end of)\\s+(?:early |mid-|late )?${MONTH_RE_SRC}(?!\\s+\\d{1,2}\\b)(?:,?\\s+(\\d{4}))?\\b`, 'g');
  while ((m = byMonth.exec(text))) {
    const mo = monthNumber(m[1])!;
    let y = m[2] ? +m[2] : refY;
    if (y === null) {
      add(m, null, 'MONTH', 'due:month');
      continue;
    }
    if (!m[2] && refM !== null && mo < refM) y += 1;
    add(m, lastDayOfMonth(y, mo), 'MONTH', 'due:month');
  }
  const year = /\b(?:(?:by|before|until) the end of|by|in|before|during|until|through)\s+(?:the\s+)?(?:(?:fiscal|calendar)\s+(?:year\s+)?)?(\d{4})\b/gi;
  while ((m = year.exec(text))) add(m, `${m[1]}-12-31`, 'YEAR', 'due:year');
  const rel = /\b(?:(?:by|before|until) the end of (?:the |this )?(year|month)|(?:later )?this (year|month)|(next) (year|month)|by (?:the )?(year)'s end|by year-end)\b/gi;
  while ((m = rel.exec(text))) {
    const unit = (m[1] || m[2] || m[4] || m[5] || 'year').toLowerCase();
    const next = !!m[3];
    if (refY === null || refM === null) {
      add(m, null, unit === 'month' ? 'MONTH' : 'YEAR', `due:${next ? 'next' : 'this'}-${unit}`);
      continue;
    }
    if (unit === 'month') {
      let y = refY;
      let mo = refM + (next ? 1 : 0);
      if (mo > 12) {
        mo = 1;
        y++;
      }
      add(m, lastDayOfMonth(y, mo), 'MONTH', `due:${next ? 'next' : 'this'}-month`);
    } else add(m, `${refY + (next ? 1 : 0)}-12-31`, 'YEAR', `due:${next ? 'next' : 'this'}-year`);
  }
  const quarter = /\b(?:in|by|during)?\s*(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|Q[1-4])\s*(?:quarter)?(?:\s+of)?\s*(\d{4})?\b/gi;
  while ((m = quarter.exec(text))) {
    const w = m[1].toLowerCase();
    if (!/quarter/i.test(m[0]) && !/^q[1-4]$/.test(w)) continue;
    const q = { first: 1, '1st': 1, q1: 1, second: 2, '2nd': 2, q2: 2, third: 3, '3rd': 3, q3: 3, fourth: 4, '4th': 4, q4: 4 }[w];
    if (!q) continue;
    const y = m[2] ? +m[2] : refY;
    add(m, y === null ? null : lastDayOfMonth(y, q * 3), 'QUARTER', 'due:quarter');
  }
  const within = /\bwithin\s+(\d{1,3}|one|two|three|four|five|six|seven|ten|thirty|sixty|ninety)\s+(days?|weeks?|months?)\b/gi;
  const words: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, ten: 10, thirty: 30, sixty: 60, ninety: 90 };
  while ((m = within.exec(text))) {
    const n = /\d/.test(m[1]) ? +m[1] : words[m[1].toLowerCase()];
    const unit = m[2].toLowerCase();
    if (!ref) {
      add(m, null, 'DAY', 'due:within');
      continue;
    }
    if (unit.startsWith('month')) {
      const d = parseIso(ref);
      d.setUTCMonth(d.getUTCMonth() + n);
      add(m, fmt(d), 'DAY', 'due:within');
    } else add(m, addDays(ref, unit.startsWith('week') ? n * 7 : n), 'DAY', 'due:within');
  }
  if (!cands.length) return null;
  const rank: Record<DatePrecision, number> = { DAY: 0, MONTH: 1, QUARTER: 2, YEAR: 3, NONE: 4 };
  cands.sort((a, b) => rank[a.precision] - rank[b.precision] || a.start - b.start);
  return cands[0];
}

/** How much of a calendar a time expression pins down. */
export type PeriodPrecision = 'DAY' | 'WEEK' | 'MONTH' | 'SEASON' | 'YEAR';

/**
 * A time expression resolved to the period it names: [from, to] inclusive, ISO dates.
 * "tomorrow" is one day; "last week" seven; "in September" the month; "in 2001" the year.
 */
export interface TimeExpression {
  start: number;
  end: number;
  text: string;
  from: string;
  to: string;
  precision: PeriodPrecision;
  rule: string;
}

const MONTH_NAME_RE = /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)$/;
/** Cheap test before chrono runs: most clauses name no time at all. */
const TIME_HINT_RE =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday|today|tonight|tomorrow|yesterday|night|morning|afternoon|evening|weekend|weeks?|months?|years?|ago|(?:19|20)\d\d|spring|summer|fall|autumn|winter|\d{1,2}(?:st|nd|rd|th))\b/i;
/** Words before a time expression that say which occurrence it is. */
const MODIFIER_RE = /\b(last|next|this|past|coming|early|mid|late|earlier|later|since|until|by|ahead of|before|after)\s*-?\s*(?:in\s+)?(?:the\s+)?(?:month of\s+)?$/i;

const SEASON_MONTHS: Record<string, [number, number]> = { spring: [3, 5], summer: [6, 8], fall: [9, 11], autumn: [9, 11], winter: [12, 2] };

function monthPeriod(y: number, m: number): [string, string] {
  return [`${y}-${pad(m)}-01`, lastDayOfMonth(y, m)];
}

/** The occurrence of a month that the modifier or the tense points at (last/next/nearest). */
function monthOccurrence(ref: string, m: number, modifier: string, tense: Tense): [string, string] {
  const ry = parseIso(ref).getUTCFullYear();
  const rm = parseIso(ref).getUTCMonth() + 1;
  const pastWord = /^(?:last|past|since|from|earlier)$/.test(modifier);
  const nextWord = /^(?:next|coming|until|by|ahead of|later)$/.test(modifier);
  if (modifier === 'this') return monthPeriod(ry, m);
  if (pastWord || (!nextWord && tense === 'PAST')) return monthPeriod(m < rm || (m === rm && !pastWord) ? ry : ry - 1, m);
  if (nextWord || tense === 'FUTURE') return monthPeriod(m > rm || (m === rm && !nextWord) ? ry : ry + 1, m);
  // no cue: the nearest occurrence ("the summit from December", said in January)
  const back = (rm - m + 12) % 12;
  const ahead = (m - rm + 12) % 12;
  return monthPeriod(back <= ahead ? (m <= rm ? ry : ry - 1) : m >= rm ? ry : ry + 1, m);
}

function weekdayOccurrence(ref: string, weekday: number, modifier: string, tense: Tense): string {
  const cur = parseIso(ref).getUTCDay();
  const fwd = (weekday - cur + 7) % 7 || 7;
  const back = -((cur - weekday + 7) % 7 || 7);
  if (modifier === 'next') return addDays(ref, fwd);
  if (modifier === 'last' || modifier === 'past') return addDays(ref, back);
  if (tense === 'PAST') return addDays(ref, back);
  return weekday === cur ? ref : addDays(ref, fwd);
}

/**
 * Time expressions in prose, of any precision, resolved against `ref` (the briefing date).
 * chrono-node finds and reads them; what chrono leaves implied (the year of "September", the
 * week of "Thursday") is chosen by the modifier ("last", "next") or else the clause's tense.
 * Years ("in 2001"), seasons ("later in the summer") and "the 8th" are added where chrono is
 * silent. Clock times alone ("5:50 P.M.") are not dates and are skipped.
 */
export function findTimeExpressions(text: string, ref: string, tense: Tense): TimeExpression[] {
  if (!TIME_HINT_RE.test(text)) return [];
  const out: TimeExpression[] = [];
  const taken = (s: number, e: number) => out.some((o) => s < o.end && o.start < e);
  const add = (start: number, end: number, from: string, to: string, precision: PeriodPrecision, rule: string) => {
    if (taken(start, end)) return;
    out.push({ start, end, text: text.slice(start, end), from, to, precision, rule });
  };
  const refDate = new Date(`${ref}T12:00:00Z`);
  const ry = refDate.getUTCFullYear();
  for (const r of chrono.en.casual.parse(text, { instant: refDate, timezone: 0 })) {
    const c = r.start;
    const certain = (unit: 'year' | 'month' | 'day' | 'weekday' | 'hour') => (c.isCertain(unit) ? (c.get(unit) ?? undefined) : undefined);
    const known = { year: certain('year'), month: certain('month'), day: certain('day'), weekday: certain('weekday'), hour: certain('hour') };
    const start = r.index;
    const end = r.index + r.text.length;
    const said = r.text.toLowerCase();
    const partOfDay = /\b(?:morning|afternoon|evening|tonight|night)\b/.test(said);
    if (known.year === undefined && known.month === undefined && known.day === undefined && known.weekday === undefined && !partOfDay && !/\b(?:week|weekend)\b/.test(said)) continue;
    if (/^(?:now|right now)$/.test(said)) continue;
    const modifier = (MODIFIER_RE.exec(text.slice(Math.max(0, start - 24), start))?.[1] ?? '').toLowerCase();
    const day = fmt(r.start.date());
    if (/\bweekend\b/.test(said)) {
      add(start, end, addDays(day, -1), addDays(day, 1), 'WEEK', 'time:weekend');
    } else if (/\bweeks?\b/.test(said)) {
      // "last week", "a few weeks ago", "in about six weeks": a week around the day chrono counts to
      if (/^this week$/.test(said)) add(start, end, addDays(ref, -parseIso(ref).getUTCDay()), addDays(ref, 6 - parseIso(ref).getUTCDay()), 'WEEK', 'time:this-week');
      else add(start, end, addDays(day, -3), addDays(day, 3), 'WEEK', 'time:week');
    } else if (/\bmonths?\b/.test(said) && !/^this month$|^next month$|^last month$/.test(said) && known.day !== undefined) {
      const d = parseIso(day);
      add(start, end, ...monthPeriod(d.getUTCFullYear(), d.getUTCMonth() + 1), 'MONTH', 'time:months');
    } else if (/\byears?\b/.test(said) && known.month === undefined) {
      const y = known.year ?? r.start.date().getUTCFullYear();
      add(start, end, `${y}-01-01`, `${y}-12-31`, 'YEAR', 'time:year');
    } else if (partOfDay && known.day === undefined && known.weekday === undefined) {
      // "this afternoon", "tonight": the day chrono counts to
      add(start, end, day, day, 'DAY', 'time:day');
    } else if (known.day !== undefined && known.month !== undefined) {
      // "June 6th through 10th": chrono reads the first day only
      const through = /^\s*(?:through|thru|to|until|-|–)\s*(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:percent|%|[:.]\d))/i.exec(text.slice(end));
      const lastDay = through && +through[1] > known.day ? +through[1] : known.day;
      let from = day;
      if (known.year === undefined) {
        // a range that is still running counts as upcoming: compare its last day
        const y = chooseYear(ref, known.month, lastDay, modifier === 'last' ? 'PAST' : modifier === 'next' ? 'FUTURE' : tense);
        from = (y && isoDate(+y.slice(0, 4), known.month, known.day)) ?? day;
      }
      let to = from;
      if (r.end) to = fmt(r.end.date());
      if (lastDay !== known.day) to = isoDate(+from.slice(0, 4), +from.slice(5, 7), lastDay) ?? from;
      add(start, through ? end + through[0].length : end, from, to, 'DAY', known.year === undefined && !/^(?:today|tonight|tomorrow|yesterday|last night)/.test(said) ? 'time:month-day' : 'time:day');
    } else if (known.weekday !== undefined && known.day === undefined) {
      const d = weekdayOccurrence(ref, known.weekday, modifier || (/^next\b/.test(said) ? 'next' : /^(?:last|past)\b/.test(said) ? 'last' : ''), tense);
      add(start, end, d, d, 'DAY', 'time:weekday');
    } else if (known.month !== undefined && known.day === undefined) {
      const [from, to] = known.year !== undefined ? monthPeriod(known.year, known.month) : /^(?:this|next|last) month$/.test(said) ? monthPeriod(r.start.date().getUTCFullYear(), r.start.date().getUTCMonth() + 1) : monthOccurrence(ref, known.month, modifier, tense);
      add(start, end, from, to, 'MONTH', 'time:month');
    } else if (known.year !== undefined) {
      add(start, end, `${known.year}-01-01`, `${known.year}-12-31`, 'YEAR', 'time:year');
    } else if (known.day !== undefined) {
      add(start, end, day, day, 'DAY', 'time:day');
    }
  }
  let m: RegExpExecArray | null;
  // months chrono leaves alone ("late May", "last May": "May" alone reads as a verb)
  const month = /\b(?:(last|next|this|early|mid|late|in|since|from|until|by|of|during)\s*-?\s*)(January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d)(?:,?\s+((?:19|20)\d\d)\b)?/g;
  while ((m = month.exec(text))) {
    const mo = monthNumber(m[2])!;
    const [from, to] = m[3] ? monthPeriod(+m[3], mo) : monthOccurrence(ref, mo, m[1].toLowerCase(), tense);
    add(m.index + m[0].indexOf(m[2]), m.index + m[0].length, from, to, 'MONTH', 'time:month');
  }
  const year = /\b(?:in|since|from|during|until|through|of|back in|the year)\s+((?:19|20)\d\d)\b(?!\s*(?:percent|%))/g;
  while ((m = year.exec(text))) add(m.index + m[0].length - 4, m.index + m[0].length, `${m[1]}-01-01`, `${m[1]}-12-31`, 'YEAR', 'time:year');
  const season = /\b(?:(this|next|last|past|coming)\s+|(?:later|earlier|early|late)\s+(?:in\s+|this\s+)?(?:the\s+)?|(?:in|during|over)\s+the\s+)(spring|summer|fall|autumn|winter)\b/gi;
  while ((m = season.exec(text))) {
    const [a, b] = SEASON_MONTHS[m[2].toLowerCase()];
    const which = (m[1] ?? '').toLowerCase();
    let y = ry;
    const rm = refDate.getUTCMonth() + 1;
    const inSeason = a <= b ? rm >= a && rm <= b : rm >= a || rm <= b;
    if (which === 'next' || which === 'coming') y = inSeason || rm > b ? ry + 1 : ry;
    else if (which === 'last' || which === 'past') y = rm < a ? ry - 1 : ry;
    else if (!inSeason && rm > b && a <= b && tense !== 'PAST') y = ry + 1;
    const fromY = a > b && rm <= b ? y - 1 : y;
    add(m.index, m.index + m[0].length, `${fromY}-${pad(a)}-01`, a > b ? lastDayOfMonth(fromY + 1, b) : lastDayOfMonth(y, b), 'SEASON', 'time:season');
  }
  const ord = /\bthe\s+(\d{1,2})(st|nd|rd|th)\b(?!\s+(?:century|anniversary|time|amendment|floor|round|summit|of\s+(?:the|this|a|an|our|their)\b))/gi;
  while ((m = ord.exec(text))) {
    const d = chooseMonthForDay(ref, +m[1], tense);
    if (d) add(m.index, m.index + m[0].length, d, d, 'DAY', 'time:day-of-month');
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Where a period lies against the briefing date. */
export function periodRelation(t: Pick<TimeExpression, 'from' | 'to'>, ref: string): 'PAST' | 'FUTURE' | 'CURRENT' {
  if (t.to < ref) return 'PAST';
  if (t.from > ref) return 'FUTURE';
  return 'CURRENT';
}
