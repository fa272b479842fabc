import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeTranscript, type DecodedTranscript } from '../ingest/text-input';

/** The .txt/.md files a CLI path names: the file itself, or a folder's files (not recursive), sorted. */
export function listInputFiles(path: string): string[] {
  const stat = statSync(path);
  if (stat.isFile()) return [path];
  return readdirSync(path)
    .filter((f) => /\.(txt|md|text)$/i.test(f))
    .sort()
    .map((f) => join(path, f))
    .filter((f) => statSync(f).isFile());
}

export interface FileOutcome {
  file: string;
  ok: boolean;
  briefingId: string | null;
  statements: number;
  candidates: number;
  commitments: number;
  note: string;
  ms: number;
}

/** A fixed-width summary table, one row a file, for the end of a CLI run. */
export function summaryTable(rows: FileOutcome[]): string {
  const header = ['file', 'result', 'briefing', 'statements', 'candidates', 'commitments', 'ms', 'note'];
  const body = rows.map((r) => [
    basename(r.file),
    r.ok ? 'ok' : 'FAILED',
    r.briefingId ?? '-',
    String(r.statements),
    String(r.candidates),
    String(r.commitments),
    String(Math.round(r.ms)),
    r.note,
  ]);
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((row) => row[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * A transcript file as text: UTF-8 as it is, another encoding decoded (chardet tells it,
 * iconv-lite decodes it) with a warning naming it; throws (saying why, and what the encoding
 * looks like) for binary data or an encoding that is not a clear guess.
 */
export function readTranscript(file: string): DecodedTranscript {
  return decodeTranscript(readFileSync(file));
}
