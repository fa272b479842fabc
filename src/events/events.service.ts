import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, EntityManager } from 'typeorm';
import { PendingEvents } from './domain-events';
import { Accept, EventStream } from './event-stream';
import { closePubSub, PUB_SUB, transportOf } from './pub-sub.provider';

@Injectable()
export class EventsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Events');
  /** The open streams of this instance, by trigger. */
  private readonly streams = new Map<string, Set<EventStream<unknown, unknown>>>();

  constructor(
    @Inject(PUB_SUB) readonly pubSub: PubSubEngine,
    private readonly dataSource: DataSource,
  ) {}

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
   * `accept` turns each payload into what the subscriber receives, or null to skip it.
   */
  async stream<P, T>(trigger: string, accept: Accept<P, T>): Promise<AsyncIterableIterator<T>> {
    const open = this.streams.get(trigger) ?? new Set();
    this.streams.set(trigger, open);
    const stream: EventStream<P, T> = await EventStream.open(this.pubSub, trigger, accept, () => open.delete(stream as EventStream<unknown, unknown>));
    open.add(stream as EventStream<unknown, unknown>);
    return stream;
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
    await closePubSub(this.pubSub);
  }
}
