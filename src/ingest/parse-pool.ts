/**
 * Parsing in worker threads, so that a bulk ingest parses the next briefings while the main
 * thread writes the current one (parsing is pure and about half the work). No Nest, no database.
 *
 * A pool never decides an outcome: when a worker fails or dies, `parse` resolves to null and the
 * caller parses on its own thread, where the same text fails (or succeeds) exactly as it would
 * without the pool.
 */
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IngestOptions, ParsedBriefing } from './ingest.types';
import type { ParseJob, ParseReply } from './parse-worker';

interface Pending {
  resolve: (parsed: ParsedBriefing | null) => void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
}

/** One worker fewer than the cores (the main thread writes), at least one, at most four. */
export function defaultParseWorkers(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/**
 * The worker's entry, as a file under the compiled build (dist/) or, under ts-node (the CLI's
 * `npm run cli`, tests), as TypeScript: a worker thread has a module loader of its own and does
 * not inherit the main thread's hooks.
 */
function spawn(): Worker {
  const ext = extname(__filename);
  const entry = join(__dirname, `parse-worker${ext}`);
  if (ext !== '.ts') return new Worker(entry);
  const compiled = compiledHere(entry);
  if (compiled) {
    // the parser as this thread's ts-node compiled it: a file missing from it fails the worker,
    // and the pool's callers parse on their own thread
    const bootstrap = `const compiled = require('node:worker_threads').workerData;
require.extensions['.ts'] = (module, file) => {
  if (!(file in compiled)) throw new Error('parse worker: ' + file + ' was not compiled for it');
  module._compile(compiled[file], file);
};
require(${JSON.stringify(entry)});`;
    return new Worker(bootstrap, { eval: true, workerData: compiled });
  }
  // no ts-node on this thread (jest compiles with ts-jest): the worker compiles with its own
  const tsNode = require.resolve('ts-node');
  const bootstrap = `require(${JSON.stringify(tsNode)}).register({ transpileOnly: true, projectSearchDir: ${JSON.stringify(__dirname)} });
require(${JSON.stringify(entry)});`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * Under ts-node, the worker's modules (the entry and the relative imports it reaches: the pure
 * parser) compiled by this thread's ts-node, whose TypeScript is loaded and warm: a worker that
 * loads TypeScript and compiles them itself spends about two seconds of CPU before its first parse.
 */
function compiledHere(entry: string): Record<string, string> | null {
  const service = (process as unknown as Record<symbol, { compile?: (code: string, file: string) => string } | undefined>)[Symbol.for('ts-node.register.instance')];
  if (!service?.compile) return null;
  const compiled: Record<string, string> = {};
  const pending = [entry];
  while (pending.length) {
    const file = pending.pop()!;
    if (file in compiled || !existsSync(file)) continue;
    const source = readFileSync(file, 'utf8');
    compiled[file] = service.compile(source, file);
    for (const m of source.matchAll(/from '(\.{1,2}\/[^']+)'/g)) pending.push(join(dirname(file), `${m[1]}.ts`));
  }
  return compiled;
}

export class ParsePool {
  private readonly workers: PoolWorker[] = [];
  private nextId = 1;
  /** Texts the workers have parsed (failures not counted). */
  parsed = 0;
  /** Threads started. */
  readonly started: number;

  /** `size` worker threads; 0 makes a pool that parses nothing (every `parse` resolves to null). */
  constructor(size: number) {
    this.started = size;
    for (let i = 0; i < size; i++) this.start();
  }

  /** Worker threads still alive. */
  get size(): number {
    return this.workers.filter((w) => w.alive).length;
  }

  /** The text parsed in a worker, or null when no worker could (the caller then parses it itself). */
  parse(text: string, options: IngestOptions): Promise<ParsedBriefing | null> {
    const live = this.workers.filter((w) => w.alive);
    if (!live.length) return Promise.resolve(null);
    // the least busy worker
    const target = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise((resolve) => {
      target.pending.set(id, { resolve });
      const job: ParseJob = { id, text, options };
      try {
        target.worker.postMessage(job);
      } catch {
        target.pending.delete(id);
        resolve(null);
      }
    });
  }

  async close(): Promise<void> {
    const all = this.workers.splice(0);
    for (const w of all) this.retire(w);
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  private start(): void {
    const w: PoolWorker = { worker: spawn(), pending: new Map(), alive: true };
    w.worker.on('message', (reply: ParseReply) => {
      const pending = w.pending.get(reply.id);
      if (!pending) return;
      w.pending.delete(reply.id);
      if ('parsed' in reply) this.parsed++;
      pending.resolve('parsed' in reply ? reply.parsed : null);
    });
    // a crashed or exited worker answers nothing more: its jobs fall back to the caller
    w.worker.on('error', () => this.retire(w));
    w.worker.on('exit', () => this.retire(w));
    this.workers.push(w);
  }

  private retire(w: PoolWorker): void {
    w.alive = false;
    for (const p of w.pending.values()) p.resolve(null);
    w.pending.clear();
  }
}
