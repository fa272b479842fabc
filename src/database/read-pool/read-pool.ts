import { Worker } from 'node:worker_threads';
import { READ_WORKER_SOURCE } from './read-worker-source';

export interface ReadPoolOptions {
  /** The SQLite database file (WAL mode), opened read-only by each worker. */
  file: string;
  /** Worker threads at most; each is started when first needed. */
  size: number;
  busyTimeoutMs: number;
  /** Each worker's JavaScript heap: a read that would exhaust it ends that worker, not the server. */
  maxHeapMb?: number;
  /** Tests only: the workers define test_sleep(ms). */
  testFunctions?: boolean;
}

type Row = Record<string, unknown>;

interface Job {
  id: number;
  sql: string;
  params: unknown[];
  resolve: (rows: Row[]) => void;
  reject: (error: Error) => void;
  timeout: () => Error;
  timer: NodeJS.Timeout | null;
  slot: Slot | null;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/** An error a worker's SQLite statement raised, with SQLite's code (as better-sqlite3 gives it). */
export class ReadPoolError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Worker threads, each with its own read-only better-sqlite3 connection to the same file, that
 * run the reads too long for the event loop (search, history reads, big aggregates): the caller
 * awaits a promise while the main thread serves others. Every read has a deadline: one still
 * waiting for a worker then is dropped, and one still running ends its worker (terminated, a new
 * one started on demand), so a runaway statement stops when its request's budget is spent.
 * Reads wait in arrival order for a free worker.
 */
export class ReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Reads answered, and reads stopped at their deadline (a worker ended for each running one). */
  readonly stats = { done: 0, stopped: 0, workersStarted: 0 };

  constructor(private readonly options: ReadPoolOptions) {}

  /** Reads running in a worker now. */
  get running(): number {
    return this.slots.filter((s) => s.job).length;
  }

  /** Reads waiting for a worker. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * The rows of one SELECT (positional `?` parameters), as better-sqlite3's Statement.all gives
   * them; rejected with `timeout()` at `deadlineAt` (epoch ms; Infinity: none).
   */
  all<T = Row>(sql: string, params: readonly unknown[], deadlineAt: number, timeout: () => Error): Promise<T[]> {
    if (this.closed) return Promise.reject(new ReadPoolError('the read pool is closed'));
    return new Promise<T[]>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        sql,
        // better-sqlite3 binds no booleans: 0/1, as TypeORM's query runner does.
        params: params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)),
        resolve: resolve as (rows: Row[]) => void,
        reject,
        timeout,
        timer: null,
        slot: null,
      };
      if (Number.isFinite(deadlineAt)) job.timer = setTimeout(() => this.expire(job), Math.max(0, deadlineAt - Date.now()));
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Ends every worker; reads still waiting or running are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new ReadPoolError('the read pool is closed');
    for (const job of this.queue.splice(0)) this.settle(job, error);
    const slots = this.slots.splice(0);
    for (const slot of slots) if (slot.job) this.settle(slot.job, error);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length && !this.closed) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.options.size) return;
        slot = this.spawn();
      }
      const job = this.queue.shift()!;
      slot.job = job;
      job.slot = slot;
      slot.worker.postMessage({ id: job.id, sql: job.sql, params: job.params });
    }
  }

  private spawn(): Slot {
    const { file, busyTimeoutMs, maxHeapMb = 64, testFunctions = false } = this.options;
    const worker = new Worker(READ_WORKER_SOURCE, {
      eval: true,
      workerData: { file, busyTimeoutMs, testFunctions, betterSqlite3: require.resolve('better-sqlite3') },
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    // A worker never keeps the process alive on its own.
    worker.unref();
    const slot: Slot = { worker, job: null };
    this.slots.push(slot);
    this.stats.workersStarted++;
    worker.on('message', (message: { id?: number; rows?: Row[]; error?: { message: string; code?: string } }) => {
      const job = slot.job;
      if (message.id === undefined || !job || job.id !== message.id) return;
      slot.job = null;
      if (message.error) this.settle(job, new ReadPoolError(message.error.message, message.error.code));
      else {
        this.stats.done++;
        this.settle(job, null, withBuffers(message.rows!));
      }
      this.dispatch();
    });
    // A worker that fails (out of its heap, a crash) fails its read; the next read starts another.
    const lost = (error: Error) => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      this.slots.splice(at, 1);
      if (slot.job) this.settle(slot.job, error);
      slot.job = null;
      this.dispatch();
    };
    worker.on('error', (error) => lost(new ReadPoolError(`read worker failed: ${error.message}`, (error as { code?: string }).code)));
    worker.on('exit', (code) => lost(new ReadPoolError(`read worker exited (${code})`)));
    return slot;
  }

  /** The deadline: a waiting read leaves the queue; a running one ends its worker. */
  private expire(job: Job): void {
    job.timer = null;
    this.stats.stopped++;
    const slot = job.slot;
    if (!slot) {
      const at = this.queue.indexOf(job);
      if (at >= 0) this.queue.splice(at, 1);
    } else {
      const at = this.slots.indexOf(slot);
      if (at >= 0) this.slots.splice(at, 1);
      slot.job = null;
      void slot.worker.terminate();
    }
    this.settle(job, job.timeout());
    this.dispatch();
  }

  private settle(job: Job, error: Error | null, rows?: Row[]): void {
    if (job.timer) clearTimeout(job.timer);
    job.timer = null;
    if (error) job.reject(error);
    else job.resolve(rows!);
  }
}

/** Blobs come back from a worker as Uint8Array (structured clone): Buffers again, as on the main connection. */
function withBuffers(rows: Row[]): Row[] {
  for (const row of rows) {
    for (const key in row) {
      const value = row[key];
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) row[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return rows;
}
