import { SingleBar, Presets } from 'cli-progress';
import { IngestService } from '../../ingest/ingest.service';
import { CliCommand, createCliContext } from '../command';
import { FileOutcome, listInputFiles, readText, summaryTable } from '../ingest-files';

const command: CliCommand = {
  name: 'ingest',
  usage: `  npm run cli -- ingest <file|folder>... [--dry-run] [--accept-all] [--actor NAME]
             Ingests briefing transcripts (.txt/.md): one transaction per file, so a failed
             file leaves nothing behind and the others still go in. Exit code 1 if any failed.
  --dry-run      parse and report, write nothing
  --accept-all   accept every proposed commitment
  --actor        who is recorded as having ingested (default: cli)`,
  options: {
    'dry-run': { type: 'boolean', default: false },
    'accept-all': { type: 'boolean', default: false },
    actor: { type: 'string', default: 'cli' },
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
    const app = await createCliContext();
    const ingest = app.get(IngestService);
    const bar = files.length > 1 ? new SingleBar({ format: 'ingest [{bar}] {value}/{total} {file}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000 }, Presets.shades_classic) : null;
    bar?.start(files.length, 0, { file: '' });
    const outcomes: FileOutcome[] = [];
    const started = performance.now();
    for (const file of files) {
      const t0 = performance.now();
      try {
        const result = await ingest.ingest({ text: readText(file), dryRun, acceptAll }, actor);
        outcomes.push({
          file,
          ok: true,
          briefingId: result.briefing ? String(result.briefing.id) : null,
          statements: result.created.statements,
          candidates: result.created.candidates,
          commitments: result.created.commitments,
          note: result.alreadyIngested ? 'already ingested' : result.dryRun ? 'dry run' : result.warnings.length ? `${result.warnings.length} warning(s)` : '',
          ms: performance.now() - t0,
        });
      } catch (error) {
        outcomes.push({ file, ok: false, briefingId: null, statements: 0, candidates: 0, commitments: 0, note: error instanceof Error ? error.message : String(error), ms: performance.now() - t0 });
      }
      bar?.increment(1, { file });
    }
    bar?.stop();
    await app.close();
    const seconds = (performance.now() - started) / 1000;
    const failed = outcomes.filter((o) => !o.ok).length;
    console.log(summaryTable(outcomes));
    console.log(`\n${outcomes.length - failed} ingested, ${failed} failed, ${seconds.toFixed(2)} s (${(outcomes.length / seconds).toFixed(1)} files/s)`);
    return failed ? 1 : 0;
  },
};

function usageError(): number {
  console.error(command.usage);
  return 1;
}

export default command;
