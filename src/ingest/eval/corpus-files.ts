/**
 * Reads the annotated corpus from disk for the evaluation (the eval script and the corpus
 * spec): the seed briefing in test/fixtures/ingest and every test/fixtures/corpus/*.gold.json
 * with its text, each marked tuning or held back by test/fixtures/corpus/split.json.
 * Not part of the ingest library (it does I/O); the scoring itself is in score.ts and corpus.ts.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_TOPICS } from '../default-topics';
import { parseBriefing } from '../parse-briefing';
import { fileScore, type CorpusSplit, type FileScore } from './corpus';
import { scoreBriefing, type GoldBriefing } from './score';

export const FIXTURES_DIR = join(__dirname, '..', '..', '..', 'test', 'fixtures');
export const CORPUS_DIR = join(FIXTURES_DIR, 'corpus');
export const SEED_NAME = '2017-02-21-background-briefing-tillerson-kelly-mexico';

export interface CorpusFile {
  /** 'seed' or the file's prefix ('b07'). */
  id: string;
  split: CorpusSplit;
  textPath: string;
  goldPath: string;
}

export interface CorpusSplitFile {
  heldBack: string[];
}

export function readSplit(dir = CORPUS_DIR): CorpusSplitFile {
  return JSON.parse(readFileSync(join(dir, 'split.json'), 'utf8')) as CorpusSplitFile;
}

/** The seed and every annotated corpus file, in name order, with its split. */
export function listCorpus(dir = CORPUS_DIR): CorpusFile[] {
  const heldBack = new Set(readSplit(dir).heldBack);
  const seed: CorpusFile = {
    id: 'seed',
    split: 'tuning',
    textPath: join(FIXTURES_DIR, 'ingest', `${SEED_NAME}.txt`),
    goldPath: join(FIXTURES_DIR, 'ingest', `${SEED_NAME}.gold.json`),
  };
  const annotated = readdirSync(dir)
    .filter((f) => f.endsWith('.gold.json'))
    .sort()
    .map((f): CorpusFile => {
      const base = f.slice(0, -'.gold.json'.length);
      const id = base.split('-')[0];
      return { id, split: heldBack.has(id) ? 'heldBack' : 'tuning', textPath: join(dir, `${base}.txt`), goldPath: join(dir, f) };
    });
  return [seed, ...annotated];
}

export function readCorpusFile(file: Pick<CorpusFile, 'textPath' | 'goldPath'>): { text: string; gold: GoldBriefing } {
  return { text: readFileSync(file.textPath, 'utf8'), gold: JSON.parse(readFileSync(file.goldPath, 'utf8')) as GoldBriefing };
}

/** Every annotated file parsed with the default topics and scored against its gold file. */
export function scoreCorpusFiles(files = listCorpus()): FileScore[] {
  return files.map((f) => {
    const { text, gold } = readCorpusFile(f);
    return fileScore(f.id, f.split, scoreBriefing(parseBriefing(text, { topics: DEFAULT_TOPICS }), gold));
  });
}
