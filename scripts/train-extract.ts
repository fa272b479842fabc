/**
 * Trains the commitment model (src/ingest/commitment-weights.json) on the annotated TUNING files
 * of the development corpus, and prints what it is worth:
 *
 *   npm run train:extract [-- --with-reviews <sqlite path | postgres url>] [--l2 <n>] [--check]
 *
 * Examples are the sentences of officials' statements: one that holds a `required` quote of the
 * gold file is a commitment (1); one that holds no required or acceptable quote, or a
 * `mustNotExtract` one, is not (0); one that holds only an `acceptable` quote is left out (a
 * reviewer could go either way). `--with-reviews` adds the review log of a database: an accepted
 * candidate's sentence is a 1, a rejected one's a 0 (the briefing is parsed again from its stored
 * text, so the features are the ones ingest computes).
 *
 * Printed: leave-one-file-out cross-validated ROC AUC, the precision/recall table by threshold
 * (cross-validated, and on the training files themselves) scored with the gold files' rules,
 * and the default threshold chosen from it. The held-back files are never read. Deterministic:
 * files in name order, no randomness. `--check` trains and prints without writing the file.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TOPICS, parseBriefingDetailed, type ParsedBriefing, type SentenceRow } from '../src/ingest';
import { fitCalibration, logit, rocAuc, trainLogistic, type CommitmentModel, type Example } from '../src/ingest/commitment-model';
import { scoreBriefing, THRESHOLDS as SEED_THRESHOLDS, type GoldBriefing } from '../src/ingest/eval/score';
import { foldForMatch } from '../src/ingest/normalise';
import { loadReviewExamples } from './review-examples';

const ROOT = join(__dirname, '..');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
const SEED = join(ROOT, 'test', 'fixtures', 'ingest', '2017-02-21-background-briefing-tillerson-kelly-mexico');
const MODEL_FILE = join(ROOT, 'src', 'ingest', 'commitment-weights.json');
/** The held-back files (test/fixtures/corpus/README.md): never read here. */
export const HELD_BACK = ['b05', 'b08', 'b10', 'b12'];
const L2_GRID = [3, 10, 30];
/**
 * The default threshold favours recall: staff reject a wrong candidate with one click, a missed
 * commitment they must find and retype. It is the lowest threshold at which at least this share
 * of candidates is right on files the model did not see (cross-validated).
 */
const MIN_CV_PRECISION = 0.7;
/** A word counts as a feature only when this many tuning files use it. */
const MIN_WORD_FILES = Number(process.env.MIN_WORD_FILES ?? 4);
const THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

export interface TuningFile {
  name: string;
  text: string;
  gold: GoldBriefing;
}

export function tuningFiles(): TuningFile[] {
  const names = readdirSync(CORPUS)
    .filter((f) => /^b\d+.*\.gold\.json$/.test(f) && !HELD_BACK.some((h) => f.startsWith(h)))
    .sort()
    .map((f) => join(CORPUS, f.replace(/\.gold\.json$/, '')));
  return [SEED, ...names].map((base) => ({
    name: base.split('/').pop()!.slice(0, 3) === '201' ? 'seed' : base.split('/').pop()!.slice(0, 3),
    text: readFileSync(`${base}.txt`, 'utf8'),
    gold: JSON.parse(readFileSync(`${base}.gold.json`, 'utf8')) as GoldBriefing,
  }));
}

const fold = (s: string) =>
  foldForMatch(s)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export type Label = 'required' | 'acceptable' | 'none';

/** A sentence's gold label, by the scorer's rule: the sentence contains the quote. */
export function labelOf(sentence: string, gold: GoldBriefing): Label {
  const s = fold(sentence);
  if (gold.commitments.required.some((r) => s.includes(fold(r.quote)))) return 'required';
  if (gold.commitments.acceptable.some((a) => s.includes(fold(a.quote)))) return 'acceptable';
  return 'none';
}

export interface LabelledRow extends SentenceRow {
  file: string;
  label: Label;
}

export function parseFile(f: TuningFile, model?: CommitmentModel): { parsed: ParsedBriefing; rows: LabelledRow[] } {
  const { parsed, sentences } = parseBriefingDetailed(f.text, { topics: DEFAULT_TOPICS, minConfidence: 0 }, model);
  return { parsed, rows: sentences.map((s) => ({ ...s, file: f.name, label: labelOf(s.text, f.gold) })) };
}

/**
 * Weight of a sentence that holds only an `acceptable` quote, as a commitment: a reviewer could
 * go either way, and the scorer counts it as a precise candidate.
 */
const ACCEPTABLE_WEIGHT = 0.5;

export function examplesOf(rows: LabelledRow[]): Example[] {
  return rows
    .filter((r) => r.eligible)
    .map((r) => (r.label === 'acceptable' ? { features: r.features, label: 1 as const, weight: ACCEPTABLE_WEIGHT } : { features: r.features, label: r.label === 'required' ? (1 as const) : (0 as const) }));
}

/** AUC over all officials' sentences (rules-excluded ones score lowest), acceptable ones left out. */
export function sentenceAuc(rows: LabelledRow[], score: (r: LabelledRow) => number): number {
  const rs = rows.filter((r) => r.label !== 'acceptable');
  return rocAuc(
    rs.map((r) => (r.eligible ? score(r) : -1e9)),
    rs.map((r) => (r.label === 'required' ? 1 : 0)),
  );
}

interface Totals {
  required: number;
  matched: number;
  extracted: number;
  precise: number;
  mustNot: number;
}

/** Micro recall and precision of the candidates at or above each threshold, by the gold rules. */
export function thresholdTable(parsedByFile: Array<{ parsed: ParsedBriefing; gold: GoldBriefing }>, thresholds = THRESHOLDS): Array<{ t: number } & Totals> {
  return thresholds.map((t) => {
    const tot: Totals = { required: 0, matched: 0, extracted: 0, precise: 0, mustNot: 0 };
    for (const { parsed, gold } of parsedByFile) {
      const c = scoreBriefing({ ...parsed, candidates: parsed.candidates.filter((x) => x.confidence >= t) }, gold).commitments;
      tot.required += c.required;
      tot.matched += c.requiredMatched;
      tot.extracted += c.extracted;
      tot.precise += c.precise;
      tot.mustNot += c.mustNotExtractHits.length;
    }
    return { t, ...tot };
  });
}

const pct = (a: number, b: number) => (b ? (a / b).toFixed(3) : '1.000');
const f1 = (r: Totals) => {
  const rec = r.matched / r.required;
  const prec = r.extracted ? r.precise / r.extracted : 1;
  return rec + prec ? (2 * rec * prec) / (rec + prec) : 0;
};

export function formatTable(rows: Array<{ t: number } & Totals>): string {
  const lines = ['| threshold | required recall | precision | candidates | mustNotExtract hits | F1 |', '|---|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.t.toFixed(2)} | ${pct(r.matched, r.required)} (${r.matched}/${r.required}) | ${pct(r.precise, r.extracted)} (${r.precise}/${r.extracted}) | ${r.extracted} | ${r.mustNot} | ${f1(r).toFixed(3)} |`);
  return lines.join('\n');
}

/** The model trained on `examples`, calibrated on cross-validated scores. */
function modelOf(fit: { bias: number; weights: Record<string, number> }, calibration: { a: number; b: number }, threshold: number, l2: number, about: string): CommitmentModel {
  const weights: Record<string, number> = {};
  for (const [k, v] of Object.entries(fit.weights).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) if (v !== 0) weights[k] = v;
  return { about, bias: fit.bias, weights, calibration: { a: Math.round(calibration.a * 1e4) / 1e4, b: Math.round(calibration.b * 1e4) / 1e4 }, threshold, l2 };
}

export interface TrainResult {
  model: CommitmentModel;
  cvAuc: number;
  cvAucEligible: number;
  cvTable: Array<{ t: number } & Totals>;
  fitTable: Array<{ t: number } & Totals>;
}

/**
 * Leave-one-file-out cross-validation over `files` (plus `extra` examples in every training
 * fold), then the final model on everything.
 */
/**
 * Word features seen in fewer than `minFiles` files are dropped: a word that only one briefing
 * uses says more about that briefing than about commitments.
 */
export function pruneWords(rowsByFile: LabelledRow[][], minFiles: number): void {
  const files = new Map<string, Set<number>>();
  rowsByFile.forEach((rows, i) => {
    for (const r of rows) for (const k of Object.keys(r.features)) if (k.startsWith('word:')) (files.get(k) ?? files.set(k, new Set()).get(k)!).add(i);
  });
  for (const rows of rowsByFile) for (const r of rows) for (const k of Object.keys(r.features)) if (k.startsWith('word:') && files.get(k)!.size < minFiles) delete r.features[k];
}

export function train(files: TuningFile[], extra: Example[], options: { l2?: number; log?: (s: string) => void } = {}): TrainResult {
  const log = options.log ?? (() => undefined);
  const parsed = files.map((f) => parseFile(f));
  const rowsByFile = parsed.map((p) => p.rows);
  pruneWords(rowsByFile, MIN_WORD_FILES);
  const all = rowsByFile.flat();

  // the penalty: the best cross-validated AUC of a small grid (unless given)
  const oofFor = (l2: number) => {
    const oof = new Map<LabelledRow, number>();
    rowsByFile.forEach((rows, i) => {
      const fit = trainLogistic([...rowsByFile.filter((_, j) => j !== i).flatMap(examplesOf), ...extra], l2);
      for (const r of rows) oof.set(r, logit(fit, r.features));
    });
    return oof;
  };
  let l2 = options.l2 ?? L2_GRID[0];
  let oof = oofFor(l2);
  if (options.l2 === undefined) {
    let best = sentenceAuc(all, (r) => oof.get(r)!);
    log(`l2 ${l2}: cross-validated AUC ${best.toFixed(4)}`);
    for (const candidate of L2_GRID.slice(1)) {
      const o = oofFor(candidate);
      const auc = sentenceAuc(all, (r) => o.get(r)!);
      log(`l2 ${candidate}: cross-validated AUC ${auc.toFixed(4)}`);
      if (auc > best + 1e-9) {
        best = auc;
        l2 = candidate;
        oof = o;
      }
    }
  }
  const cvAuc = sentenceAuc(all, (r) => oof.get(r)!);
  const eligible = all.filter((r) => r.eligible && r.label !== 'acceptable');
  const cvAucEligible = rocAuc(
    eligible.map((r) => oof.get(r)!),
    eligible.map((r) => (r.label === 'required' ? 1 : 0)),
  );
  const calibration = fitCalibration(
    eligible.map((r) => oof.get(r)!),
    eligible.map((r) => (r.label === 'required' ? 1 : 0)),
  );

  // the cross-validated table: each file parsed with the model that did not see it
  const cvParsed = files.map((f, i) => {
    const fit = trainLogistic([...rowsByFile.filter((_, j) => j !== i).flatMap(examplesOf), ...extra], l2);
    return { parsed: parseFile(f, modelOf(fit, calibration, 0, l2, 'fold')).parsed, gold: f.gold };
  });
  const cvTable = thresholdTable(cvParsed);

  const examples = rowsByFile.flatMap(examplesOf);
  const fit = trainLogistic([...examples, ...extra], l2);
  // default threshold: the best cross-validated recall with cross-validated precision of at
  // least MIN_CV_PRECISION, among the thresholds at which the final model keeps the seed's own
  // (src/ingest/eval/score.ts)
  const seed = files.findIndex((f) => f.name === 'seed');
  const seedTable = seed >= 0 ? thresholdTable([{ parsed: parseFile(files[seed], modelOf(fit, calibration, 0, l2, 'final')).parsed, gold: files[seed].gold }]) : [];
  const seedHolds = (t: number) => {
    const r = seedTable.find((x) => x.t === t);
    return !r || (r.matched / r.required >= SEED_THRESHOLDS.commitmentRecall && (r.extracted ? r.precise / r.extracted : 1) >= SEED_THRESHOLDS.commitmentPrecision);
  };
  const precise = (r: Totals) => (r.extracted ? r.precise / r.extracted : 1) >= MIN_CV_PRECISION;
  const allowed = cvTable.filter((r) => seedHolds(r.t) && precise(r));
  if (!allowed.length) log('no threshold keeps the seed thresholds with enough precision: choosing by F1 from all');
  const chosen = allowed.length
    ? allowed.reduce((best, r) => (r.matched > best.matched || (r.matched === best.matched && r.t > best.t) ? r : best), allowed[0])
    : cvTable.reduce((best, r) => (f1(r) > f1(best) ? r : best), cvTable[0]);
  const about =
    `Logistic regression, L2 ${l2}, trained by npm run train:extract on ${examples.length} sentences of the tuning files (${files.map((f) => f.name).join(', ')})` +
    `${extra.length ? ` and ${extra.length} reviewed candidates` : ''}: ${examples.filter((e) => e.label === 1 && e.weight === undefined).length} commitments (gold 'required'), ` +
    `${examples.filter((e) => e.label === 0).length} other sentences (a sentence with only an 'acceptable' quote counts as ${ACCEPTABLE_WEIGHT} of a commitment). Leave-one-file-out ROC AUC ${cvAuc.toFixed(3)}. ` +
    `Calibrated by Platt scaling on the cross-validated scores; threshold = best cross-validated recall with cross-validated precision >= ${MIN_CV_PRECISION}, the seed keeping its thresholds.`;
  const model = modelOf(fit, calibration, chosen.t, l2, about);
  const fitTable = thresholdTable(files.map((f) => ({ parsed: parseFile(f, model).parsed, gold: f.gold })));
  return { model, cvAuc, cvAucEligible, cvTable, fitTable };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  const files = tuningFiles();
  const reviews = at('--with-reviews');
  const extra = reviews ? await loadReviewExamples(reviews) : [];
  if (reviews) console.log(`review log of ${reviews}: ${extra.length} reviewed candidates (${extra.filter((e) => e.label === 1).length} accepted, ${extra.filter((e) => e.label === 0).length} rejected)`);
  const l2 = at('--l2') ? Number(at('--l2')) : undefined;
  const t0 = Date.now();
  const result = train(files, extra, { l2, log: (s) => console.log(s) });
  const { model } = result;
  console.log(`\ntrained in ${((Date.now() - t0) / 1000).toFixed(1)} s on ${files.map((f) => f.name).join(' ')}`);
  console.log(`cross-validated ROC AUC (leave one file out), all officials' sentences: ${result.cvAuc.toFixed(3)}; sentences the rules leave to the model: ${result.cvAucEligible.toFixed(3)}`);
  console.log(`calibration a=${model.calibration.a} b=${model.calibration.b}; l2=${model.l2}`);
  console.log('\nprecision/recall by threshold, cross-validated (each file scored by the model trained without it):\n');
  console.log(formatTable(result.cvTable));
  console.log('\nprecision/recall by threshold, final model on the tuning files:\n');
  console.log(formatTable(result.fitTable));
  console.log(
    `\ndefault minConfidence: ${model.threshold} (best cross-validated recall with cross-validated precision >= ${MIN_CV_PRECISION}, at which the seed keeps recall >= ${SEED_THRESHOLDS.commitmentRecall} and precision >= ${SEED_THRESHOLDS.commitmentPrecision})`,
  );
  console.log('\nweights:');
  for (const [k, v] of Object.entries(model.weights)) console.log(`  ${v >= 0 ? '+' : ''}${v.toFixed(3)}  ${k}`);
  console.log(`  ${model.bias >= 0 ? '+' : ''}${model.bias.toFixed(3)}  (bias)`);
  if (args.includes('--check')) return;
  writeFileSync(MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
  console.log(`\nwrote ${MODEL_FILE}`);
}

if (require.main === module) void main();
