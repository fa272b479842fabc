/**
 * What staff reviews buy the commitment model (issue 15, point 4), simulated on the tuning files:
 *
 *   npx ts-node --transpile-only scripts/simulate-reviews.ts
 *
 * The tuning files are split three ways (fixed, by name order): a BASE the model starts from,
 * a REVIEWED set that is ingested into a fresh SQLite database through the application's
 * services and whose candidates are accepted or rejected the way the gold files say (a sentence
 * with a required or acceptable quote is accepted, any other rejected), and an EVALUATION set
 * that neither sees. The model is then trained on BASE plus the first N reviews of the
 * database's review log (what `npm run train:extract -- --with-reviews` reads) and scored on
 * EVALUATION: ROC AUC over officials' sentences, and recall/precision at the default threshold.
 * The held-back files are never read.
 */
import 'reflect-metadata';
import './simulate-reviews-env';
import { NestFactory } from '@nestjs/core';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { CandidatesService } from '../src/candidates/candidates.service';
import { CliModule } from '../src/cli/cli.module';
import { BriefingImportService } from '../src/briefing-import/briefing-import.service';
import { COMMITMENT_MODEL, trainLogistic, type CommitmentModel, type Example } from '../src/ingest/commitment-model';
import { sourceSentence, splitSentences } from '../src/ingest/sentences';
import { loadReviewExamples } from './review-examples';
import { examplesOf, labelOf, parseFile, pruneWords, sentenceAuc, thresholdTable, tuningFiles, type TuningFile } from './train-extract';

const database = process.env.DATABASE_URL!.replace(/^sqlite:/, '');

/** Reviewers see more than the default proposes: candidates from this confidence on. */
const REVIEW_MIN_CONFIDENCE = 0.1;
const STEPS = [0, 100, 200, 300];

async function review(files: TuningFile[]): Promise<{ accepted: number; rejected: number }> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  const ingest = app.get(BriefingImportService);
  const candidates = app.get(CandidatesService, { strict: false });
  const db = app.get(DataSource);
  let accepted = 0;
  let rejected = 0;
  try {
    for (const f of files) {
      const result = await ingest.ingest({ text: f.text, minConfidence: REVIEW_MIN_CONFIDENCE }, 'simulation');
      for (const c of result.candidates) {
        const [{ text }] = (await db.query('SELECT text FROM statement WHERE id = ?', [c.statementId])) as Array<{ text: string }>;
        const s = sourceSentence(text, c.start, c.end, splitSentences(text));
        if (labelOf(text.slice(s.start, s.end), f.gold) === 'none') {
          await candidates.reject(String(c.id), 'not a commitment (simulated review)', 'simulation');
          rejected++;
        } else {
          await candidates.accept(String(c.id), {}, 'simulation');
          accepted++;
        }
      }
    }
  } finally {
    await app.close();
  }
  return { accepted, rejected };
}

async function main(): Promise<void> {
  const files = tuningFiles();
  const base = files.filter((_, i) => i % 3 === 0);
  const reviewed = files.filter((_, i) => i % 3 === 1);
  const evaluation = files.filter((_, i) => i % 3 === 2);
  const names = (fs: TuningFile[]) => fs.map((f) => f.name).join(' ');
  console.log(`base: ${names(base)} | reviewed: ${names(reviewed)} | evaluation: ${names(evaluation)}`);

  const counts = await review(reviewed);
  const reviews = await loadReviewExamples(database);
  console.log(`reviewed through the services: ${counts.accepted} accepted, ${counts.rejected} rejected; ${reviews.length} read back from the review log\n`);

  const baseRows = base.map((f) => parseFile(f).rows);
  const reviewedRows = reviewed.map((f) => parseFile(f).rows);
  pruneWords([...baseRows, ...reviewedRows], 2);
  const vocabulary = new Set(baseRows.flat().flatMap((r) => Object.keys(r.features)));
  const evaluate = (label: string, examples: Example[]) => {
    const fit = trainLogistic(examples, COMMITMENT_MODEL.l2);
    const model: CommitmentModel = { ...COMMITMENT_MODEL, bias: fit.bias, weights: fit.weights };
    const parsed = evaluation.map((f) => ({ f, ...parseFile(f, model) }));
    const auc = sentenceAuc(
      parsed.flatMap((p) => p.rows),
      (r) => r.probability,
    );
    const [at] = thresholdTable(
      parsed.map((p) => ({ parsed: p.parsed, gold: p.f.gold })),
      [COMMITMENT_MODEL.threshold],
    );
    console.log(`| ${label} | ${examples.length} | ${auc.toFixed(3)} | ${(at.matched / at.required).toFixed(3)} (${at.matched}/${at.required}) | ${(at.precise / Math.max(1, at.extracted)).toFixed(3)} (${at.precise}/${at.extracted}) |`);
  };
  const baseExamples = baseRows.flatMap(examplesOf);
  // review features limited to the base vocabulary's words plus the linguistic and domain ones
  const reviewExamples = reviews.map((e) => ({ ...e, features: Object.fromEntries(Object.entries(e.features).filter(([k]) => !k.startsWith('word:') || vocabulary.has(k))) }));
  console.log(`| training | examples | evaluation ROC AUC | recall at ${COMMITMENT_MODEL.threshold} | precision at ${COMMITMENT_MODEL.threshold} |`);
  console.log('|---|---|---|---|---|');
  for (const n of STEPS) if (n <= reviewExamples.length) evaluate(n ? `base + first ${n} reviews` : 'base only', [...baseExamples, ...reviewExamples.slice(0, n)]);
  evaluate(`base + all ${reviewExamples.length} reviews`, [...baseExamples, ...reviewExamples]);
  evaluate('base + the reviewed files fully annotated', [...baseExamples, ...reviewedRows.flatMap(examplesOf)]);
  rmSync(dirname(database), { recursive: true, force: true });
}

void main();
