/** What a FanOut hands payloads to (an EventStream). */
export interface FanOutSubscriber<P> {
  push(payload: P): void;
}

/**
 * One bus subscription per trigger on this instance, handing each payload to every local
 * subscriber in batches: after each `batch` subscribers it yields to the event loop
 * (setImmediate), so one event with thousands of subscribers never holds the server for long.
 * Payloads are handed out one after the other, so every subscriber sees them in the order
 * they came; the first batch of a payload is handed out at once.
 */
export class FanOut<P> {
  private readonly subscribers = new Set<FanOutSubscriber<P>>();
  private readonly pending: P[] = [];
  private dispatching = false;

  constructor(private readonly batch: number) {}

  add(subscriber: FanOutSubscriber<P>): void {
    this.subscribers.add(subscriber);
  }

  delete(subscriber: FanOutSubscriber<P>): void {
    this.subscribers.delete(subscriber);
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Payloads waiting to be handed out (their turn comes after the one being handed out). */
  get backlog(): number {
    return this.pending.length;
  }

  publish(payload: P): void {
    this.pending.push(payload);
    if (!this.dispatching) void this.dispatch();
  }

  private async dispatch(): Promise<void> {
    this.dispatching = true;
    try {
      while (this.pending.length) {
        const payload = this.pending.shift()!;
        let handed = 0;
        // Those subscribed when the payload's turn came, less those gone meanwhile.
        for (const subscriber of [...this.subscribers]) {
          if (handed > 0 && handed % this.batch === 0) await new Promise<void>((resolve) => setImmediate(resolve));
          if (!this.subscribers.has(subscriber)) continue;
          subscriber.push(payload);
          handed++;
        }
      }
    } finally {
      this.dispatching = false;
    }
  }
}
