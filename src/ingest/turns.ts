/**
 * Stage 3: speaker turns. A turn starts at a line that begins with an upper-case speaker
 * label and a colon (MODERATOR:, MR. TONER:, SENIOR ADMINISTRATION OFFICIAL ONE:,
 * QUESTION:) or with a bare `Q` (and `A` followed by several spaces) as in White House
 * transcripts. Unlabelled lines continue the current turn; a label phrase inside a sentence
 * starts nothing; the same label twice in a row makes two turns. The body ends at an "END"
 * time mark, a "(The briefing was concluded at ...)" note, or trailing page chrome.
 */
import { isChromeLine, trimRange, type Line } from './normalise';
import { parseClock } from './header';

export interface LabelMatch {
  /** The label as written, e.g. 'SENIOR ADMINISTRATION OFFICIAL ONE', 'Q'. */
  label: string;
  /** Offset (within the line) where the label starts and where the content starts. */
  labelOffset: number;
  contentOffset: number;
  bare: boolean;
  /** A time stamp written before the label on the same line ("5:19 P.M. EDT MODERATOR:"), as HH:MM. */
  time: string | null;
}

export interface RawParagraph {
  /** Normalised offsets, trimmed. */
  start: number;
  end: number;
  line: number;
}

export interface RawTurn {
  label: string | null;
  /** Normalised offsets of the label (for unattributed blocks, of the first paragraph). */
  labelStart: number;
  labelEnd: number;
  bare: boolean;
  paragraphs: RawParagraph[];
}

/** Words that look like labels but are document furniture. */
const NOT_SPEAKERS = new Set([
  'TRANSCRIPT', 'NOTE', 'NOTES', "EDITOR'S NOTE", 'EDITORS NOTE', 'UPDATE', 'UPDATED', 'CORRECTION', 'SUBJECT', 'DATE',
  'TIME', 'LOCATION', 'PLACE', 'PARTICIPANTS', 'TOPICS', 'TOPIC', 'RELEASE', 'FOR IMMEDIATE RELEASE', 'CONTACT',
  'MEDIA CONTACT', 'SOURCE', 'URL', 'LINK', 'TAGS', 'CATEGORY', 'CATEGORIES', 'RE', 'TO', 'FROM', 'CC', 'BCC',
  'WASHINGTON', 'AS PREPARED FOR DELIVERY', 'AS DELIVERED', 'EMBARGOED', 'EMBARGO', 'INDEX', 'AGENDA', 'HTTP', 'HTTPS',
  'WWW', 'PS', 'P.S.', 'ATTENDEES', 'DISCLAIMER', 'WARNING', 'IMPORTANT', 'SUMMARY', 'BACKGROUND', 'UPDATE',
  'END', 'NB', 'N.B.', 'OK', 'FAQ', 'TL;DR', 'TITLE', 'PUBLISHED', 'POSTED',
]);

const LABEL_WORD = "(?:(?:Mc|Mac)?[\\p{Lu}][\\p{Lu}.'\\-]*|\\d+)";
const LABEL_RE = new RegExp(
  `^( *)(${LABEL_WORD}(?: +${LABEL_WORD}){0,7}(?:, +${LABEL_WORD}(?: +(?:${LABEL_WORD}|&)){0,7})?)( *\\([^)\\n]{1,40}\\))? *:(?!\\/\\/|\\d)`,
  'u',
);
const BARE_Q_RE = /^( *)(Q)(?:[.:]| +)(?=\S)/;
/** A clock time (with its zone) opening a line: "5:19 P.M. EDT", "10:21 a.m.". */
const CLOCK_SRC = '\\d{1,2}:\\d{2}\\s*[AaPp]\\.?\\s?[Mm]\\.?(?:\\s*[A-Z]{2,4}\\b)?';
const CLOCK_PREFIX_RE = new RegExp(`^( *)(${CLOCK_SRC}) +(?=\\S)`);
/** A line that is nothing but a time stamp: the start or end time of the call, never a statement. */
export const TIME_STAMP_LINE_RE = new RegExp(`^\\s*\\(?\\s*(${CLOCK_SRC})\\s*\\)?\\.?\\s*$`);
const BARE_A_RE = /^( *)(A)(?::|  +)(?=\S)/;

/**
 * Recognises a speaker label at the start of a line, also after a time stamp on the same line
 * ("5:19 P.M. EDT MODERATOR: Thanks"): the stamp is then neither label nor content.
 */
export function matchLabel(lineText: string): LabelMatch | null {
  const stamp = CLOCK_PREFIX_RE.exec(lineText);
  if (stamp) {
    const after = matchLabelAtStart(lineText.slice(stamp[0].length));
    if (!after) return null;
    return { ...after, labelOffset: after.labelOffset + stamp[0].length, contentOffset: after.contentOffset + stamp[0].length, time: parseClock(stamp[2]) };
  }
  return matchLabelAtStart(lineText);
}

function matchLabelAtStart(lineText: string): LabelMatch | null {
  const m = LABEL_RE.exec(lineText);
  if (m) {
    const label = m[2].replace(/\s+/g, ' ').trim();
    const letters = label.replace(/[^\p{L}]/gu, '');
    if (letters.length >= 1 && label.length <= 80 && !NOT_SPEAKERS.has(label) && !/^\d+$/.test(label)) {
      let content = m[0].length;
      while (content < lineText.length && lineText[content] === ' ') content++;
      const full = m[3] ? `${label} ${m[3].trim()}` : label;
      return { label: full, labelOffset: m[1].length, contentOffset: content, bare: false, time: null };
    }
  }
  const q = BARE_Q_RE.exec(lineText) ?? BARE_A_RE.exec(lineText);
  if (q) {
    let content = q[0].length;
    while (content < lineText.length && lineText[content] === ' ') content++;
    return { label: q[2], labelOffset: q[1].length, contentOffset: content, bare: true, time: null };
  }
  return null;
}

const END_MARK_RE = /^\s*(?:\*\s*)?END\s+(\d{1,2}(?::\d{2})?\s*[AaPp]\.?\s?[Mm]\.?(?:\s*[A-Z]{2,4})?)\s*$/;
const END_NOTE_RE = /^\s*[(\[]\s*(?:The\s+)?(?:briefing|call|press conference|conference call|gaggle|press gaggle|event|session|teleconference|meeting)\s+(?:was\s+)?(?:concluded|ended|adjourned|ends|concludes)(?:\s+at\s+([^)\]]+))?[.]?\s*[)\]]\s*$/i;
const END_WORD_RE = /^\s*(?:END|###|-\s*END\s*-)\s*\.?$/;

export interface TurnSegmentation {
  turns: RawTurn[];
  /** Index of the first line with a label, or null when there is none. */
  firstLabelLine: number | null;
  /** Line index just after the body (exclusive). */
  bodyEndLine: number;
  /** A time stamp written before the first label ("5:19 P.M. EDT MODERATOR:"), as HH:MM. */
  startTime: string | null;
  /** From an END mark, a closing note, or a time stamp line after the last turn ("5:50 P.M. EDT"). */
  endTime: string | null;
  /** Chrome lines dropped from inside or after the turns. */
  droppedLines: number[];
}

/**
 * Whether paragraphs of the body are separated by blank lines (nearly every line is followed
 * by a blank one): then a single line break inside a paragraph is a stray one, not a new
 * paragraph. Decided on the body only (the header's lines follow each other).
 */
function blankLineSeparated(lines: Line[], from: number, to: number): boolean {
  let nonEmpty = 0;
  let adjacent = 0;
  for (let i = from; i < to; i++) {
    if (!lines[i].text.trim()) continue;
    nonEmpty++;
    if (i + 1 < to && lines[i + 1].text.trim()) adjacent++;
  }
  return nonEmpty >= 8 && adjacent / nonEmpty <= 0.1;
}

/** A line that ends mid-sentence followed by one that starts in lower case: one paragraph, whatever the layout. */
function continuesSentence(prev: string, next: string): boolean {
  return !/[.?!:;"')\]]\s*$/.test(prev) && /^\s*\p{Ll}/u.test(next);
}

/**
 * Segments the lines [fromLine, lines.length) into turns. Lines before the first label are
 * not part of any turn (they belong to the header or are reported as unattributed).
 */
export function segmentTurns(lines: Line[], fromLine = 0): TurnSegmentation {
  const turns: RawTurn[] = [];
  let firstLabelLine: number | null = null;
  let startTime: string | null = null;
  let endTime: string | null = null;
  let bodyEndLine = lines.length;
  const droppedLines: number[] = [];
  // end of body: an END mark or a closing note after the first label
  const labelLines: number[] = [];
  for (let i = fromLine; i < lines.length; i++) if (matchLabel(lines[i].text)) labelLines.push(i);
  if (labelLines.length) {
    firstLabelLine = labelLines[0];
    const lastLabel = labelLines[labelLines.length - 1];
    for (let i = firstLabelLine; i < lines.length; i++) {
      const t = lines[i].text;
      const em = END_MARK_RE.exec(t);
      const en = END_NOTE_RE.exec(t);
      if (em || en || (i > lastLabel && END_WORD_RE.test(t))) {
        if (em) endTime = parseClock(em[1]);
        else if (en?.[1]) endTime = parseClock(en[1]);
        if (i > lastLabel || em) {
          bodyEndLine = i;
          break;
        }
      }
      const stamp = i > lastLabel ? TIME_STAMP_LINE_RE.exec(t) : null;
      if (stamp) {
        // "5:50 P.M. EDT" after the last turn: the call ended
        endTime = parseClock(stamp[1]);
        bodyEndLine = i;
        break;
      }
      if (i > lastLabel && isChromeLine(t)) {
        // trailing page chrome: everything from here on is footer
        bodyEndLine = i;
        break;
      }
    }
  }
  let cur: RawTurn | null = null;
  const softBreaks = firstLabelLine !== null && blankLineSeparated(lines, firstLabelLine, bodyEndLine);
  let lastParagraphLine = -1;
  for (let i = firstLabelLine ?? lines.length; i < bodyEndLine; i++) {
    const line = lines[i];
    const lm = matchLabel(line.text);
    if (lm) {
      if (lm.time && i === firstLabelLine) startTime = lm.time;
      cur = {
        label: lm.label,
        labelStart: line.start + lm.labelOffset,
        labelEnd: line.start + lm.contentOffset,
        bare: lm.bare,
        paragraphs: [],
      };
      turns.push(cur);
      const [s, e] = trimRange(line.text, lm.contentOffset, line.text.length);
      if (e > s) {
        cur.paragraphs.push({ start: line.start + s, end: line.start + e, line: i });
        lastParagraphLine = i;
      }
      continue;
    }
    const [s, e] = trimRange(line.text, 0, line.text.length);
    if (e <= s) continue;
    if (isChromeLine(line.text) || END_NOTE_RE.test(line.text) || TIME_STAMP_LINE_RE.test(line.text)) {
      droppedLines.push(i);
      const en = END_NOTE_RE.exec(line.text);
      if (en?.[1] && !endTime) endTime = parseClock(en[1]);
      continue;
    }
    const last = cur?.paragraphs[cur.paragraphs.length - 1];
    if (last && lastParagraphLine === i - 1 && (softBreaks || continuesSentence(lines[i - 1].text, line.text))) {
      // a stray line break inside a paragraph
      last.end = line.start + e;
      lastParagraphLine = i;
      continue;
    }
    cur?.paragraphs.push({ start: line.start + s, end: line.start + e, line: i });
    lastParagraphLine = i;
  }
  return { turns, firstLabelLine, bodyEndLine, startTime, endTime, droppedLines };
}
