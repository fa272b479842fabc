import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from '../config/socket-limits';
import { PendingEvents } from './domain-events';
import { Accept, EventStream } from './event-stream';
import { FanOut } from './fan-out';
import { closePubSub, PUB_SUB, transportOf } from './pub-sub.provider';

/** One trigger's subscription to the bus and the local streams it feeds. */
interface Feed {
  fanOut: FanOut<unknown>;
  subscribed: Promise<number>;
}

@Injectable()
export class EventsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Events');
  /** The open streams of this instance, by trigger. */
  private readonly streams = new Map<string, Set<EventStream<unknown, unknown>>>();
  /** One bus subscription per trigger, fanned out to the streams (made with the first stream). */
  private readonly feeds = new Map<string, Feed>();
  private fanOutBatch: number = DEFAULT_SOCKET_LIMITS.fanOutBatch;
  private maxQueuedEvents: number = DEFAULT_SOCKET_LIMITS.maxQueuedEvents;

  constructor(
    @Inject(PUB_SUB) readonly pubSub: PubSubEngine,
    private readonly dataSource: DataSource,
  ) {}

  /** The fan-out's bounds (WS_FANOUT_BATCH, WS_MAX_QUEUED_EVENTS), set by the server's SocketGovernor; the CLI keeps the defaults. */
  configureFanOut(limits: Pick<SocketLimits, 'fanOutBatch' | 'maxQueuedEvents'>): void {
    this.fanOutBatch = limits.fanOutBatch;
    this.maxQueuedEvents = limits.maxQueuedEvents;
  }

  /** `redis` when REDIS_URL is set (instances share the bus), else `in-process`. */
  get transport(): 'in-process' | 'redis' {
    return transportOf(this.pubSub);
  }

  /**
   * Runs work in one transaction and publishes the events it raised once it has committed.
   * If the work throws, the transaction rolls back and nothing is published. The change is
   * committed by then, so a failure to publish is logged, not reported to the caller.
   */
  async transaction<T>(work: (em: EntityManager, events: PendingEvents) => Promise<T>): Promise<T> {
    const events = new PendingEvents();
    const result = await this.dataSource.transaction((em) => work(em, events));
    await events.publish(this.pubSub, (error, trigger) =>
      this.logger.error(`could not publish ${trigger}: ${error instanceof Error ? error.message : String(error)}`),
    );
    return result;
  }

  /**
   * A live subscription to one trigger on this instance, subscribed when the promise resolves.
   * `accept` turns each payload into what the subscriber receives, or null to skip it. The
   * instance listens to the bus once per trigger and hands each payload to its streams in
   * batches (FanOut); a stream more than WS_MAX_QUEUED_EVENTS behind ends (SlowConsumerError).
   */
  async stream<P, T>(trigger: string, accept: Accept<P, T>): Promise<AsyncIterableIterator<T>> {
    const feed = await this.feedOf(trigger);
    const open = this.streams.get(trigger) ?? new Set();
    this.streams.set(trigger, open);
    const stream: EventStream<P, T> = new EventStream<P, T>(
      accept,
      () => {
        open.delete(stream as EventStream<unknown, unknown>);
        feed.fanOut.delete(stream as EventStream<unknown, unknown>);
      },
      this.maxQueuedEvents,
    );
    open.add(stream as EventStream<unknown, unknown>);
    feed.fanOut.add(stream as EventStream<unknown, unknown>);
    return stream;
  }

  /** Hands a payload to this instance's subscribers of a trigger as if it came from the bus (tests). */
  deliver(trigger: string, payload: unknown): void {
    this.feeds.get(trigger)?.fanOut.publish(payload);
  }

  private async feedOf(trigger: string): Promise<Feed> {
    let feed = this.feeds.get(trigger);
    if (!feed) {
      const fanOut = new FanOut<unknown>(this.fanOutBatch);
      feed = { fanOut, subscribed: this.pubSub.subscribe(trigger, (payload: unknown) => fanOut.publish(payload), {}) };
      this.feeds.set(trigger, feed);
      // Not subscribed (Redis down): the next stream tries again.
      feed.subscribed.catch(() => this.feeds.delete(trigger));
    }
    await feed.subscribed;
    return feed;
  }

  /** Open subscriptions to a trigger on this instance (a test waits for its subscriber with it). */
  subscriberCount(trigger: string): number {
    return this.streams.get(trigger)?.size ?? 0;
  }

  asyncIterator<T>(trigger: string): AsyncIterableIterator<T> {
    return this.pubSub.asyncIterableIterator<T>(trigger);
  }

  /** Ends the open subscriptions (unsubscribing while Redis is still connected), then closes Redis. */
  async onApplicationShutdown(): Promise<void> {
    for (const open of this.streams.values()) for (const stream of [...open]) stream.close();
    for (const feed of this.feeds.values()) await feed.subscribed.then((id) => this.pubSub.unsubscribe(id)).catch(() => undefined);
    this.feeds.clear();
    await closePubSub(this.pubSub);
  }
}
