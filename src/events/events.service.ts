import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, EntityManager } from 'typeorm';
import { PendingEvents } from './domain-events';
import { closePubSub, PUB_SUB } from './pub-sub.provider';

@Injectable()
export class EventsService implements OnApplicationShutdown {
  constructor(
    @Inject(PUB_SUB) readonly pubSub: PubSubEngine,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Runs work in one transaction and publishes the events it raised once it has committed.
   * If the work throws, the transaction rolls back and nothing is published.
   */
  async transaction<T>(work: (em: EntityManager, events: PendingEvents) => Promise<T>): Promise<T> {
    const events = new PendingEvents();
    const result = await this.dataSource.transaction((em) => work(em, events));
    await events.publish(this.pubSub);
    return result;
  }

  asyncIterator<T>(trigger: string): AsyncIterableIterator<T> {
    return this.pubSub.asyncIterableIterator<T>(trigger);
  }

  async onApplicationShutdown(): Promise<void> {
    await closePubSub(this.pubSub);
  }
}
