/**
 * Scores briefing ingest against a hand annotation.
 *
 *   npx ts-node scripts/eval-ingest.ts [text] [gold]
 *
 * Defaults to the seed briefing and its gold file in test/fixtures/ingest. Prints a
 * scorecard and exits with status 1 when a threshold is not met.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_TOPICS, parseBriefing } from '../src/ingest';
import { formatScorecard, scoreBriefing, thresholdFailures, type GoldBriefing } from '../src/ingest/eval/score';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'ingest');
const SEED = '2017-02-21-background-briefing-tillerson-kelly-mexico';

function main(): number {
  const textPath = process.argv[2] ?? join(FIXTURES, `${SEED}.txt`);
  const goldPath = process.argv[3] ?? join(FIXTURES, `${SEED}.gold.json`);
  const text = readFileSync(textPath, 'utf8');
  const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as GoldBriefing;

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
    console.log(`FAIL: ${failures.join('; ')}`);
    return 1;
  }
  console.log('PASS: all thresholds met');
  return 0;
}

process.exitCode = main();
