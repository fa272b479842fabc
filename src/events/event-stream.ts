import { PubSubEngine } from 'graphql-subscriptions';

/**
 * What one subscriber makes of a payload: the value to send (an entity loaded by the
 * payload's id, say), or null to skip it (filtered out, or its row is already gone).
 */
export type Accept<P, T> = (payload: P) => Promise<T | null> | T | null;

const END = Symbol('end');

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
  private release: () => void = () => {};

  private constructor(
    private readonly accept: Accept<P, T>,
    private readonly onClose: () => void,
  ) {}

  static async open<P, T>(pubSub: PubSubEngine, trigger: string, accept: Accept<P, T>, onClose: () => void = () => {}): Promise<EventStream<P, T>> {
    const stream = new EventStream<P, T>(accept, onClose);
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

  private push(payload: P): void {
    if (this.closed) return;
    const pull = this.pulls.shift();
    if (pull) pull(payload);
    else this.queued.push(payload);
  }
}
