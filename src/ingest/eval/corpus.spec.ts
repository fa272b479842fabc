import { heldBackConfidence } from '../../../scripts/eval-ingest';
import { aggregateCorpus, CORPUS_TARGETS, corpusReport, corpusTargetFailures, formatCorpusReport, type CorpusTargets, type FileScore } from './corpus';
import { scoreCorpusFiles } from './corpus-files';

function row(file: string, over: Partial<FileScore> = {}): FileScore {
  return {
    file,
    split: 'tuning',
    turns: { expected: 10, found: 10, labelsMatched: 10, matched: 10 },
    statements: { expected: 20, found: 20 },
    commitments: { required: 4, requiredMatched: 4, extracted: 5, precise: 5, mustNotExtractHits: 0 },
    topics: { tp: 8, fp: 0, fn: 0 },
    participants: { expected: 3, found: 3, duplicates: 0 },
    meetings: { expected: 2, found: 2 },
    ...over,
  };
}

describe('aggregateCorpus (micro totals)', () => {
  it('sums the counts before taking ratios, so a long file weighs more than a short one', () => {
    const long = row('long', { commitments: { required: 90, requiredMatched: 90, extracted: 100, precise: 90, mustNotExtractHits: 3 } });
    const short = row('short', { commitments: { required: 10, requiredMatched: 0, extracted: 10, precise: 0, mustNotExtractHits: 1 } });
    const t = aggregateCorpus([long, short]);
    expect(t.commitments.required).toBe(100);
    expect(t.commitments.recall).toBeCloseTo(0.9); // the macro mean would be 0.5
    expect(t.commitments.precision).toBeCloseTo(90 / 110);
    expect(t.commitments.mustNotExtractHits).toBe(4);
  });

  it('computes topic micro-F1 from the summed tp, fp and fn', () => {
    const t = aggregateCorpus([row('a', { topics: { tp: 6, fp: 2, fn: 0 } }), row('b', { topics: { tp: 2, fp: 0, fn: 8 } })]);
    expect(t.topics).toMatchObject({ tp: 8, fp: 2, fn: 8, precision: 0.8, recall: 0.5 });
    expect(t.topics.f1).toBeCloseTo((2 * 0.8 * 0.5) / 1.3);
  });

  it('counts the files whose turns and statements are exact; a wrong questioner does not break turn exactness', () => {
    const t = aggregateCorpus([
      row('ok', { turns: { expected: 10, found: 10, labelsMatched: 10, matched: 7 } }),
      row('one-turn-short', { turns: { expected: 10, found: 9, labelsMatched: 9, matched: 9 } }),
      row('relabelled', { turns: { expected: 10, found: 10, labelsMatched: 9, matched: 9 } }),
      row('time-stamp-kept', { statements: { expected: 20, found: 21 } }),
    ]);
    expect(t.files).toBe(4);
    expect(t.turnsExactFiles).toBe(2);
    expect(t.statementsExactFiles).toBe(3);
    expect(t.turns).toEqual({ expected: 40, found: 39, labelsMatched: 38, matched: 35 });
  });

  it('scores an empty set as perfect rather than dividing by zero', () => {
    const t = aggregateCorpus([]);
    expect(t.files).toBe(0);
    expect(t.commitments.recall).toBe(1);
    expect(t.meetings.foundRate).toBe(1);
    expect(corpusTargetFailures(t, CORPUS_TARGETS.tuning)).toEqual([]);
  });

  it('splits rows into tuning and held-back totals and names every missed target', () => {
    const report = corpusReport([row('t1'), row('h1', { split: 'heldBack', meetings: { expected: 4, found: 1 }, participants: { expected: 3, found: 3, duplicates: 1 } })]);
    expect(report.tuning.totals.files).toBe(1);
    expect(report.heldBack.totals.files).toBe(1);
    expect(report.all.files).toBe(2);
    expect(corpusTargetFailures(report.tuning.totals, CORPUS_TARGETS.tuning)).toEqual([]);
    expect(corpusTargetFailures(report.heldBack.totals, CORPUS_TARGETS.heldBack)).toEqual(['participant duplicates 1', 'meetings found 0.250 < 0.75']);
  });

  it('prints held-back files only as totals unless asked', () => {
    const report = corpusReport([row('t1'), row('h1', { split: 'heldBack' })]);
    expect(formatCorpusReport(report)).toMatch(/\| t1 /);
    expect(formatCorpusReport(report)).not.toMatch(/\| h1 /);
    expect(formatCorpusReport(report, { heldBackFiles: true })).toMatch(/\| h1 /);
  });
});

/*
 * Regression floors over the annotated corpus. Each figure is what the ingest reaches today
 * (rounded down): raise them as it improves, never lower them to make a change pass. The
 * tuning files are checked one by one; the held-back files only in total (they are not
 * tuned on, and their errors are not read).
 */
type Floor = [file: string, turnsExact: boolean, questionersExact: boolean, statementsExact: boolean, recall: number, precision: number, topicF1: number, participantsFound: number, meetingsFound: number];

// prettier-ignore
const TUNING_FLOORS: Floor[] = [
  // file   turns  askedBy stmts  recall  precision topicF1  people  meetings (found, count)
  ['seed',  true,  true,    true,   1.00,   0.97,     0.97,    16,     7],
  ['b01',   true,  true,    true,   0.96,   0.82,     0.90,    15,     9],
  ['b02',   true,  true,    true,   0.72,   0.89,     0.96,     6,     3],
  ['b03',   true,  true,    true,   1.00,   0.74,     0.98,    10,     7],
  ['b04',   true,  true,    true,   0.50,   0.78,     0.94,    11,    12],
  ['b06',   true,  true,    true,   1.00,   0.84,     0.95,     5,     6],
  ['b07',   true,  true,    true,   1.00,   0.91,     0.90,     3,     2],
  ['b09',   true,  true,    true,   0.94,   0.96,     0.96,     2,     4],
  ['b11',   true,  true,    true,   1.00,   0.92,     0.90,     2,     0],
  ['b13',   true,  true,    true,   0.00,   0.66,     0.75,     2,     3],
  ['b14',   true,  true,    true,   0.85,   0.81,     0.89,    11,     6],
  ['b15',   true,  true,    true,   1.00,   0.90,     0.92,     2,     2],
];

/** Micro-total floors per split: [required recall, precision, topic F1, participants found rate, max duplicates, meetings found rate]. */
type TotalFloor = [recall: number, precision: number, topicF1: number, participantsFound: number, maxDuplicates: number, meetingsFound: number];
// prettier-ignore
const TOTAL_FLOORS: Record<'tuning' | 'heldBack', TotalFloor> = {
  //          recall  precision topicF1 people  dup  meetings
  tuning:   [ 0.88,   0.86,     0.93,   0.91,   0,   0.83 ],
  heldBack: [ 0.85,   0.79,     0.86,   0.64,   0,   0.61 ],
};

/**
 * The targets (CORPUS_TARGETS) asserted so far, per split. Move a target here once
 * the totals meet it; `npm run eval` prints the ones not met yet.
 */
const TARGETS_MET: Record<'tuning' | 'heldBack', Array<keyof CorpusTargets>> = {
  tuning: ['turnsExactEveryFile', 'statementsExactEveryFile', 'commitmentRecall', 'commitmentPrecision', 'topicF1', 'participantsFound', 'maxParticipantDuplicates', 'meetingsFound'],
  heldBack: ['turnsExactEveryFile', 'statementsExactEveryFile', 'commitmentRecall', 'commitmentPrecision', 'topicF1', 'maxParticipantDuplicates'],
};

describe('ingest quality over the annotated corpus (npm run eval)', () => {
  const rows = scoreCorpusFiles();
  const report = corpusReport(rows);
  const byFile = new Map(rows.map((r) => [r.file, r]));

  it('holds back b05, b08, b10 and b12 and tunes on the seed and the other annotated files', () => {
    expect(report.heldBack.files.map((r) => r.file)).toEqual(['b05', 'b08', 'b10', 'b12']);
    expect(report.tuning.files.map((r) => r.file).sort()).toEqual(TUNING_FLOORS.map((f) => f[0]).sort());
  });

  describe.each(TUNING_FLOORS)('tuning file %s', (file, turnsExact, questionersExact, statementsExact, recall, precision, topicF1, people, meetings) => {
    const r = () => byFile.get(file)!;
    const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
    if (turnsExact) it('has every turn, labels in order', () => expect([r().turns.found, r().turns.labelsMatched]).toEqual([r().turns.expected, r().turns.expected]));
    if (questionersExact) it('names every questioner the gold names (askedBy, outlet)', () => expect(r().turns.matched).toBe(r().turns.expected));
    if (statementsExact) it('has every statement and no other', () => expect(r().statements.found).toBe(r().statements.expected));
    it(`keeps required recall >= ${recall} and precision >= ${precision}`, () => {
      expect(ratio(r().commitments.requiredMatched, r().commitments.required)).toBeGreaterThanOrEqual(recall);
      expect(ratio(r().commitments.precise, r().commitments.extracted)).toBeGreaterThanOrEqual(precision);
    });
    it(`keeps topic micro-F1 >= ${topicF1}`, () => expect(aggregateCorpus([r()]).topics.f1).toBeGreaterThanOrEqual(topicF1));
    it(`finds >= ${people} participants and >= ${meetings} meetings`, () => {
      expect(r().participants.found).toBeGreaterThanOrEqual(people);
      expect(r().meetings.found).toBeGreaterThanOrEqual(meetings);
    });
  });

  describe.each(['tuning', 'heldBack'] as const)('%s totals', (split) => {
    const totals = () => report[split].totals;
    const [recall, precision, topicF1, people, maxDuplicates, meetings] = TOTAL_FLOORS[split];
    it('name every questioner the gold names', () => expect(totals().turns.matched).toBe(totals().turns.expected));
    it(`keep their floors (recall ${recall}, precision ${precision}, topic F1 ${topicF1}, participants ${people}, duplicates <= ${maxDuplicates}, meetings ${meetings})`, () => {
      const t = totals();
      expect(t.commitments.recall).toBeGreaterThanOrEqual(recall);
      expect(t.commitments.precision).toBeGreaterThanOrEqual(precision);
      expect(t.topics.f1).toBeGreaterThanOrEqual(topicF1);
      expect(t.participants.foundRate).toBeGreaterThanOrEqual(people);
      expect(t.participants.duplicates).toBeLessThanOrEqual(maxDuplicates);
      expect(t.meetings.foundRate).toBeGreaterThanOrEqual(meetings);
    });
    const targets = CORPUS_TARGETS[split];
    for (const key of TARGETS_MET[split]) {
      it(`meet the issue's target ${key} = ${String(targets[key])}`, () => expect(corpusTargetFailures(totals(), targets, [key])).toEqual([]));
    }
  });

  it('separates commitments by confidence on the held-back files (ROC AUC >= 0.85, the committed model)', () => {
    expect(heldBackConfidence().auc).toBeGreaterThanOrEqual(0.85);
  });
});
