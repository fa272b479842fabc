import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar, Presets } from 'cli-progress';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, EXPORT_KINDS, ExportFormat, ExportKind } from '../export/export-params';
import { ExportService } from '../export/export.service';
import { IngestService } from '../ingest/ingest.service';
import { CliModule } from './cli.module';
import { FileOutcome, listInputFiles, readText, summaryTable } from './ingest-files';

const USAGE = `Usage:
  npm run cli -- ingest <file|folder> [--dry-run] [--accept-all] [--actor NAME]
  npm run cli -- export <commitments|statements|meetings> --format csv|json [--out FILE] [--filter KEY=VALUE]...

  ingest     Ingests briefing transcripts (.txt/.md): one transaction per file, so a failed
             file leaves nothing behind and the others still go in. Exit code 1 if any failed.
  --dry-run      parse and report, write nothing
  --accept-all   accept every proposed commitment
  --actor        who is recorded as having ingested (default: cli)

  export     Writes commitments, statements or meetings as CSV (RFC 4180) or Popolo-style JSON,
             filtered and ordered like the API, read and written in batches.
  --format       csv or json
  --out          the file to write (default: standard output)
  --filter       a filter field of the API, or orderBy / direction; repeat it:
                 --filter status=FULFILLED --filter topic=1 --filter orderBy=DUE_DATE`;

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

async function exportCommand(kind: string, flags: { format: string; out?: string; filter: string[] }): Promise<number> {
  if (!EXPORT_KINDS.includes(kind as ExportKind) || !EXPORT_FORMATS.includes(flags.format as ExportFormat)) {
    console.error(`Export one of ${EXPORT_KINDS.join(', ')} as ${EXPORT_FORMATS.join(' or ')}.\n\n${USAGE}`);
    return 1;
  }
  const params: Record<string, string[]> = {};
  for (const pair of flags.filter) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      console.error(`--filter takes KEY=VALUE, got ${JSON.stringify(pair)}`);
      return 1;
    }
    (params[pair.slice(0, at)] ??= []).push(pair.slice(at + 1));
  }
  const app = await createContext();
  try {
    const started = performance.now();
    const exported = await app.get(ExportService).open(kind as ExportKind, flags.format as ExportFormat, params);
    const out = flags.out ? createWriteStream(flags.out) : process.stdout;
    for await (const chunk of exported.chunks) if (!out.write(chunk)) await once(out, 'drain');
    if (flags.out) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const note = `${exported.stats.rows} ${kind} exported to ${flags.out ?? 'standard output'} (${exported.stats.batches} batch(es), ${((performance.now() - started) / 1000).toFixed(2)} s)`;
    (flags.out ? console.log : console.error)(note);
    return 0;
  } finally {
    await app.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'accept-all': { type: 'boolean', default: false },
      actor: { type: 'string', default: 'cli' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      filter: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  if (command === 'ingest' && rest.length) {
    return ingestCommand(rest, { dryRun: values['dry-run']!, acceptAll: values['accept-all']!, actor: values.actor! });
  }
  if (command === 'export' && rest.length === 1) {
    return exportCommand(rest[0], { format: values.format!, out: values.out, filter: values.filter! });
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
