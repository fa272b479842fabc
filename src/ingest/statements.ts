/**
 * Stage 5: statements. Each non-empty paragraph of a turn is a statement, with a kind:
 * QUESTION (questioners), PROCEDURAL (operator instructions, ground rules, hand-offs,
 * "Next question"), ANSWER (officials speaking after a question has been asked) or REMARK.
 */
import type { ParticipantRole, StatementKind } from './ingest.types';
import { splitSentences } from './sentences';

const PROCEDURAL_SENTENCE_RE = new RegExp(
  [
    '\\b(?:next|last|final|one more|two more|a few more|another) questions?\\b',
    '\\btime for (?:just )?(?:a|one|two|a few|one or two)\\b',
    '\\bhand (?:it|the mike|the mic|things|this)? ?over\\b',
    '\\bturn (?:it|things)? ?over\\b',
    '\\bover to (?:you|my colleague|our)\\b',
    '\\bgo ahead\\b',
    '\\bopen (?:it )?(?:up )?(?:for|to) (?:your )?questions\\b',
    '\\btake (?:some of )?(?:your )?questions\\b',
    '\\bquestions in\\b',
    '\\bpress \\*|\\bpress star\\b|\\bqueue\\b|\\btouch-?tone\\b|\\bspeakerphone\\b|\\bhandset\\b|# key\\b',
    '\\bon background\\b|\\bon-background\\b|\\bembargoed\\b|\\boff the record\\b|\\bon the record\\b|\\bground rules\\b',
    '\\bthanks?(?: you)?(?: so much| very much)?(?:,? (?:everyone|all|guys|everybody|\\[[^\\]]+\\]|[A-Z][a-z]+))?(?: for (?:joining|doing|being|that|the question|your)[^.]*)?[.!]?$',
    '^(?:great|okay|ok|all right|alright|sure|yes|yeah|no|right|certainly|sorry|good|go ahead|please)[,.!]?(?: thanks?(?: you)?(?: so much)?)?[.!]?$',
    '\\banything (?:else )?to add\\b',
    '\\b(?:do you|would you) (?:want|like) to (?:take|add|start|jump)\\b',
    '\\bweigh in\\b',
    '\\brefer to me as\\b',
    '\\bour (?:first|second|third|next )?speakers?\\b',
    '\\bkick (?:it|things) (?:over|off)\\b',
    '\\bQ&A\\b',
    '\\bnot for reporting\\b',
    '\\bfirst speaker\\b',
    '\\bjoining us\\b',
    '\\bgood (?:morning|afternoon|evening)(?: (?:everyone|all|everybody))?[.!]?$',
  ].join('|'),
  'i',
);

/** A sentence that only manages the call: hand-offs, queue instructions, thanks. */
export function isProceduralSentence(s: string): boolean {
  const t = s.trim();
  if (!t) return true;
  return PROCEDURAL_SENTENCE_RE.test(t);
}

export function classifyStatement(text: string, role: ParticipantRole | null, afterQuestion: boolean): StatementKind {
  if (role === 'JOURNALIST') return 'QUESTION';
  if (role === 'OPERATOR') return 'PROCEDURAL';
  const sents = splitSentences(text).map((s) => text.slice(s.start, s.end));
  if (sents.length && sents.every(isProceduralSentence)) return 'PROCEDURAL';
  // an unidentified voice that only asks questions is a questioner
  if ((role === 'OTHER' || role === null) && sents.length && sents.every((s) => /\?["')\]]*\s*$/.test(s.trim()))) return 'QUESTION';
  if (sents.length && sents.every((s) => /\?\s*$|--$/.test(s.trim()) || isProceduralSentence(s))) return 'PROCEDURAL';
  return afterQuestion ? 'ANSWER' : 'REMARK';
}
