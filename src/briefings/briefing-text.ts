import { createHash } from 'node:crypto';

/**
 * Pure helpers behind createBriefing (no Nest, no database): where each statement sits in the
 * briefing (turn and paragraph), the briefing text built from its statements, and the offsets
 * of each statement in a given text.
 */

export interface StatementDraft {
  speakerId: number | null;
  speakerLabel?: string | null;
  turnIndex?: number | null;
  paragraphIndex?: number | null;
}

export interface StatementPosition {
  turnIndex: number;
  paragraphIndex: number;
  /** True for the first paragraph of a turn (the one that carries the speaker's label). */
  opensTurn: boolean;
}

export interface TextSpan {
  start: number;
  end: number;
}

/** A statement that cannot be placed; `field` names the offending input field. */
export class StatementDraftError extends Error {
  constructor(
    readonly index: number,
    readonly field: 'turnIndex' | 'paragraphIndex' | 'text',
    message: string,
  ) {
    super(message);
  }
}

/** Blank line between paragraphs, as in the transcripts. */
export const PARAGRAPH_SEPARATOR = '\n\n';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The form of a briefing text that identifies it: the same transcript saved again with other
 * line endings (CRLF, CR), non-breaking spaces, spaces at the ends of lines, blank lines at the
 * start or end, a byte-order mark or decomposed accents is the same briefing. Only the identity
 * uses this form; the text is stored as given. (The migration RehashBriefingText1764380000000
 * keeps a copy of these rules: change both together, with a new migration.)
 */
export function identityText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\n+$/g, '')
    .normalize('NFC');
}

/** A briefing's identity: SHA-256 (hex) of its identityText. */
export function briefingTextSha256(text: string): string {
  return sha256Hex(identityText(text));
}

const normaliseLabel = (label: string | null | undefined) => label?.trim().toUpperCase() || null;

function sameSpeaker(a: StatementDraft, b: StatementDraft): boolean {
  return (a.speakerId ?? null) === (b.speakerId ?? null) && normaliseLabel(a.speakerLabel) === normaliseLabel(b.speakerLabel);
}

/**
 * Turn and paragraph of each statement, in the order given. Missing indexes default to a new
 * turn whenever the speaker (id or label) changes, else the next paragraph of the same turn.
 * Positions must strictly increase, so the stored order is the order given.
 */
export function assignPositions(drafts: StatementDraft[]): StatementPosition[] {
  const out: StatementPosition[] = [];
  drafts.forEach((draft, i) => {
    const prev = out[i - 1];
    const turnIndex = draft.turnIndex ?? (!prev ? 0 : sameSpeaker(drafts[i - 1], draft) ? prev.turnIndex : prev.turnIndex + 1);
    const paragraphIndex = draft.paragraphIndex ?? (prev && prev.turnIndex === turnIndex ? prev.paragraphIndex + 1 : 0);
    if (prev && (turnIndex < prev.turnIndex || (turnIndex === prev.turnIndex && paragraphIndex <= prev.paragraphIndex))) {
      throw new StatementDraftError(
        i,
        turnIndex < prev.turnIndex ? 'turnIndex' : 'paragraphIndex',
        `must come after the previous statement (turn ${prev.turnIndex}, paragraph ${prev.paragraphIndex})`,
      );
    }
    out.push({ turnIndex, paragraphIndex, opensTurn: !prev || prev.turnIndex !== turnIndex });
  });
  return out;
}

/**
 * The briefing text built from its statements: "LABEL: text" for the first paragraph of a
 * turn (just the text when there is no label), paragraphs separated by blank lines; with the
 * offsets of each statement's own text in it.
 */
export function composeText(parts: { label: string | null; text: string; opensTurn: boolean }[]): { text: string; spans: TextSpan[] } {
  let text = '';
  const spans = parts.map((part, i) => {
    if (i > 0) text += PARAGRAPH_SEPARATOR;
    if (part.opensTurn && part.label) text += `${part.label}: `;
    const start = text.length;
    text += part.text;
    return { start, end: text.length };
  });
  return { text, spans };
}

/** Offsets of each statement text in the briefing text, each found after the previous one. */
export function locateTexts(text: string, statementTexts: string[]): TextSpan[] {
  let from = 0;
  return statementTexts.map((statementText, i) => {
    const start = text.indexOf(statementText, from);
    if (start < 0) {
      throw new StatementDraftError(i, 'text', i === 0 ? 'does not occur in the briefing text' : 'does not occur in the briefing text after the previous statement');
    }
    from = start + statementText.length;
    return { start, end: from };
  });
}
