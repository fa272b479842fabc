import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { parseArgs } from 'node:util';
import { IngestService } from '../ingest/ingest.service';
import { CliModule } from './cli.module';
import { FileOutcome, listInputFiles, readText, summaryTable } from './ingest-files';

const USAGE = `Usage:
  npm run cli -- ingest <file|folder> [--dry-run] [--accept-all] [--actor NAME]

  ingest     Ingests briefing transcripts (.txt/.md): one transaction per file, so a failed
             file leaves nothing behind and the others still go in. Exit code 1 if any failed.
  --dry-run      parse and report, write nothing
  --accept-all   accept every proposed commitment
  --actor        who is recorded as having ingested (default: cli)`;

async function createContext(): Promise<INestApplicationContext> {
  // A command on an empty database should not pull in the demo briefing as a side effect.
  process.env.DEMO_DATA ??= 'false';
  return NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
}

async function ingestCommand(paths: string[], flags: { dryRun: boolean; acceptAll: boolean; actor: string }): Promise<number> {
  const files = paths.flatMap(listInputFiles);
  if (!files.length) {
    console.error('No .txt or .md files found.');
    return 1;
  }
  const app = await createContext();
  const ingest = app.get(IngestService);
  const bar = files.length > 1 ? new SingleBar({ format: 'ingest [{bar}] {value}/{total} {file}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000 }, Presets.shades_classic) : null;
  bar?.start(files.length, 0, { file: '' });
  const outcomes: FileOutcome[] = [];
  const started = performance.now();
  for (const file of files) {
    const t0 = performance.now();
    try {
      const result = await ingest.ingest({ text: readText(file), dryRun: flags.dryRun, acceptAll: flags.acceptAll }, flags.actor);
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
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, 'accept-all': { type: 'boolean', default: false }, actor: { type: 'string', default: 'cli' }, help: { type: 'boolean', default: false } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  if (command === 'ingest' && rest.length) {
    return ingestCommand(rest, { dryRun: values['dry-run']!, acceptAll: values['accept-all']!, actor: values.actor! });
  }
  console.error(USAGE);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
