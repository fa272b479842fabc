/**
 * Corpus-level evaluation: one row of counts per annotated file (from its Scorecard) and the
 * micro totals over a set of files, split into the files rules were tuned on and the files
 * held back from all tuning. Micro: counts are summed over the files first, ratios taken after,
 * so a long briefing weighs more than a short one.
 *
 * Pure: no I/O (corpus-files.ts reads the files).
 */
import type { Scorecard } from './score';

export type CorpusSplit = 'tuning' | 'heldBack';

/** The counts of one file's scorecard that the corpus table shows and sums. */
export interface FileScore {
  /** Short id of the file: 'b07', 'seed'. */
  file: string;
  split: CorpusSplit;
  turns: { expected: number; found: number; labelsMatched: number; matched: number };
  statements: { expected: number; found: number };
  commitments: { required: number; requiredMatched: number; extracted: number; precise: number; mustNotExtractHits: number };
  topics: { tp: number; fp: number; fn: number };
  participants: { expected: number; found: number; duplicates: number };
  meetings: { expected: number; found: number };
}

export interface CorpusTotals {
  files: number;
  /** Files whose turn count and label sequence are exact (questioners aside). */
  turnsExactFiles: number;
  /** Files whose statement count is exact. */
  statementsExactFiles: number;
  turns: FileScore['turns'];
  statements: FileScore['statements'];
  commitments: FileScore['commitments'] & { recall: number; precision: number };
  topics: FileScore['topics'] & { precision: number; recall: number; f1: number };
  participants: FileScore['participants'] & { foundRate: number };
  meetings: FileScore['meetings'] & { foundRate: number };
}

export interface CorpusReport {
  tuning: { files: FileScore[]; totals: CorpusTotals };
  heldBack: { files: FileScore[]; totals: CorpusTotals };
  all: CorpusTotals;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

export function fileScore(file: string, split: CorpusSplit, card: Scorecard): FileScore {
  return {
    file,
    split,
    turns: { expected: card.turns.expected, found: card.turns.found, labelsMatched: card.turns.labelsMatched, matched: card.turns.matched },
    statements: { ...card.statements },
    commitments: {
      required: card.commitments.required,
      requiredMatched: card.commitments.requiredMatched,
      extracted: card.commitments.extracted,
      precise: card.commitments.precise,
      mustNotExtractHits: card.commitments.mustNotExtractHits.length,
    },
    topics: { tp: card.topics.tp, fp: card.topics.fp, fn: card.topics.fn },
    participants: { expected: card.participants.expected, found: card.participants.found, duplicates: card.participants.duplicates },
    meetings: { expected: card.meetings.expected, found: card.meetings.found },
  };
}

/** Turn count and speaker-label sequence both exact (who asked each question is scored apart). */
export function turnsExact(row: FileScore): boolean {
  return row.turns.found === row.turns.expected && row.turns.labelsMatched === row.turns.expected;
}

export function statementsExact(row: FileScore): boolean {
  return row.statements.found === row.statements.expected;
}

function sumOf<K extends string>(rows: FileScore[], pick: (r: FileScore) => Record<K, number>, keys: K[]): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const r of rows) for (const k of keys) out[k] += pick(r)[k];
  return out;
}

/** Micro totals: sums of the counts, ratios over the sums. An empty set scores 1 everywhere. */
export function aggregateCorpus(rows: FileScore[]): CorpusTotals {
  const turns = sumOf(rows, (r) => r.turns, ['expected', 'found', 'labelsMatched', 'matched']);
  const statements = sumOf(rows, (r) => r.statements, ['expected', 'found']);
  const commitments = sumOf(rows, (r) => r.commitments, ['required', 'requiredMatched', 'extracted', 'precise', 'mustNotExtractHits']);
  const topics = sumOf(rows, (r) => r.topics, ['tp', 'fp', 'fn']);
  const participants = sumOf(rows, (r) => r.participants, ['expected', 'found', 'duplicates']);
  const meetings = sumOf(rows, (r) => r.meetings, ['expected', 'found']);
  const tPrecision = ratio(topics.tp, topics.tp + topics.fp);
  const tRecall = ratio(topics.tp, topics.tp + topics.fn);
  return {
    files: rows.length,
    turnsExactFiles: rows.filter(turnsExact).length,
    statementsExactFiles: rows.filter(statementsExact).length,
    turns,
    statements,
    commitments: { ...commitments, recall: ratio(commitments.requiredMatched, commitments.required), precision: ratio(commitments.precise, commitments.extracted) },
    topics: { ...topics, precision: tPrecision, recall: tRecall, f1: tPrecision + tRecall === 0 ? 0 : (2 * tPrecision * tRecall) / (tPrecision + tRecall) },
    participants: { ...participants, foundRate: ratio(participants.found, participants.expected) },
    meetings: { ...meetings, foundRate: ratio(meetings.found, meetings.expected) },
  };
}

export function corpusReport(rows: FileScore[]): CorpusReport {
  const tuning = rows.filter((r) => r.split === 'tuning');
  const heldBack = rows.filter((r) => r.split === 'heldBack');
  return {
    tuning: { files: tuning, totals: aggregateCorpus(tuning) },
    heldBack: { files: heldBack, totals: aggregateCorpus(heldBack) },
    all: aggregateCorpus(rows),
  };
}

/** The issue's targets for a split (held-back files get the lower commitment bar). */
export interface CorpusTargets {
  turnsExactEveryFile: boolean;
  statementsExactEveryFile: boolean;
  commitmentRecall: number;
  commitmentPrecision: number;
  topicF1: number;
  participantsFound: number;
  maxParticipantDuplicates: number;
  meetingsFound: number;
}

export const CORPUS_TARGETS: Record<CorpusSplit, CorpusTargets> = {
  tuning: { turnsExactEveryFile: true, statementsExactEveryFile: true, commitmentRecall: 0.85, commitmentPrecision: 0.8, topicF1: 0.85, participantsFound: 0.85, maxParticipantDuplicates: 0, meetingsFound: 0.75 },
  heldBack: { turnsExactEveryFile: true, statementsExactEveryFile: true, commitmentRecall: 0.8, commitmentPrecision: 0.75, topicF1: 0.85, participantsFound: 0.85, maxParticipantDuplicates: 0, meetingsFound: 0.75 },
};

const TARGET_CHECKS: { [K in keyof CorpusTargets]: (t: CorpusTotals, target: CorpusTargets[K]) => string | null } = {
  turnsExactEveryFile: (t, on) => (on && t.turnsExactFiles < t.files ? `turns exact on ${t.turnsExactFiles}/${t.files} files` : null),
  statementsExactEveryFile: (t, on) => (on && t.statementsExactFiles < t.files ? `statements exact on ${t.statementsExactFiles}/${t.files} files` : null),
  commitmentRecall: (t, min) => (t.commitments.recall < min ? `required recall ${t.commitments.recall.toFixed(3)} < ${min}` : null),
  commitmentPrecision: (t, min) => (t.commitments.precision < min ? `precision ${t.commitments.precision.toFixed(3)} < ${min}` : null),
  topicF1: (t, min) => (t.topics.f1 < min ? `topic micro-F1 ${t.topics.f1.toFixed(3)} < ${min}` : null),
  participantsFound: (t, min) => (t.participants.foundRate < min ? `participants found ${t.participants.foundRate.toFixed(3)} < ${min}` : null),
  maxParticipantDuplicates: (t, max) => (t.participants.duplicates > max ? `participant duplicates ${t.participants.duplicates}` : null),
  meetingsFound: (t, min) => (t.meetings.foundRate < min ? `meetings found ${t.meetings.foundRate.toFixed(3)} < ${min}` : null),
};

/** Which of the targets (all, or only `keys`) the totals miss; empty when they hold. */
export function corpusTargetFailures(totals: CorpusTotals, targets: CorpusTargets, keys = Object.keys(targets) as Array<keyof CorpusTargets>): string[] {
  return keys.map((k) => (TARGET_CHECKS[k] as (t: CorpusTotals, v: unknown) => string | null)(totals, targets[k])).filter((f): f is string => f !== null);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}`;
const frac = (a: number, b: number) => `${a}/${b}`;

const COLUMNS = ['file', 'turns', 'asked by', 'statements', 'req. recall', 'precision', 'mustNot', 'topic F1', 'participants (dup)', 'meetings'];

function cells(name: string, x: FileScore | CorpusTotals): string[] {
  const c = x.commitments;
  const t = x.topics;
  const tp = ratio(t.tp, t.tp + t.fp);
  const tr = ratio(t.tp, t.tp + t.fn);
  const f1 = tp + tr === 0 ? 0 : (2 * tp * tr) / (tp + tr);
  const turns = x.turns.found === x.turns.expected ? frac(x.turns.labelsMatched, x.turns.expected) : `${frac(x.turns.labelsMatched, x.turns.expected)} (found ${x.turns.found})`;
  return [
    name,
    turns,
    frac(x.turns.matched, x.turns.expected),
    frac(x.statements.found, x.statements.expected),
    `${frac(c.requiredMatched, c.required)} = ${pct(ratio(c.requiredMatched, c.required))}`,
    `${frac(c.precise, c.extracted)} = ${pct(ratio(c.precise, c.extracted))}`,
    String(c.mustNotExtractHits),
    `${pct(f1)} (${t.tp}/${t.fp}/${t.fn})`,
    `${frac(x.participants.found, x.participants.expected)} (${x.participants.duplicates})`,
    frac(x.meetings.found, x.meetings.expected),
  ];
}

function table(rows: string[][]): string[] {
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.slice(1).map(line)];
}

export interface FormatOptions {
  /** List the held-back files one by one (by default only their totals: nobody tunes on them). */
  heldBackFiles?: boolean;
}

/**
 * A Markdown table per split: one row per file, then the micro totals. Columns: turns (labels
 * in sequence), asked by (turns whose questioner is right too), statements, required recall,
 * precision, mustNotExtract hits, topic micro-F1 (tp/fp/fn), participants found (duplicates),
 * meetings found.
 */
export function formatCorpusReport(report: CorpusReport, options: FormatOptions = {}): string {
  const out: string[] = [];
  const section = (title: string, files: FileScore[], totals: CorpusTotals, listFiles: boolean, targets: CorpusTargets) => {
    out.push(`${title} (${totals.files} files)`);
    out.push('');
    const rows = [COLUMNS, ...(listFiles ? files.map((r) => cells(r.file, r)) : []), cells('**total (micro)**', totals)];
    out.push(...table(rows));
    out.push('');
    const failures = corpusTargetFailures(totals, targets);
    out.push(failures.length ? `targets not met: ${failures.join('; ')}` : 'all targets met');
    out.push('');
  };
  section('Tuning files', report.tuning.files, report.tuning.totals, true, CORPUS_TARGETS.tuning);
  section('Held-back files', report.heldBack.files, report.heldBack.totals, !!options.heldBackFiles, CORPUS_TARGETS.heldBack);
  return out.join('\n').trimEnd();
}
