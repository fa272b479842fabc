import { SingleBar, Presets } from 'cli-progress';
import { basename } from 'node:path';
import { BriefingImportService } from '../../briefing-import/briefing-import.service';
import { defaultParseWorkers, ParsePool } from '../../ingest/parse-pool';
import { CliCommand, createCliContext } from '../command';
import { FileOutcome, listInputFiles, readTranscript, summaryTable } from '../ingest-files';

const command: CliCommand = {
  name: 'ingest',
  usage: `  npm run cli -- ingest <file|folder>... [--dry-run] [--accept-all] [--actor NAME] [--workers N] [--sync-each]
             Ingests briefing transcripts (.txt/.md): one transaction per file, so a failed
             file leaves nothing behind and the others still go in. Exit code 1 if any failed.
             Files not in UTF-8 are decoded from the encoding they are detected in (a warning
             names it), or refused saying which encoding they look like; binary files are refused.
  --dry-run      parse and report, write nothing
  --accept-all   accept every proposed commitment
  --actor        who is recorded as having ingested (default: cli)
  --workers      threads parsing the next files while one is written (default: cores - 1;
                 0 parses each file just before writing it)
  --sync-each    flush each file to disk as it is committed (SQLite; slower). By default the
                 run's commits are flushed by checkpoints and once more before the summary:
                 a power cut mid-run may lose whole files, never part of one (run it again)`,
  options: {
    'dry-run': { type: 'boolean', default: false },
    'accept-all': { type: 'boolean', default: false },
    actor: { type: 'string', default: 'cli' },
    workers: { type: 'string' },
    'sync-each': { type: 'boolean', default: false },
  },
  async run(paths, flags) {
    if (!paths.length) return usageError();
    const files = paths.flatMap(listInputFiles);
    if (!files.length) {
      console.error('No .txt or .md files found.');
      return 1;
    }
    const dryRun = flags['dry-run'] === true;
    const acceptAll = flags['accept-all'] === true;
    const actor = String(flags.actor ?? 'cli');
    const workers = flags.workers === undefined ? (files.length > 1 ? defaultParseWorkers() : 0) : Number(flags.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 64) {
      console.error(`--workers must be a whole number from 0 to 64; got "${flags.workers}"`);
      return 1;
    }
    // started first: the threads load the parser while the application starts
    const pool = new ParsePool(workers);
    try {
      return await ingestFiles(files, { dryRun, acceptAll, actor, pool, deferSync: flags['sync-each'] !== true });
    } finally {
      await pool.close();
    }
  },
};

async function ingestFiles(
  files: string[],
  { dryRun, acceptAll, actor, pool, deferSync }: { dryRun: boolean; acceptAll: boolean; actor: string; pool: ParsePool; deferSync: boolean },
): Promise<number> {
  const app = await createCliContext();
  const ingest = app.get(BriefingImportService);
  const bar = files.length > 1 ? new SingleBar({ format: 'ingest [{bar}] {value}/{total} {file}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000 }, Presets.shades_classic) : null;
  bar?.start(files.length, 0, { file: '' });
  const outcomes: FileOutcome[] = [];
  const started = performance.now();
  // files not in UTF-8: the encoding each was decoded from
  const decoded = new Map<number, string>();
  const inputs = files.map((file, i) => () => {
    const { text, warning } = readTranscript(file);
    if (warning) decoded.set(i, warning);
    return { text, dryRun, acceptAll };
  });
  for await (const outcome of ingest.ingestAll(inputs, actor, { pool, deferSync })) {
    const file = files[outcome.index];
    if ('result' in outcome) {
      const { result } = outcome;
      outcomes.push({
        file,
        ok: true,
        briefingId: result.briefing ? String(result.briefing.id) : null,
        statements: result.created.statements,
        candidates: result.created.candidates,
        commitments: result.created.commitments,
        note: [
          decoded.has(outcome.index) ? decoded.get(outcome.index)!.replace(/ \(.*$/, '') : '',
          result.alreadyIngested ? 'already ingested' : result.dryRun ? 'dry run' : result.warnings.length ? `${result.warnings.length} warning(s)` : '',
        ]
          .filter(Boolean)
          .join('; '),
        ms: outcome.ms,
      });
    } else {
      const { error } = outcome;
      outcomes.push({ file, ok: false, briefingId: null, statements: 0, candidates: 0, commitments: 0, note: error instanceof Error ? error.message : String(error), ms: outcome.ms });
    }
    bar?.increment(1, { file });
  }
  bar?.stop();
  await app.close();
  const seconds = (performance.now() - started) / 1000;
  const failed = outcomes.filter((o) => !o.ok).length;
  console.log(summaryTable(outcomes));
  for (const [i, warning] of decoded) console.log(`${basename(files[i])}: ${warning}`);
  const threads = pool.started ? `; ${pool.parsed} parsed ahead in ${pool.started} worker thread${pool.started > 1 ? 's' : ''}` : '';
  console.log(`\n${outcomes.length - failed} ingested, ${failed} failed, ${seconds.toFixed(2)} s (${(outcomes.length / seconds).toFixed(1)} files/s${threads})`);
  return failed ? 1 : 0;
}

function usageError(): number {
  console.error(command.usage);
  return 1;
}

export default command;
