/**
 * Dates: absolute dates in headers ("February 21, 2017", "(3/2/2017)"), and dates in prose
 * resolved against the briefing date ("on January 27th", "the 8th", "tomorrow", "by September").
 *
 * A date with less than day precision is represented by the LAST day of its period
 * ("by September" -> 2017-09-30, MONTH; "this year" -> 2017-12-31, YEAR), so that "overdue"
 * comparisons work on the stored value.
 */
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

const FUTURE_RE = /\b(will|won't|shall|'ll|going to|plan(?:s|ning)? to|intends? to|expects? to|expected to|scheduled to|upcoming|next|later this|to preview|preview(?:ing)?|forthcoming|would)\b/i;
const PAST_RE = /\b(was|were|had|did|met|held|spoke|spoken|began|begun|discussed|talked|visited|called|announced|agreed|signed|took place|last|ago|yesterday|already|earlier|reiterated|acknowledged|asked)\b/i;

export function detectTense(text: string): Tense {
  if (FUTURE_RE.test(text)) return 'FUTURE';
  if (PAST_RE.test(text)) return 'PAST';
  if (/\b\w{3,}ed\b/.test(text) && !/\b(need|indeed|speed|seed|based|united|interested|related|concerned|committed|expected|scheduled|planned)\b/i.test(text)) return 'PAST';
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
