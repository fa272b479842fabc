/**
 * Scores briefing ingest against hand annotations.
 *
 *   npm run eval                       the whole corpus: a table per split (tuning, held back)
 *   npm run eval -- --json             the same as JSON (per-file counts and micro totals)
 *   npm run eval -- --held-back-files  also list the held-back files one by one
 *   npm run eval -- <text> <gold>      one file's scorecard, with its errors
 *
 * The corpus is the seed (test/fixtures/ingest) and every test/fixtures/corpus/*.gold.json;
 * test/fixtures/corpus/split.json names the held-back files. Exits with status 1 when a
 * threshold is not met (one file: the seed's thresholds; corpus: the issue's targets).
 */
import { DEFAULT_TOPICS, parseBriefing } from '../src/ingest';
import { corpusReport, corpusTargetFailures, CORPUS_TARGETS, formatCorpusReport } from '../src/ingest/eval/corpus';
import { listCorpus, readCorpusFile, scoreCorpusFiles } from '../src/ingest/eval/corpus-files';
import { formatScorecard, scoreBriefing, thresholdFailures } from '../src/ingest/eval/score';
import { formatTable, parseFile, sentenceAuc, thresholdTable } from './train-extract';

function scoreOneFile(textPath: string, goldPath: string): number {
  const { text, gold } = readCorpusFile({ textPath, goldPath });
  parseBriefing(text, { topics: DEFAULT_TOPICS }); // warm-up (regex compilation, JIT)
  const runs: number[] = [];
  let parsed = parseBriefing(text, { topics: DEFAULT_TOPICS });
  for (let i = 0; i < 10; i++) {
    const t0 = process.hrtime.bigint();
    parsed = parseBriefing(text, { topics: DEFAULT_TOPICS });
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  runs.sort((a, b) => a - b);

  const card = scoreBriefing(parsed, gold);
  console.log(`text: ${textPath}`);
  console.log(`gold: ${goldPath}`);
  console.log(`parseBriefing: median ${runs[Math.floor(runs.length / 2)].toFixed(1)} ms over ${runs.length} runs`);
  if (parsed.warnings.length) console.log(`warnings: ${parsed.warnings.join(' | ')}`);
  console.log('');
  console.log(formatScorecard(card));
  const failures = thresholdFailures(card);
  console.log('');
  if (failures.length) {
    console.log(`FAIL (seed thresholds): ${failures.join('; ')}`);
    return 1;
  }
  console.log('PASS: all thresholds met');
  return 0;
}

function scoreCorpus(json: boolean, heldBackFiles: boolean): number {
  const report = corpusReport(scoreCorpusFiles());
  const failures = [...corpusTargetFailures(report.tuning.totals, CORPUS_TARGETS.tuning), ...corpusTargetFailures(report.heldBack.totals, CORPUS_TARGETS.heldBack)];
  const confidence = heldBackConfidence();
  if (confidence.auc < HELD_BACK_MIN_AUC) failures.push(`held-back ROC AUC ${confidence.auc.toFixed(3)} < ${HELD_BACK_MIN_AUC}`);
  if (json) {
    const heldBack = heldBackFiles ? report.heldBack : { totals: report.heldBack.totals };
    console.log(JSON.stringify({ tuning: report.tuning, heldBack, heldBackConfidence: confidence, all: report.all, targets: CORPUS_TARGETS, targetsMet: failures.length === 0 }, null, 2));
  } else {
    console.log(formatCorpusReport(report, { heldBackFiles }));
    console.log(`\nCommitment confidence on the held-back files (the committed model, never trained on them):`);
    console.log(`ROC AUC over officials' sentences ${confidence.auc.toFixed(3)} (target >= ${HELD_BACK_MIN_AUC})\n`);
    console.log(formatTable(confidence.table));
  }
  return failures.length ? 1 : 0;
}

/** Issue 15: the model's confidence must separate commitments from the rest on unseen files. */
const HELD_BACK_MIN_AUC = 0.85;

/** ROC AUC and the precision/recall table by threshold of the committed model on the held-back files. */
export function heldBackConfidence(): { auc: number; table: ReturnType<typeof thresholdTable> } {
  const files = listCorpus()
    .filter((f) => f.split === 'heldBack')
    .map((f) => ({ ...readCorpusFile(f), name: f.id }));
  const parsed = files.map((f) => ({ ...parseFile(f), gold: f.gold }));
  const auc = sentenceAuc(
    parsed.flatMap((p) => p.rows),
    (r) => r.probability,
  );
  return { auc, table: thresholdTable(parsed) };
}

function main(): number {
  const args = process.argv.slice(2);
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const paths = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--json' && f !== '--held-back-files');
  if (unknown.length || paths.length === 1 || paths.length > 2) {
    console.error('usage: npm run eval [-- --json] [-- --held-back-files] | npm run eval -- <text> <gold>');
    return 2;
  }
  if (paths.length === 2) return scoreOneFile(paths[0], paths[1]);
  return scoreCorpus(flags.has('--json'), flags.has('--held-back-files'));
}

if (require.main === module) process.exitCode = main();
