import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { EXPORT_FORMATS, EXPORT_KINDS, ExportFormat, ExportKind } from '../../export/export-params';
import { ExportService } from '../../export/export.service';
import { CliCommand, createCliContext } from '../command';

const command: CliCommand = {
  name: 'export',
  usage: `  npm run cli -- export <commitments|statements|meetings> --format csv|json [--out FILE] [--filter KEY=VALUE]...
             Writes commitments, statements or meetings as CSV (RFC 4180) or Popolo-style JSON,
             filtered and ordered like the API, read and written in batches.
  --format       csv or json
  --out          the file to write (default: standard output)
  --filter       a filter field of the API, or orderBy / direction; repeat it:
                 --filter status=FULFILLED --filter topic=1 --filter orderBy=DUE_DATE`,
  options: {
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
    filter: { type: 'string', multiple: true, default: [] },
  },
  async run(args, flags) {
    const [kind] = args;
    const format = String(flags.format ?? 'csv');
    const out = typeof flags.out === 'string' ? flags.out : undefined;
    if (args.length !== 1 || !EXPORT_KINDS.includes(kind as ExportKind) || !EXPORT_FORMATS.includes(format as ExportFormat)) {
      console.error(`Export one of ${EXPORT_KINDS.join(', ')} as ${EXPORT_FORMATS.join(' or ')}.\n\n${command.usage}`);
      return 1;
    }
    const params: Record<string, string[]> = {};
    for (const pair of (flags.filter as string[] | undefined) ?? []) {
      const at = pair.indexOf('=');
      if (at <= 0) {
        console.error(`--filter takes KEY=VALUE, got ${JSON.stringify(pair)}`);
        return 1;
      }
      (params[pair.slice(0, at)] ??= []).push(pair.slice(at + 1));
    }
    const app = await createCliContext();
    try {
      const started = performance.now();
      const exported = await app.get(ExportService).open(kind as ExportKind, format as ExportFormat, params);
      const sink = out ? createWriteStream(out) : process.stdout;
      for await (const chunk of exported.chunks) if (!sink.write(chunk)) await once(sink, 'drain');
      if (out) await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const note = `${exported.stats.rows} ${kind} exported to ${out ?? 'standard output'} (${exported.stats.batches} batch(es), ${((performance.now() - started) / 1000).toFixed(2)} s)`;
      (out ? console.log : console.error)(note);
      return 0;
    } finally {
      await app.close();
    }
  },
};

export default command;
