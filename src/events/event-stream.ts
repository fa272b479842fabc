import { PubSubEngine } from 'graphql-subscriptions';

/**
 * What one subscriber makes of a payload: the value to send (an entity loaded by the
 * payload's id, say), or null to skip it (filtered out, or its row is already gone).
 */
export type Accept<P, T> = (payload: P) => Promise<T | null> | T | null;

const END = Symbol('end');

/**
 * A subscriber that fell more than its bound behind (it reads slower than events come): its
 * stream ends with this error, and the socket that holds it is closed (4413), so a slow
 * consumer cannot grow the server's memory.
 */
export class SlowConsumerError extends Error {
  constructor(readonly maxQueued: number) {
    super(`Slow consumer: more than ${maxQueued} events waiting for this subscription`);
    this.name = 'SlowConsumerError';
  }
}

/**
 * One subscription to one trigger of the bus, as the async iterator a GraphQL subscription
 * returns. It is subscribed BEFORE open() resolves, so a change published after that reaches
 * it; payloads that arrive while the consumer is busy wait in order; return() unsubscribes at
 * once, even while a next() is pending (an async generator would wait for the next payload).
 */
export class EventStream<P, T> implements AsyncIterableIterator<T> {
  private readonly queued: P[] = [];
  private readonly pulls: ((payload: P | typeof END) => void)[] = [];
  private closed = false;
  private overflowed = false;
  private release: () => void = () => {};

  /**
   * A stream fed by push() (a FanOut's subscriber); at most `maxQueued` payloads wait for
   * the consumer, one more ends the stream with a SlowConsumerError.
   */
  constructor(
    private readonly accept: Accept<P, T>,
    private readonly onClose: () => void = () => {},
    private readonly maxQueued = Infinity,
  ) {}

  /** A stream with its own subscription to the bus (one bus listener per stream). */
  static async open<P, T>(pubSub: PubSubEngine, trigger: string, accept: Accept<P, T>, onClose: () => void = () => {}, maxQueued = Infinity): Promise<EventStream<P, T>> {
    const stream = new EventStream<P, T>(accept, onClose, maxQueued);
    const id = await pubSub.subscribe(trigger, (payload: P) => stream.push(payload), {});
    stream.release = () => pubSub.unsubscribe(id);
    return stream;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  async next(): Promise<IteratorResult<T>> {
    while (!this.closed) {
      const payload = this.queued.length ? this.queued.shift()! : await new Promise<P | typeof END>((resolve) => this.pulls.push(resolve));
      if (payload === END) break;
      let value: T | null;
      try {
        value = await this.accept(payload);
      } catch (error) {
        this.close();
        throw error;
      }
      if (value !== null && value !== undefined && !this.closed) return { value, done: false };
    }
    if (this.overflowed) {
      this.overflowed = false;
      throw new SlowConsumerError(this.maxQueued);
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Unsubscribes (once), ends pending next() calls and drops what was waiting. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queued.length = 0;
    for (const pull of this.pulls.splice(0)) pull(END);
    try {
      this.release();
    } finally {
      this.onClose();
    }
  }

  /** Payloads waiting for the consumer. */
  get backlog(): number {
    return this.queued.length;
  }

  /** Hands the stream a payload (in order); past the queue's bound the stream ends with a SlowConsumerError. */
  push(payload: P): void {
    if (this.closed) return;
    const pull = this.pulls.shift();
    if (pull) pull(payload);
    else if (this.queued.length < this.maxQueued) this.queued.push(payload);
    else {
      // The consumer is told at its next pull; nothing more is kept for it meanwhile.
      this.overflowed = true;
      this.close();
    }
  }
}
