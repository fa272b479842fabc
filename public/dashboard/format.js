// Pure helpers of the dashboard: labels, colours, number and date formats, time buckets.
// No DOM, no network: the browser test imports this module and checks them directly.

/** Every commitment status, in the order a progress bar shows them: done first, dropped last. */
export const STATUSES = [
  'FULFILLED',
  'PARTIALLY_FULFILLED',
  'IN_PROGRESS',
  'ANNOUNCED',
  'STALLED',
  'INCONCLUSIVE',
  'NOT_FULFILLED',
  'WITHDRAWN',
];

export const STATUS_LABELS = {
  ANNOUNCED: 'Announced',
  IN_PROGRESS: 'In progress',
  STALLED: 'Stalled',
  PARTIALLY_FULFILLED: 'Partly fulfilled',
  FULFILLED: 'Fulfilled',
  NOT_FULFILLED: 'Not fulfilled',
  INCONCLUSIVE: 'Inconclusive',
  WITHDRAWN: 'Withdrawn',
};

export const statusLabel = (status) => STATUS_LABELS[status] ?? status;

/** "0.3333" -> "33%"; null (nothing to divide by) -> an em dash. */
export function percent(share) {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

/** The mean compliance score (-1..+1) with its sign: "+0.50", "0.00", "-1.00"; null -> an em dash. */
export function score(value) {
  if (value === null || value === undefined) return '—';
  const fixed = Math.abs(value).toFixed(2);
  if (fixed === '0.00') return '0.00';
  return `${value > 0 ? '+' : '−'}${fixed}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar date (YYYY-MM-DD) as a Date at UTC midnight. */
export function parseDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

/** Today in UTC, as YYYY-MM-DD (the API's overdue rule uses the same calendar). */
export function today(now = new Date()) {
  return isoDate(now);
}

/** "2017-02-21" -> "21 Feb 2017"; null -> the fallback. */
export function longDate(iso, fallback = 'Date to be set') {
  if (!iso) return fallback;
  const d = parseDate(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Whole days from `from` to `to` (calendar dates). */
export function daysBetween(from, to) {
  return Math.round((parseDate(to) - parseDate(from)) / 86400000);
}

/** "3 days", "5 months", "2 years": a rough human duration for a day count. */
export function duration(days) {
  const n = Math.abs(days);
  const unit = (k, name) => `${k} ${name}${k === 1 ? '' : 's'}`;
  if (n < 45) return unit(n, 'day');
  if (n < 365 * 2) return unit(Math.round(n / 30.44), 'month');
  return unit(Math.floor(n / 365.25), 'year');
}

/** An instant as "21 Feb 2017, 14:05" (local time), or "just now" / "5 min ago" when recent. */
export function when(instant, now = new Date()) {
  if (!instant) return '—';
  const t = new Date(instant);
  const seconds = (now - t) / 1000;
  if (seconds >= 0 && seconds < 60) return 'just now';
  if (seconds >= 0 && seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds >= 0 && seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  const pad = (n) => String(n).padStart(2, '0');
  return `${t.getDate()} ${MONTHS[t.getMonth()]} ${t.getFullYear()}, ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** A due date as the API states it, honouring its precision (MONTH: "Mar 2017", YEAR: "2017"). */
export function dueLabel(iso, precision) {
  if (!iso) return 'No due date';
  const d = parseDate(iso);
  if (precision === 'YEAR') return String(d.getUTCFullYear());
  if (precision === 'MONTH') return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (precision === 'QUARTER') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
  return longDate(iso);
}

const lastDayOfMonth = (year, month) => new Date(Date.UTC(year, month + 1, 0));

/**
 * The time axis of the progress chart: the bucket size that keeps it at most `maxPoints`
 * points (MONTH, then QUARTER, then YEAR), and the end date of each bucket from the one that
 * holds `from` to the one that holds `to`; the last end is `to` itself (no figures from the future).
 */
export function buckets(from, to, maxPoints = 40) {
  const a = parseDate(from);
  const b = parseDate(to);
  if (a > b) return { size: 'MONTH', ends: [to] };
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
  const size = months <= maxPoints ? 'MONTH' : months <= maxPoints * 3 ? 'QUARTER' : 'YEAR';
  const step = { MONTH: 1, QUARTER: 3, YEAR: 12 }[size];
  // The first bucket ends with the month, quarter or year that holds `from`.
  let month = a.getUTCMonth();
  month = size === 'MONTH' ? month : size === 'QUARTER' ? month - (month % 3) + 2 : 11;
  let year = a.getUTCFullYear();
  const ends = [];
  for (;;) {
    const end = lastDayOfMonth(year, month);
    if (end >= b) {
      ends.push(to);
      break;
    }
    ends.push(isoDate(end));
    month += step;
    year += Math.floor(month / 12);
    month %= 12;
  }
  return { size, ends };
}

/** The axis label of a bucket ending on `iso`: "Feb 2017", "Q1 2017" or "2017". */
export function bucketLabel(iso, size) {
  const d = parseDate(iso);
  if (size === 'YEAR') return String(d.getUTCFullYear());
  if (size === 'QUARTER') return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Up to `max` characters, cut at a word, with an ellipsis. */
export function truncate(text, max) {
  if (!text || text.length <= max) return text ?? '';
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

/**
 * A statement's text cut into plain and highlighted pieces: `spans` are { start, end, id }
 * character offsets (overlaps merged into the first); pieces keep the text exactly.
 */
export function pieces(text, spans) {
  const sorted = [...spans].filter((s) => s.start < s.end && s.start >= 0 && s.end <= text.length).sort((x, y) => x.start - y.start);
  const out = [];
  let at = 0;
  for (const span of sorted) {
    if (span.start < at) continue;
    if (span.start > at) out.push({ text: text.slice(at, span.start) });
    out.push({ text: text.slice(span.start, span.end), id: span.id });
    at = span.end;
  }
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}
