/**
 * Stage 1: normalisation with an offset map.
 *
 * All matching happens on the normalised text; every normalised character remembers the
 * range of original characters it came from, so any normalised span maps back to an exact
 * slice of the original text (which is what gets stored and hashed).
 *
 * What is normalised:
 * - CRLF and lone CR -> LF; tabs and exotic spaces (NBSP, thin, figure...) -> space;
 *   zero-width characters, soft hyphens and BOMs are dropped;
 * - curly quotes -> straight quotes; en/em/figure dashes and minus -> '-'; ellipsis -> '...';
 * - a few HTML entities (&amp; &nbsp; &rsquo; &#8217; ...);
 * - Markdown escapes (`\[` -> `[`), Markdown heading markers and bold around a speaker label;
 * - hard-wrapped text (lines wrapped at ~72 columns) is rejoined into one line per paragraph
 *   (the joining newline becomes a space, so lengths are unchanged by that step).
 *
 * Page chrome (site banners, "Join the ... mailing list") is recognised here by
 * `isChromeLine`; the header and turn stages decide where the briefing body starts and ends.
 */

export interface NormalisedText {
  original: string;
  /** The normalised text. */
  text: string;
  /** For each normalised character, the offset of the first original character it came from. */
  starts: Int32Array;
  /** For each normalised character, the offset just after the last original character. */
  ends: Int32Array;
  /** True when hard-wrapped lines were detected and rejoined. */
  wrapped: boolean;
}

export interface Line {
  index: number;
  /** Offsets into the normalised text (end excludes the newline). */
  start: number;
  end: number;
  text: string;
}

const CHAR_MAP: Record<string, string> = {
  '\u00a0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2007': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u205f': ' ',
  '\u3000': ' ',
  '\t': ' ',
  '\f': ' ',
  '\v': ' ',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u00b4': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u2028': '\n',
  '\u2029': '\n',
  '\u0085': '\n',
};

const DROP = new Set(['\u200b', '\u200c', '\u200d', '\u00ad', '\ufeff', '\u2060']);

const ENTITIES: Record<string, string> = {
  amp: '&',
  nbsp: ' ',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
  rsquo: "'",
  lsquo: "'",
  rdquo: '"',
  ldquo: '"',
  ndash: '-',
  mdash: '-',
  hellip: '...',
};

const MARKDOWN_ESCAPABLE = new Set('\\`*_{}[]()#+-.!<>|~"\''.split(''));

/** Folds a string the way the normaliser does (no offsets): for comparisons and scoring. */
export function foldForMatch(s: string): string {
  return normaliseText(s, { rejoinWrapped: false }).text.replace(/\s+/g, ' ').trim();
}

class Builder {
  parts: string[] = [];
  starts: Int32Array;
  ends: Int32Array;
  len = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(Math.max(16, capacity));
    this.ends = new Int32Array(Math.max(16, capacity));
  }

  private ensure(k: number): void {
    if (this.len + k <= this.starts.length) return;
    const cap = Math.max(this.starts.length * 2, this.len + k);
    const s = new Int32Array(cap);
    const e = new Int32Array(cap);
    s.set(this.starts.subarray(0, this.len));
    e.set(this.ends.subarray(0, this.len));
    this.starts = s;
    this.ends = e;
  }

  /** Appends `s` (one entry per UTF-16 unit), all mapped to original [start, end). */
  push(s: string, start: number, end: number): void {
    this.ensure(s.length);
    for (let k = 0; k < s.length; k++) {
      this.starts[this.len] = start;
      this.ends[this.len] = end;
      this.len++;
    }
    this.parts.push(s);
  }

  /** Appends original[from, to) unchanged. */
  pushRun(original: string, from: number, to: number): void {
    this.ensure(to - from);
    for (let k = from; k < to; k++) {
      this.starts[this.len] = k;
      this.ends[this.len] = k + 1;
      this.len++;
    }
    this.parts.push(original.slice(from, to));
  }

  text(): string {
    const t = this.parts.join('');
    this.parts = [t];
    return t;
  }
}

function isPlain(code: number): boolean {
  return code >= 32 && code < 127 && code !== 92 /* \ */ && code !== 38 /* & */;
}

/** Character-level pass: returns the normalised characters with their original ranges. */
function characterPass(original: string): Builder {
  const n = original.length;
  const b = new Builder(n + 16);
  let i = 0;
  while (i < n) {
    if (isPlain(original.charCodeAt(i)) || original[i] === '\n') {
      let j = i + 1;
      while (j < n && (isPlain(original.charCodeAt(j)) || original[j] === '\n')) j++;
      b.pushRun(original, i, j);
      i = j;
      continue;
    }
    const ch = original[i];
    if (ch === '\r') {
      if (original[i + 1] === '\n') {
        b.push('\n', i, i + 2);
        i += 2;
      } else {
        b.push('\n', i, i + 1);
        i += 1;
      }
      continue;
    }
    if (DROP.has(ch)) {
      i += 1;
      continue;
    }
    if (ch === '\\' && i + 1 < n && MARKDOWN_ESCAPABLE.has(original[i + 1])) {
      const next = original[i + 1];
      b.push(CHAR_MAP[next] ?? next, i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '&') {
      const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/.exec(original.slice(i, i + 12));
      if (m) {
        const body = m[1];
        let rep: string | undefined;
        if (body.startsWith('#x')) rep = String.fromCodePoint(parseInt(body.slice(2), 16));
        else if (body.startsWith('#')) rep = String.fromCodePoint(parseInt(body.slice(1), 10));
        else rep = ENTITIES[body.toLowerCase()];
        if (rep !== undefined) {
          const mapped = CHAR_MAP[rep] ?? (DROP.has(rep) ? '' : rep);
          b.push(mapped, i, i + m[0].length);
          i += m[0].length;
          continue;
        }
      }
    }
    const mapped = CHAR_MAP[ch];
    if (mapped !== undefined) {
      b.push(mapped, i, i + 1);
      i += 1;
    } else {
      // keep surrogate pairs together
      const cp = original.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      b.push(original.slice(i, i + len), i, i + len);
      i += len;
    }
  }
  return b;
}

/** Removes Markdown markup around labels and heading markers (offsets stay mapped). */
function removeMarkup(b: Builder): { text: string; starts: Int32Array; ends: Int32Array } {
  const text = b.text();
  const starts = b.starts.subarray(0, b.len);
  const ends = b.ends.subarray(0, b.len);
  if (!/^ {0,3}#|^ *(\*\*|__)/m.test(text)) return { text, starts, ends };
  const remove = new Set<number>();
  const lineRe = /^.*$/gm;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text))) {
    const line = m[0];
    const base = m.index;
    // "# Title", "## Title"
    const h = /^( {0,3})(#{1,6}) +(?=\S)/.exec(line);
    if (h) {
      for (let k = h[1].length; k < h[0].length; k++) remove.add(base + k);
    }
    // "**MODERATOR:** text", "**MODERATOR**: text", "__Q:__"
    const bold = /^( *)(\*\*|__)([\p{Lu}][\p{Lu}0-9 .'\-()]{0,60}?)(:?)(\*\*|__)( *:)?/u.exec(line);
    if (bold && (bold[4] === ':' || bold[6])) {
      const open = base + bold[1].length;
      remove.add(open);
      remove.add(open + 1);
      const close = open + 2 + bold[3].length + bold[4].length;
      remove.add(close);
      remove.add(close + 1);
    }
    if (m[0].length === 0) lineRe.lastIndex++;
  }
  if (remove.size === 0) return { text, starts, ends };
  const keep = text.length - remove.size;
  const ns = new Int32Array(keep);
  const ne = new Int32Array(keep);
  const chars: string[] = [];
  let j = 0;
  for (let k = 0; k < text.length; k++) {
    if (remove.has(k)) continue;
    chars.push(text[k]);
    ns[j] = starts[k];
    ne[j] = ends[k];
    j++;
  }
  return { text: chars.join(''), starts: ns, ends: ne };
}

const TERMINAL_RE = /[.?!:"')\]]$|--$|-$/;

/** Same shape as the turn stage's label test, kept local to avoid a cycle. */
const LABEL_START_RE = /^ *(?:(?:Mc)?[\p{Lu}][\p{Lu}.'\-]*(?: +(?:Mc)?[\p{Lu}][\p{Lu}.'\-]*){0,7}(?:, +[\p{Lu}][\p{Lu}.'\- ]*)?(?: *\([^)\n]{1,40}\))? *:|Q +\S)/u;

/**
 * Detects hard-wrapped text and decides which newlines join two lines of one paragraph.
 * Returns the indices (in `text`) of newlines to turn into spaces.
 */
function wrappedJoins(text: string): { joins: number[]; wrapped: boolean } {
  const lines = text.split('\n');
  const lens = lines.map((l) => l.trimEnd().length);
  const nonEmpty = lens.filter((l) => l > 0);
  if (nonEmpty.length < 4) return { joins: [], wrapped: false };
  const over = nonEmpty.filter((l) => l > 100).length;
  let consecutive = 0;
  for (let i = 0; i + 1 < lines.length; i++) if (lens[i] >= 45 && lens[i + 1] > 0) consecutive++;
  const wrapped = over / nonEmpty.length < 0.05 && consecutive >= 3 && consecutive / nonEmpty.length >= 0.2;
  if (!wrapped) return { joins: [], wrapped: false };
  const sorted = nonEmpty.filter((l) => l <= 100).sort((a, b) => a - b);
  const width = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
  const joins: number[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const lineEnd = offset + lines[i].length;
    if (i + 1 < lines.length && lens[i] > 0 && lens[i + 1] > 0) {
      const cur = lines[i].trimEnd();
      const next = lines[i + 1].trimStart();
      const firstWord = next.split(' ')[0].length;
      const full = lens[i] + 1 + firstWord > width - 3;
      const midSentence = !TERMINAL_RE.test(cur);
      const nextIsLabel = LABEL_START_RE.test(lines[i + 1]);
      let join = false;
      if (nextIsLabel) join = full && midSentence;
      else if (full) join = true;
      else if (midSentence && /^[\p{Ll}0-9(]/u.test(next)) join = true;
      if (join) joins.push(lineEnd);
    }
    offset = lineEnd + 1;
  }
  return { joins, wrapped: true };
}

export function normaliseText(original: string, opts: { rejoinWrapped?: boolean } = {}): NormalisedText {
  const b = removeMarkup(characterPass(original));
  let text = b.text;
  let wrapped = false;
  if (opts.rejoinWrapped !== false) {
    const j = wrappedJoins(text);
    wrapped = j.wrapped;
    if (j.joins.length) {
      const arr = text.split('');
      for (const k of j.joins) arr[k] = ' ';
      text = arr.join('');
    }
  }
  return { original, text, starts: b.starts, ends: b.ends, wrapped };
}

/** Maps a normalised [start, end) range to the original text. */
export function toOriginalRange(n: NormalisedText, start: number, end: number): [number, number] {
  if (end <= start) {
    const o = start < n.text.length ? n.starts[start] : n.original.length;
    return [o, o];
  }
  return [n.starts[start], n.ends[end - 1]];
}

export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let index = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    out.push({ index: index++, start, end, text: text.slice(start, end) });
    start = end + 1;
  }
  return out;
}

/** Trims a normalised range to exclude surrounding white space. */
export function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return [start, end];
}

const CHROME_PATTERNS: RegExp[] = [
  /\bmailing list\b/i,
  /\bnewsletter\b/i,
  /^join (the|our)\b/i,
  /\bdonat(e|ion)\b/i,
  /\bUNITED24\b/,
  /\bhistorical material\b|\bno longer (?:being )?updated\b|\blinks to external websites\b/i,
  /^search form$/i,
  /^(subscribe|sign up|sign in|log ?in|follow us|share( this)?( page| article| story)?|print( this)?( page)?|e-?mail this|tweet|back to top|top of page|skip to( main)? content|skip navigation|menu|search|home|related( articles| links| stories)?|see also|advertisement|site map|contact us|privacy( policy)?|terms of (use|service))\s*:?\s*$/i,
  /copyright|\u00a9|\(c\) \d{4}|all rights reserved/i,
  /^\s*https?:\/\/\S+\s*$/i,
  /^\s*(www\.)\S+\s*$/i,
  /\bprivacy policy\b/i,
  /^page (last )?(updated|modified|reviewed)\b/i,
  /^\s*(#{3,}|(\*\s*){3,}|-{3,}|_{3,}|={3,})\s*$/,
  /^(home|news|briefings)\s*(>|\/|\u00bb)\s*/i,
];

/** Site banners, navigation and footers: never part of a briefing. */
export function isChromeLine(line: string): boolean {
  const t = line.trim();
  if (!t) return false;
  return CHROME_PATTERNS.some((re) => re.test(t));
}
