/**
 * Parsing in worker threads, so that a bulk ingest parses the next briefings while the main
 * thread writes the current one (parsing is pure and about half the work). No Nest, no database.
 *
 * A pool never decides an outcome: when a worker fails or dies, `parse` resolves to null and the
 * caller parses on its own thread, where the same text fails (or succeeds) exactly as it would
 * without the pool.
 */
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
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
 * `npm run cli`, tests), as TypeScript that the worker compiles with its own ts-node: a worker
 * thread has a module loader of its own and does not inherit the main thread's hooks.
 */
function spawn(): Worker {
  const ext = extname(__filename);
  const entry = join(__dirname, `parse-worker${ext}`);
  if (ext !== '.ts') return new Worker(entry);
  const tsNode = require.resolve('ts-node');
  const bootstrap = `require(${JSON.stringify(tsNode)}).register({ transpileOnly: true, projectSearchDir: ${JSON.stringify(__dirname)} });
require(${JSON.stringify(entry)});`;
  return new Worker(bootstrap, { eval: true });
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
